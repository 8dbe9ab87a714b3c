"""What every programme format shares: the records a reader builds, turned into an `Agenda` by the same rules as
a mapped table (`core.agenda.sessions.normalise`); wall-clock times in the programme's zone; ids, slugs and
durations as the c3voc schedule format spells them."""
from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pandas as pd

from core.agenda.sessions import COLUMNS, Agenda, bios_json, tidy, without_titleless
from core.readers import UPLOAD_CAPS

MAX_EVENTS = UPLOAD_CAPS.rows  # the upload row cap: a programme is an upload like any other
NAMESPACE = uuid.UUID("3e2c0a4b-6c8e-4f5e-9b1d-0d1e5f6a7b8c")  # our ids as UUIDs: uuid5(NAMESPACE, id)
CODE = re.compile(r"[A-Z0-9]+")
SCHEDULE_VERSION = "1.0"  # the version our frab JSON and XML exports both state
UUID = re.compile(r"[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")


@dataclass(frozen=True)
class Copy:
    """A piece of copy written for a session, as exports carry it: the text, where it stands ("approved by the
    speaker", "written by the model", …) and whether no person edited or approved it. Formats with room for it
    (a column, an attribute, a property) carry the status and the label beside the text, never inside it."""
    text: str
    status: str
    ai_assisted: bool


class ProgrammeError(ValueError):
    """A programme file that cannot be read; the message says why, in words an organiser can act on."""


FIXED_ZONE = re.compile(r"UTC([+-])(\d{2}):(\d{2})")  # a programme that names no zone, but one offset throughout


def zone_of(name: str | None) -> tzinfo | None:
    """Example: "Europe/Berlin" -> ZoneInfo("Europe/Berlin"); "UTC+01:00" -> a fixed offset of one hour; None or
    an unknown name -> None"""
    fixed = FIXED_ZONE.fullmatch(name or "")
    if fixed:
        sign, hours, minutes_ = fixed.groups()
        offset = timedelta(hours=int(hours), minutes=int(minutes_)) * (-1 if sign == "-" else 1)
        return timezone(offset, name) if abs(offset) < timedelta(hours=24) else None
    try:
        return ZoneInfo(name) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def is_fixed(zone: tzinfo | None) -> bool:
    return isinstance(zone, timezone)


def iana_name(name: str | None) -> str:
    """The zone's name for files that expect an IANA name: a fixed whole-hour offset as "Etc/GMT-1" (the sign is
    POSIX's, inverted), any other fixed offset as "UTC"; no zone as "UTC"."""
    fixed = FIXED_ZONE.fullmatch(name or "")
    if fixed:
        sign, hours, minutes_ = fixed.groups()
        return f"Etc/GMT{'-' if sign == '+' else '+'}{int(hours)}" if minutes_ == "00" and int(hours) else "UTC"
    return name or "UTC"


def implied_zone(values: list) -> tuple[str | None, list[str]]:
    """For a programme that names no zone: the zone its times' offsets imply, and what to tell the organiser.
    One offset throughout: that fixed offset ("UTC+01:00"), so the wall clock stays as written. Several (a
    daylight-saving switch): UTC, so every instant stays right. No offsets: None, times as written."""
    offsets = {m.group(0) for v in values if isinstance(v, str) and (m := OFFSET_PATTERN.search(v.strip()))}
    if not offsets:
        return None, []
    normal = {"+00:00" if o in ("Z", "+0000", "-00:00") else (o if ":" in o else f"{o[:3]}:{o[3:]}") for o in offsets}
    if len(normal) == 1:
        name = "UTC" if normal == {"+00:00"} else "UTC" + normal.pop()
        return name, [f"The programme names no time zone; its times carry the offset {name[3:] or '+00:00'}, "
                      f"so they are kept on that clock ({name})."]
    return "UTC", [f"The programme names no time zone, and its times carry {len(normal)} different offsets "
                   f"({', '.join(sorted(normal))}, a daylight-saving switch): they are shown in UTC, so every "
                   "instant stays right. Name the zone in the programme tool to see local times."]


def settle_zone(zone_name: str | None, values: list, notes: list[str]) -> tuple[tzinfo | None, str | None]:
    """The zone a programme's times are read into, and its name as the Agenda keeps it; what the organiser should
    know goes into `notes`. A named zone wins (an unknown one: times as written); with none named, the offsets
    decide (`implied_zone`); offsets that contradict the named zone are trusted, as they fix the instants."""
    zone = zone_of(zone_name)
    if zone_name and zone is None:
        notes.append(f"The time zone “{zone_name}” is not known here; times are kept as written.")
        return None, None
    if zone_name is None:
        zone_name, said = implied_zone(values)
        notes.extend(said)
        return zone_of(zone_name), zone_name
    odd = offset_mismatches(values, zone)
    if odd:
        notes.append(f"{len(odd):,} time{'s carry offsets' if len(odd) != 1 else ' carries an offset'} that "
                     f"{zone_name} does not have on that date (first: {odd[0]}); the offsets were trusted, so "
                     f"every instant is right, and times are shown on {zone_name}'s clock.")
    return zone, zone_name


def offset_mismatches(values: list, zone: tzinfo | None) -> list[str]:
    """The times whose written offset the named zone does not have at that instant. Example: "…T11:30:00+00:00"
    in Europe/Berlin in June -> ["…T11:30:00+00:00"]"""
    if zone is None or is_fixed(zone):
        return []
    odd = []
    for value in values:
        if not (isinstance(value, str) and OFFSET_PATTERN.search(value.strip())):
            continue
        try:
            moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            continue
        if moment.utcoffset() != moment.astimezone(zone).utcoffset():
            odd.append(value)
    return odd


def wall_clock(value, zone: ZoneInfo | None) -> datetime | None:
    """A time as the programme's wall clock, without a zone: one with an offset or a zone is converted into the
    programme's zone; one without is taken as written. Example: "2020-12-14T09:00:00+01:00", Berlin -> 09:00"""
    if value is None or value == "":
        return None
    try:
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is not None and zone is not None:
        moment = moment.astimezone(zone)
    return moment.replace(tzinfo=None)


def minutes(duration: str | None) -> int | None:
    """Example: "01:30" -> 90, "0:45:00" -> 45, "bad" -> None"""
    match = re.fullmatch(r"\s*(\d+):(\d{2})(?::\d{2})?\s*", str(duration or ""))
    return int(match[1]) * 60 + int(match[2]) if match else None


def durations(values: list) -> pd.Series:
    """Many "HH:MM" durations at once; one that cannot be read becomes NaT. Example: ["01:30"] -> [90 minutes]"""
    # a programme has a handful of distinct lengths: each is read once
    known = {value: minutes(value) for value in set(map(str, values))}
    return pd.to_timedelta(pd.Series([known[str(v)] for v in values], dtype="float64"), unit="min")


def hhmm(delta: timedelta) -> str:
    """Example: 90 minutes -> "01:30" """
    total = int(delta.total_seconds() // 60)
    return f"{total // 60:02d}:{total % 60:02d}"


def slug(text: str, fallback: str = "session") -> str:
    """Lower case letters, digits and dashes. Example: "Pandas for Events!" -> "pandas-for-events" """
    out = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return out or fallback


def guid_of(session_id: str) -> str:
    """The session's UUID: itself when it is one, else a UUID made from it (the same every time)."""
    return session_id.lower() if UUID.fullmatch(session_id) else str(uuid.uuid5(NAMESPACE, session_id))


def session_id_of(code, guid, number) -> str:
    """The id a frab or pretalx event goes by here: its code, else its number when its guid is the one this app
    would have made from that number (our own export of a numeric id), else its guid, else its number."""
    if code:
        return str(code)
    if guid and number is not None and str(guid).lower() == guid_of(str(number)):
        return str(number)
    return str(guid or number or "")


def build(records: list[dict] | pd.DataFrame, source_format: str, timezone: str | None = None,
          capacity: dict[str, int] | None = None, notes: list[str] | None = None, clean: bool = False) -> Agenda:
    """An Agenda from a reader's records (FIELDS, start and end as wall-clock datetimes, bios as a dict, a kind),
    or the same as columns (`clean`: all of COLUMNS, already as `Agenda.sessions` keeps them), fixed by the rules
    every programme follows (`core.agenda.sessions.tidy`): no title, no session; repeated ids renumbered; times that
    run backwards dropped; long abstracts cut; each fix noted."""
    frame = records if isinstance(records, pd.DataFrame) else pd.DataFrame.from_records(records)
    if frame.empty:
        raise ProgrammeError("The file holds no sessions.")
    notes = list(notes or [])
    if clean:  # a reader that built every column itself: plain stripped strings, datetimes, bios as JSON text
        out = frame[COLUMNS]
    else:
        out = pd.DataFrame(index=frame.index)
        for name in COLUMNS:
            if name in ("start", "end"):
                out[name] = pd.to_datetime(frame[name], errors="coerce") if name in frame else pd.NaT
            elif name == "bios":
                out[name] = [bios_json(b) if isinstance(b, dict) else str(b or "") for b in frame[name]] \
                    if name in frame else ""
            elif name not in frame:
                out[name] = ""
            else:
                out[name] = frame[name].fillna("").astype(str).str.strip()
    out = tidy(without_titleless(out, notes), notes, times_given=True)
    if out.empty:
        raise ProgrammeError("The file holds no sessions with a title.")
    return Agenda(out.reset_index(drop=True), notes, None, {}, timezone, dict(capacity or {}), source_format)


OFFSET = r"(?:Z|[+-]\d{2}:?\d{2})$"
OFFSET_PATTERN = re.compile(OFFSET)


def wall_clocks(values: list, zone: ZoneInfo | None) -> pd.Series:
    """Many ISO times at once, as `wall_clock` reads one; a time that cannot be read becomes NaT.
    Example: ["2020-12-14T09:00:00+01:00", ""], UTC -> [2020-12-14 08:00, NaT]"""
    if zone is not None and values and all(isinstance(v, str) and len(v) > 6 and (v[-1] == "Z" or v[-6] in "+-")
                                           for v in values):
        # the usual case, every time with its offset (frab, pretalx): one vectorised parse
        moments = pd.to_datetime(pd.Series(values, dtype=object), utc=True, errors="coerce", format="ISO8601")
        return moments.dt.tz_convert(zone).dt.tz_localize(None).astype("datetime64[ns]")
    text = pd.Series([str(v) if v else "" for v in values], dtype=object)
    aware = text.str.contains(OFFSET, regex=True)
    out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    if aware.any():
        if zone is not None:  # offsets may differ (summer time): to UTC, then the programme's wall clock
            moments = pd.to_datetime(text[aware], utc=True, errors="coerce", format="ISO8601")
            out[aware] = moments.dt.tz_convert(zone).dt.tz_localize(None)
        else:  # a programme that names no zone: the wall clock as written
            out[aware] = pd.to_datetime(text[aware].str.replace(OFFSET, "", regex=True), errors="coerce",
                                        format="ISO8601")
    naive = ~aware & (text != "")
    if naive.any():
        out[naive] = pd.to_datetime(text[naive], errors="coerce", format="ISO8601")
    return out


def capped(items: list, notes: list[str], what: str = "events") -> list:
    """At most MAX_EVENTS items, with a note when more were there."""
    if len(items) > MAX_EVENTS:
        notes.append(f"The file has {len(items):,} {what}; only the first {MAX_EVENTS:,} are used (the row limit).")
        return items[:MAX_EVENTS]
    return items


def kind_of(event_type: str) -> str:
    """frab (JSON and XML) marks breaks and plenaries in the event's type. Example: "Break" -> "break", "Talk" -> "" """
    word = event_type.lower()
    return "break" if word in ("break", "pause", "lunch") else "plenary" if word in ("plenary", "plenum") else ""
