"""pretalx and frab schedule JSON (https://c3voc.de/schedule/schema.json), read and written.

`schedule.conference.days[].rooms{room: [event]}`; each event has a guid, a code (pretalx) and/or an integer
id, its date with the zone's offset, a start and a duration ("HH:MM"), title, subtitle, track, type, language,
abstract, description and persons (public_name or name, with a biography); `conference.rooms[]` may give each
room's capacity. What this app writes validates against that schema, so pretalx's and frab's consumers
(schedule apps, video teams' trackers) read it.

    agenda = read(json.loads(data))          # an Agenda, times in the conference's zone
    payload = write(agenda, "Harbourline Tech Summit 2026")
"""
from __future__ import annotations

from collections import defaultdict

import pandas as pd

from core.agenda.formats.common import (CODE, SCHEDULE_VERSION, Copy, ProgrammeError, build, capped, durations, guid_of,
                                        hhmm, iana_name, kind_of, session_id_of, settle_zone, slug,
                                        wall_clocks, zone_of)
from core.agenda.sessions import Agenda, bios_json, bios_of
from core.readers import Format
from core.text_terms import speaker_list

FORMAT = Format("pretalx/frab JSON", ("json",))
COPY_KEY = "x-copy"  # the schedule's own key for the copy's provenance (the schema lets a schedule carry more)
TEXT_KEYS = ("code", "guid", "title", "abstract", "description", "type", "track", "room", "language", "level",
             "date", "duration")


def looks_like(payload) -> bool:
    return isinstance(payload, dict) and isinstance(payload.get("schedule"), dict) and \
        isinstance(payload["schedule"].get("conference"), dict)


def read(payload: dict) -> Agenda:
    conference = payload["schedule"]["conference"]
    notes: list[str] = []
    capacity = {str(r["name"]): int(r["capacity"]) for r in conference.get("rooms") or []
                if isinstance(r, dict) and r.get("name") and isinstance(r.get("capacity"), (int, float))}
    events = [event for day in conference.get("days") or [] if isinstance(day, dict)
              for listed in (day.get("rooms") or {}).values() for event in listed or [] if isinstance(event, dict)]
    events = capped(events, notes)
    # One pass over the events in Python, then whole columns to pandas: a column-by-column pandas conversion
    # (from_records, astype, str.strip) costs three times as much on a 2,000-event schedule.
    text = {key: [v.strip() if type(v) is str else _text(v) for v in [event.get(key) for event in events]]
            for key in TEXT_KEYS}
    names_of, bios_of_ = [], []
    for event in events:
        persons, names, about = event.get("persons"), [], {}
        for person in persons if isinstance(persons, list) else ():
            if isinstance(person, dict):
                name = str(person.get("public_name") or person.get("name") or "").strip()
                if name:
                    names.append(name)
                    if person.get("biography"):
                        about[name] = person["biography"]
        names_of.append(", ".join(names))
        bios_of_.append(bios_json(about) if about else "")
    numbers = [_number(event.get("id")) for event in events]
    out = pd.DataFrame({
        "session_id": [session_id_of(c, g, n) for c, g, n in zip(text["code"], text["guid"], numbers)],
        "title": text["title"],
        # pretalx's short abstract and longer description, both kept when both are there
        "abstract": [a + "\n\n" + d if a and d and a != d else a or d
                     for a, d in zip(text["abstract"], text["description"])],
        "speakers": names_of, "format": [t.lower() for t in text["type"]], "track": text["track"],
        "room": text["room"], "language": text["language"], "level": text["level"], "bios": bios_of_,
        "kind": [kind_of(t) for t in text["type"]]})
    zone, zone_name = settle_zone(conference.get("time_zone_name") or None, text["date"], notes)
    out["start"] = wall_clocks(text["date"], zone)
    out["end"] = out["start"] + durations(text["duration"])
    return build(out, FORMAT.label, zone_name, capacity, notes, clean=True)


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else "" if value is None else str(value).strip()


def _number(value):
    """An event's integer id as written (frab gives numbers; a float that is a whole number counts as one)."""
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    return value


def write(agenda: Agenda, title: str, acronym: str | None = None, copy: dict[str, Copy] | None = None) -> dict:
    """The timetable as c3voc schedule JSON: one day per date, rooms in order of first use, events by time.
    Sessions without a time or a room cannot be placed in it and are left out (see `unplaced`).

    `copy`: session id -> the copy written for it, which fills the event's `description` (the programme's own
    abstract stays in `abstract`). An event has no room for more keys, so each description's status and
    AI-assisted label go in the schedule's own `x-copy` object, keyed by the event's guid."""
    copy = copy or {}
    zone = zone_of(agenda.timezone)
    s = agenda.sessions
    placed = s[s["start"].notna() & s["end"].notna() & (s["room"] != "")]
    acronym = acronym or _acronym(title)
    rooms = list(dict.fromkeys(placed.sort_values("start")["room"]))
    days = []
    for index, (day, rows) in enumerate(sorted(placed.groupby(placed["start"].dt.date)), start=1):
        by_room: dict[str, list] = defaultdict(list)
        for row in rows.sort_values(["start", "room"]).itertuples():
            by_room[row.room].append(_event(row, acronym, zone, 1_000_000 + int(row.Index), copy.get(row.session_id)))
        days.append({"index": index, "date": day.isoformat(),
                     "day_start": _stamp(rows["start"].min(), zone), "day_end": _stamp(rows["end"].max(), zone),
                     "rooms": {room: by_room[room] for room in rooms if room in by_room}})
    dates = [d["date"] for d in days]
    conference = {"acronym": acronym, "title": title, "start": dates[0] if dates else "",
                  "end": dates[-1] if dates else "", "daysCount": len(days), "timeslot_duration": "00:05",
                  "time_zone_name": iana_name(agenda.timezone),
                  "rooms": [{"name": r, "guid": guid_of(f"room:{r}"), "capacity": agenda.capacity.get(r)}
                            for r in rooms],
                  "days": days}
    schedule = {"version": SCHEDULE_VERSION, "conference": conference}
    placed_ids = set(placed["session_id"])
    if any(sid in placed_ids for sid in copy):
        schedule[COPY_KEY] = {guid_of(sid): {"field": "description", "status": c.status, "ai_assisted": c.ai_assisted}
                              for sid, c in copy.items() if sid in placed_ids}
    return {"$schema": "https://c3voc.de/schedule/schema.json", "schedule": schedule}


def unplaced(agenda: Agenda) -> int:
    """Sessions without a time or a room: a schedule has no place for them, so exports leave them out."""
    s = agenda.sessions
    return int((s["start"].isna() | s["end"].isna() | (s["room"] == "")).sum())


def _event(row, acronym: str, zone, number: int, copy: Copy | None = None) -> dict:
    """One event; `number` is its integer id when its own id is not a number (above any real one)."""
    bios = bios_of(row.bios)
    names = speaker_list(row.speakers)
    event = {"guid": guid_of(row.session_id), "id": int(row.session_id) if row.session_id.isdigit() else number,
             "date": _stamp(row.start, zone), "start": row.start.strftime("%H:%M"),
             "duration": hhmm(row.end - row.start), "room": row.room, "slug": f"{acronym}-{slug(row.title)}",
             "url": f"urn:uuid:{guid_of(row.session_id)}", "title": row.title, "subtitle": "", "track": row.track or None,
             "type": row.format or "talk", "language": row.language or None, "abstract": row.abstract,
             "description": copy.text if copy else None,
             "persons": [{"name": n, "biography": bios.get(n)} for n in names], "links": []}
    if CODE.fullmatch(row.session_id):
        event["code"] = row.session_id
    return event


def _stamp(moment, zone) -> str:
    """A wall-clock time with the zone's offset. Example: 09:00 in Berlin in June -> "…T09:00:00+02:00" """
    moment = pd.Timestamp(moment).to_pydatetime()
    return (moment.replace(tzinfo=zone) if zone else moment.replace(tzinfo=None)).isoformat() + ("" if zone else "Z")


def _acronym(title: str) -> str:
    """Example: "Harbourline Tech Summit 2026" -> "harbourline-tech-summit-2026" (the schema's pattern)"""
    text = slug(title, "events").replace("-", "_")
    return (text if len(text) >= 4 else f"{text}_event")[:60]


__all__ = ["FORMAT", "ProgrammeError", "looks_like", "read", "unplaced", "write"]
