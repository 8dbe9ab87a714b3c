"""iCalendar (RFC 5545, `.ics`), read and written with the `icalendar` library.

Read: each VEVENT's SUMMARY, DESCRIPTION, DTSTART/DTEND (with their TZID), LOCATION, CATEGORIES and UID. Written:
the whole programme, one room, or an attendee's own agenda, with the programme's time zone (and its VTIMEZONE),
so it opens in any calendar app at the right hour. The speakers ride along in the description and in an
`X-EVENTS-SPEAKERS` property, which brings them back when the file is read here again.

    agenda = read(data)
    ics_bytes = write(agenda, "Harbourline Tech Summit 2026", session_ids=["S02", "S17"])
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pandas as pd
from icalendar import Calendar, Event

from core.agenda.formats.common import MAX_EVENTS, Copy, ProgrammeError, build, is_fixed, wall_clock, zone_of
from core.agenda.sessions import Agenda
from core.readers import Format

FORMAT = Format("iCalendar", ("ics",))
SPEAKERS = "X-EVENTS-SPEAKERS"
COPY_STATUS = "X-EVENTS-COPY-STATUS"  # where the description's written copy stands
AI_ASSISTED = "X-EVENTS-AI-ASSISTED"  # TRUE: no person edited or approved it


def looks_like(data: bytes) -> bool:
    return data[:2000].lstrip(b"\xef\xbb\xbf \r\n\t").upper().startswith(b"BEGIN:VCALENDAR")


def read(data: bytes) -> Agenda:
    notes: list[str] = []
    text = data.decode("utf-8", errors="replace")
    # the calendar library parses a whole file at once: cut it after the capped number of events first
    ends = [m.end() for m in re.finditer(r"END:VEVENT\r?\n", text)]
    if len(ends) > MAX_EVENTS:
        notes.append(f"The file has {len(ends):,} events; only the first {MAX_EVENTS:,} are used (the row limit).")
        text = text[:ends[MAX_EVENTS - 1]] + "END:VCALENDAR\r\n"
    try:
        calendar = Calendar.from_ical(text)
    except (ValueError, IndexError, KeyError) as exc:
        raise ProgrammeError(f"The calendar file could not be read ({str(exc)[:120]}).") from None
    zones = [str(z.get("TZID")) for z in calendar.walk("VTIMEZONE") if z.get("TZID")]
    zone_name = str(calendar.get("X-WR-TIMEZONE") or (zones[0] if zones else "")) or None
    records = [_record(event, zone_of(zone_name)) for event in calendar.walk("VEVENT")]
    if zone_name is None and any(r.pop("_utc", False) for r in records):
        zone_name = "UTC"
    for r in records:
        r.pop("_utc", None)
    return build(records, FORMAT.label, zone_name if zone_of(zone_name) else None, {}, notes)


def _moment(event, name: str):
    value = event.get(name)
    return value.dt if value is not None else None


def _record(event, zone) -> dict:
    start, end = _moment(event, "DTSTART"), _moment(event, "DTEND")
    if end is None and start is not None and event.get("DURATION") is not None:
        end = start + event.get("DURATION").dt
    utc = isinstance(start, datetime) and start.tzinfo is not None and start.utcoffset() == timedelta(0)
    # the programme's zone, else (a calendar that names none) the event's own zone
    own = zone or (start.tzinfo if isinstance(start, datetime) else None)
    categories = event.get("CATEGORIES")
    tracks = categories.cats if categories is not None and hasattr(categories, "cats") else []
    description = str(event.get("DESCRIPTION") or "")
    speakers = str(event.get(SPEAKERS) or "")
    if speakers:  # our own export: the first line of the description names them
        description = description.removeprefix(f"With {speakers}.").lstrip("\n")
    return {"session_id": str(event.get("UID") or ""), "title": str(event.get("SUMMARY") or ""),
            "abstract": description, "speakers": speakers, "format": "", "track": ", ".join(map(str, tracks)),
            "room": str(event.get("LOCATION") or ""),
            "start": wall_clock(start, own) if isinstance(start, datetime) else None,
            "end": wall_clock(end, own) if isinstance(end, datetime) else None,
            "language": "", "level": "", "bios": {}, "kind": "", "_utc": utc}


def write(agenda: Agenda, title: str, session_ids=None, room: str | None = None,
          copy: dict[str, Copy] | None = None) -> bytes:
    """A calendar of the timetable: every session with a time, or only `session_ids`, or only one `room`.
    Written copy (session id -> Copy) replaces the abstract in the description, its status and AI-assisted label
    in properties of their own."""
    copy = copy or {}
    zone = zone_of(agenda.timezone)
    s = agenda.sessions[agenda.sessions["start"].notna() & agenda.sessions["end"].notna()]
    if session_ids is not None:
        s = s[s["session_id"].isin(list(session_ids))]
    if room is not None:
        s = s[s["room"] == room]
    calendar = Calendar()
    calendar.add("prodid", "-//Events LLM Dashboard//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", title + (f" · {room}" if room else ""))
    if agenda.timezone and not is_fixed(zone):
        calendar.add("x-wr-timezone", agenda.timezone)
    stamp = datetime.now(timezone.utc).replace(microsecond=0)
    for row in s.itertuples():
        event = Event()
        event.add("uid", row.session_id)
        event.add("dtstamp", stamp)
        event.add("summary", row.title)
        event.add("dtstart", _zoned(row.start, zone))
        event.add("dtend", _zoned(row.end, zone))
        if row.room:
            event.add("location", row.room)
        if row.track:
            event.add("categories", [row.track])
        if row.speakers:
            event.add(SPEAKERS, row.speakers)
        written = copy.get(row.session_id)
        event.add("description", (f"With {row.speakers}.\n\n" if row.speakers else "")
                  + (written.text if written else row.abstract))
        if written:
            event.add(COPY_STATUS, written.status)
            event.add(AI_ASSISTED, "TRUE" if written.ai_assisted else "FALSE")
        calendar.add_component(event)
    if zone is not None and not is_fixed(zone):
        calendar.add_missing_timezones()  # a VTIMEZONE per zone used, as RFC 5545 asks of a TZID
    return calendar.to_ical()


def _zoned(moment, zone) -> datetime:
    """A wall-clock time in the programme's zone (UTC when the programme names none). A fixed offset, which no
    VTIMEZONE names, is written as the same instant in UTC."""
    value = pd.Timestamp(moment).to_pydatetime().replace(tzinfo=zone or timezone.utc)
    return value.astimezone(timezone.utc) if is_fixed(zone) else value
