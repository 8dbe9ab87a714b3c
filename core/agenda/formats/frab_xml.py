"""pretalx and frab schedule XML (`<schedule><conference>…<day><room><event>`), read and written: the same
content as the JSON (see `frab_json`), in the layout of c3voc's schedule.xml.xsd.

An XML upload is an upload like any other: it is parsed by `defusedxml`, which refuses entity declarations and
external references (an entity-expansion bomb or an XXE probe gets a plain message, not a parse), and it is
read as a stream, event by event, stopping at the row cap.

    agenda = read(data)                      # bytes of schedule.xml
    xml_bytes = write(agenda, "Harbourline Tech Summit 2026")
"""
from __future__ import annotations

import io
import xml.etree.ElementTree as ElementTree
from datetime import timedelta

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from core.agenda.formats.common import (MAX_EVENTS, SCHEDULE_VERSION, Copy, ProgrammeError, build, kind_of, minutes,
                                        session_id_of, settle_zone, wall_clock)
from core.agenda.formats.frab_json import COPY_KEY
from core.agenda.formats.frab_json import write as schedule_json
from core.agenda.sessions import Agenda
from core.readers import Format

COPY_PI = "events-copy"  # <?events-copy status="…" ai-assisted="…"?> before an event's <description>

FORMAT = Format("frab XML", ("xml",))


def looks_like(data: bytes) -> bool:
    head = data[:2000].lstrip().lower()
    return head.startswith(b"<") and b"<schedule" in head


def read(data: bytes) -> Agenda:
    zone_name, capacity, records, notes = None, {}, [], []
    try:
        for _, element in iterparse(io.BytesIO(data), events=("end",), forbid_dtd=True):
            tag = element.tag
            if tag == "time_zone_name" and element.text:
                zone_name = element.text.strip()
            elif tag == "room" and element.get("capacity") is not None and element.get("name"):
                try:
                    capacity[element.get("name")] = int(float(element.get("capacity")))
                except ValueError:
                    pass
            elif tag == "event":
                if len(records) == MAX_EVENTS:
                    notes.append(f"The file has more than {MAX_EVENTS:,} events; only the first {MAX_EVENTS:,} "
                                 "are used (the row limit).")
                    break
                records.append(_record(element))
                element.clear()  # a long file is read in constant memory
    except DefusedXmlException:
        raise ProgrammeError("The XML declares a document type or entities, which a programme export never needs "
                             "(and which can make a file expand without end); it was not read.") from None
    except ElementTree.ParseError as exc:
        raise ProgrammeError(f"The XML could not be read ({exc}). Export the schedule again.") from None
    zone, zone_name = settle_zone(zone_name, [r["start"] for r in records], notes)
    for record in records:  # the times, once the zone is settled: it may follow from every event's offset
        start, length = wall_clock(record["start"], zone), record.pop("minutes")
        record["start"], record["end"] = start, start + timedelta(minutes=length) if start and length else None
    return build(records, FORMAT.label, zone_name, capacity, notes)


def _text(element, name: str) -> str:
    found = element.find(name)
    return (found.text or "").strip() if found is not None else ""


def _record(event) -> dict:
    """An event's fields; its start stays the text as written until the zone is settled (see `read`)."""
    persons = event.find("persons")
    names = [(p.text or "").strip() for p in (persons if persons is not None else []) if (p.text or "").strip()]
    parts = [_text(event, "abstract"), _text(event, "description")]
    kind = _text(event, "type")
    return {"session_id": session_id_of(event.get("code"), event.get("guid"), event.get("id")),
            "title": _text(event, "title"), "abstract": "\n\n".join(dict.fromkeys(p for p in parts if p)),
            "speakers": ", ".join(names), "format": kind.lower(), "track": _text(event, "track"),
            "room": _text(event, "room"), "start": _text(event, "date"), "minutes": minutes(_text(event, "duration")),
            "language": _text(event, "language"), "level": "", "bios": {}, "kind": kind_of(kind)}


def write(agenda: Agenda, title: str, acronym: str | None = None, copy: dict[str, Copy] | None = None) -> bytes:
    """The timetable as schedule XML, built from the same structure as the JSON export. Written copy fills an
    event's <description>, whose `status` and `ai-assisted` attributes say where it stands."""
    schedule = schedule_json(agenda, title, acronym, copy)["schedule"]
    conference, provenance = schedule["conference"], schedule.get(COPY_KEY, {})
    root = ElementTree.Element("schedule")
    ElementTree.SubElement(root, "version").text = SCHEDULE_VERSION
    head = ElementTree.SubElement(root, "conference")
    for name in ("title", "acronym", "start", "end"):
        ElementTree.SubElement(head, name).text = str(conference[name])
    ElementTree.SubElement(head, "days").text = str(conference["daysCount"])
    ElementTree.SubElement(head, "timeslot_duration").text = conference["timeslot_duration"]
    ElementTree.SubElement(head, "time_zone_name").text = conference["time_zone_name"]
    capacity = {r["name"]: r["capacity"] for r in conference["rooms"]}
    for day in conference["days"]:
        day_element = ElementTree.SubElement(root, "day", index=str(day["index"]), date=day["date"],
                                             start=day["day_start"], end=day["day_end"])
        for room, events in day["rooms"].items():
            attributes = {"name": room} | ({"capacity": str(capacity[room])} if capacity.get(room) else {})
            room_element = ElementTree.SubElement(day_element, "room", **attributes)
            for event in events:
                _event(room_element, event, provenance.get(event["guid"]))
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


def _pi_text(provenance: dict) -> str:
    """Example: -> 'status="approved by the speaker" ai-assisted="false"' (a status is one of a few fixed phrases;
    anything that could end the instruction is dropped all the same)"""
    status = "".join(c for c in provenance["status"] if c.isalnum() or c in " -:")
    return f'status="{status}" ai-assisted="{str(provenance["ai_assisted"]).lower()}"'


def _event(room, event: dict, provenance: dict | None) -> None:
    attributes = {"guid": event["guid"], "id": str(event["id"])}
    if len(event.get("code") or "") == 6:  # the XML schema's pretalx code is exactly six characters
        attributes["code"] = event["code"]
    element = ElementTree.SubElement(room, "event", **attributes)
    for name in ("room", "title", "subtitle", "type", "date", "start", "duration", "abstract", "slug", "track"):
        ElementTree.SubElement(element, name).text = str(event.get(name) or "")
    if event.get("description"):
        if provenance:  # the schema allows no attribute on <description>; a processing instruction is ignored by it
            element.append(ElementTree.ProcessingInstruction(COPY_PI, _pi_text(provenance)))
        ElementTree.SubElement(element, "description").text = event["description"]
    persons = ElementTree.SubElement(element, "persons")
    for number, person in enumerate(event["persons"], start=1):
        ElementTree.SubElement(persons, "person", id=str(number)).text = person["name"]
    ElementTree.SubElement(element, "language").text = event.get("language") or ""
    ElementTree.SubElement(element, "links")
