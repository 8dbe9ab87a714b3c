"""The agenda as one standard table, whatever tool exported it: columns guessed from their names, times read,
every fix said in plain words.

    agenda = normalise(frame, guess_mapping(list(frame.columns)))
    agenda.sessions.columns -> session_id, title, abstract, speakers, format, track, room, start, end
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

import orjson
import pandas as pd

from core.readers import clip_text, guess_column
from core.text_terms import speaker_list

# field -> column names used by Sessionize, Sched, pretalx and spreadsheets, most specific first
FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "session title", "name", "session name", "session"),
    "abstract": ("abstract", "description", "summary", "session description", "details"),
    "speakers": ("speakers", "speaker names", "speaker", "owner", "presenters"),
    "format": ("format", "session type", "event type", "event_type", "type"),
    "track": ("track", "category", "topic", "theme"),
    "room": ("room", "venue", "location", "stage", "hall"),
    "start": ("start", "starts at", "scheduled at", "start time", "event start", "event_start", "begin"),
    "end": ("end", "ends at", "end time", "event end", "event_end", "finish"),
    "session_id": ("session_id", "session id", "id", "code", "event key", "event_key"),
    "language": ("language", "lang", "session language"),
    "level": ("level", "difficulty", "audience level", "experience level"),
    "bios": ("speaker bios", "speaker bio", "bios", "bio", "biography", "about the speaker"),
}
# Guessed first: "Speaker bio" must not be taken for the speakers' names
GUESS_ORDER = ("bios", *[name for name in FIELDS if name != "bios"])
# Every column of `Agenda.sessions`: the fields above, and the kind of a session the programme tool knew
# ("break" for a service session such as lunch, "plenary" for one everyone attends, else ""): both stay put
# when a timetable is repaired.
COLUMNS = [*FIELDS, "kind"]
REQUIRED = ("title",)
TEXT_LIMIT = 3000  # characters embedded per session; abstracts are far shorter


@dataclass
class Agenda:
    sessions: pd.DataFrame  # COLUMNS: session_id, title, abstract, speakers, ..., start, end, language, ..., kind
    notes: list[str] = field(default_factory=list)
    source: pd.DataFrame | None = None  # the organiser's own rows, in the same order, for exports in their columns
    mapping: dict[str, str | None] = field(default_factory=dict)  # standard field -> their column
    timezone: str | None = None  # the zone the sessions' wall-clock times are in, e.g. "Europe/Berlin"
    capacity: dict[str, int] = field(default_factory=dict)  # room -> seats, where the programme says
    source_format: str = "table"  # "table" (mapped columns), "pretalx/frab JSON", "frab XML", "Sessionize JSON", …
    emails: dict[str, str] = field(default_factory=dict)  # speaker -> e-mail, where the format carries them

    def texts(self) -> list[str]:
        """What gets embedded: title and abstract together."""
        s = self.sessions
        return (s["title"] + ". " + s["abstract"]).str.strip(". ").tolist()


def guess_mapping(columns: list[str]) -> dict[str, str | None]:
    """Example: guess_mapping(["Title", "Description", "Scheduled At"])
    -> {"title": "Title", "abstract": "Description", "start": "Scheduled At", others: None}"""
    mapping, used = {}, set()
    for name in GUESS_ORDER:
        column = guess_column([c for c in columns if c not in used], FIELDS[name])
        mapping[name] = column
        if column:
            used.add(column)
    return {name: mapping[name] for name in FIELDS}


def _day_first(text: pd.Series) -> bool:
    """True when slash dates in the column can only be day/month (e.g. 13/06/2026)."""
    parts = text.str.extract(r"^(\d{1,2})[/.](\d{1,2})[/.]\d{2,4}").dropna().astype(int)
    return bool(len(parts)) and bool((parts[0] > 12).any()) and not bool((parts[1] > 12).any())


def _parse_times(values: pd.Series) -> tuple[pd.Series, int]:
    text = values.fillna("").astype(str).str.strip()
    # Keep the wall-clock time the organiser wrote; offsets would only shift what the page displays.
    text = text.str.replace(r"(?:Z|[+-]\d{2}:?\d{2})$", "", regex=True)
    parsed = pd.to_datetime(text, errors="coerce", format="mixed", dayfirst=_day_first(text))
    bad = int(((text != "") & parsed.isna()).sum())
    return parsed, bad


def normalise(frame: pd.DataFrame, mapping: dict[str, str | None]) -> Agenda:
    """Map user columns to the standard ones, and say in plain words what had to be fixed."""
    missing = [f for f in REQUIRED if not mapping.get(f)]
    if missing:
        raise ValueError(f"Choose a column for: {', '.join(missing)}.")
    notes: list[str] = []
    out = pd.DataFrame(index=frame.index)
    for name in FIELDS:
        column = mapping.get(name)
        out[name] = frame[column].fillna("").astype(str).str.strip() if column else ""
    out = without_titleless(out, notes)
    for name in ("start", "end"):
        out[name], bad = _parse_times(out[name])
        if bad:
            notes.append(f"{bad} {name} times could not be read and were left empty.")
    # a bio column of a spreadsheet is about the session's (first) speaker
    out["bios"] = [bios_json({(speaker_list(who) or [""])[0]: bio}) if bio else ""
                   for who, bio in zip(out["speakers"], out["bios"])]
    out["kind"] = ""
    out = tidy(out, notes, times_given=bool(mapping.get("start") or mapping.get("end")))
    source = frame.loc[out.index].reset_index(drop=True)
    return Agenda(out.reset_index(drop=True), notes, source, dict(mapping))


def without_titleless(out: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    empty = out["title"] == ""
    if empty.any():
        notes.append(f"{int(empty.sum())} rows without a title were skipped.")
        out = out[~empty]
    return out


def tidy(out: pd.DataFrame, notes: list[str], times_given: bool) -> pd.DataFrame:
    """The rules every programme follows, however it was read (sessions with titles, times parsed): abstracts
    cut to what is embedded, times that run backwards dropped, missing or repeated ids renumbered; each fix said
    in a note. The index is kept, so a caller can line the rows up with what it read."""
    out = out.copy()
    out["abstract"], clipped = clip_text(out["abstract"], TEXT_LIMIT)
    if clipped:
        notes.append(f"{clipped} very long abstracts were shortened to {TEXT_LIMIT:,} characters.")
    backwards = out["end"].notna() & out["start"].notna() & (out["end"] <= out["start"])
    if backwards.any():
        notes.append(f"{int(backwards.sum())} sessions end before they start; their times are ignored.")
        out.loc[backwards, ["start", "end"]] = pd.NaT
    ids = out["session_id"]
    if (ids == "").any() or ids.duplicated().any():
        if (ids != "").any():
            notes.append("Session ids were missing or repeated, so every session got a new id.")
        out["session_id"] = [f"S{i:03d}" for i in range(1, len(out) + 1)]
    if out["start"].isna().all() and times_given:
        notes.append("No usable times: clash detection and the personal agenda are switched off.")
    return out[COLUMNS]


def bios_json(bios: dict[str, str]) -> str:
    """Speakers' bios as the `bios` column keeps them. Example: {"Ana Costa": "Data lead."} -> '{"Ana Costa": …}'"""
    kept = {str(name): str(bio).strip() for name, bio in bios.items() if bio and str(bio).strip()}
    return orjson.dumps(kept).decode() if kept else ""


def bios_of(value: str) -> dict[str, str]:
    """The `bios` column back as speaker -> bio (an empty dict for none, or a value that is not ours)."""
    try:
        found = json.loads(value) if value else {}
    except (TypeError, ValueError):
        return {}
    return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else {}


def bios_text(value: str) -> str:
    """The bios as prose for a brief. Example: '{"Ana Costa": "Data lead."}' -> "Ana Costa: Data lead." """
    return " ".join(f"{name}: {bio}" if name else bio for name, bio in bios_of(value).items())


def from_event_agenda(frame: pd.DataFrame) -> Agenda:
    """The demo event's agenda already uses the standard columns."""
    return normalise(frame, {name: name if name in frame.columns else None for name in FIELDS})
