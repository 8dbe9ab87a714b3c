"""The agenda as one standard table, whatever tool exported it: columns guessed from their names, times read,
every fix said in plain words.

    agenda = normalise(frame, guess_mapping(list(frame.columns)))
    agenda.sessions.columns -> session_id, title, abstract, speakers, format, track, room, start, end
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from core.readers.table import clip_text, guess_column

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
}
REQUIRED = ("title",)
TEXT_LIMIT = 3000  # characters embedded per session; abstracts are far shorter


@dataclass
class Agenda:
    sessions: pd.DataFrame  # columns: session_id, title, abstract, speakers, format, track, room, start, end
    notes: list[str] = field(default_factory=list)
    source: pd.DataFrame | None = None  # the organiser's own rows, in the same order, for exports in their columns
    mapping: dict[str, str | None] = field(default_factory=dict)  # standard field -> their column

    def texts(self) -> list[str]:
        """What gets embedded: title and abstract together."""
        s = self.sessions
        return (s["title"] + ". " + s["abstract"]).str.strip(". ").tolist()


def guess_mapping(columns: list[str]) -> dict[str, str | None]:
    """Example: guess_mapping(["Title", "Description", "Scheduled At"])
    -> {"title": "Title", "abstract": "Description", "start": "Scheduled At", others: None}"""
    mapping, used = {}, set()
    for name, candidates in FIELDS.items():
        column = guess_column([c for c in columns if c not in used], candidates)
        mapping[name] = column
        if column:
            used.add(column)
    return mapping


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
    empty = out["title"] == ""
    if empty.any():
        notes.append(f"{int(empty.sum())} rows without a title were skipped.")
        out = out[~empty]
    out["abstract"], clipped = clip_text(out["abstract"], TEXT_LIMIT)
    if clipped:
        notes.append(f"{clipped} very long abstracts were shortened to {TEXT_LIMIT:,} characters.")
    for name in ("start", "end"):
        out[name], bad = _parse_times(out[name])
        if bad:
            notes.append(f"{bad} {name} times could not be read and were left empty.")
    backwards = out["end"].notna() & out["start"].notna() & (out["end"] <= out["start"])
    if backwards.any():
        notes.append(f"{int(backwards.sum())} sessions end before they start; their times are ignored.")
        out.loc[backwards, ["start", "end"]] = pd.NaT
    ids = out["session_id"]
    if (ids == "").any() or ids.duplicated().any():
        if (ids != "").any():
            notes.append("Session ids were missing or repeated, so every session got a new id.")
        out["session_id"] = [f"S{i:03d}" for i in range(1, len(out) + 1)]
    if out["start"].isna().all() and (mapping.get("start") or mapping.get("end")):
        notes.append("No usable times: clash detection and the personal agenda are switched off.")
    source = frame.loc[out.index].reset_index(drop=True)
    return Agenda(out.reset_index(drop=True), notes, source, dict(mapping))


def from_event_agenda(frame: pd.DataFrame) -> Agenda:
    """The demo event's agenda already uses the standard columns."""
    return normalise(frame, {name: name if name in frame.columns else None for name in FIELDS})
