"""The programme files organisers already have, read without a column-mapping step, and the timetable written back
in the formats their tools and calendars read.

In: pretalx/frab schedule JSON and XML (`frab_json`, `frab_xml`), Sessionize's "All data" JSON (`sessionize`),
iCalendar (`ical`). Out: frab-compatible JSON (valid against c3voc's schema, the one pretalx declares) and XML,
iCalendar for the whole programme, one room or an attendee's own agenda, and the drafts as CSV keyed by the
source's session ids, to paste back into pretalx or Sessionize.

    agenda = read_programme(data, "schedule.json")   # detects the format; ProgrammeError says what it expected
    to_frab_json(agenda), to_frab_xml(agenda), to_ical(agenda, session_ids=["S02"])
"""
from __future__ import annotations

import json

import orjson
import pandas as pd

from core.agenda.formats import frab_json, frab_xml, ical, sessionize
from core.agenda.formats.common import Copy, ProgrammeError, zone_of
from core.agenda.sessions import Agenda
from core.readers import MAX_FILE_BYTES, decode, to_csv_bytes

# Each programme format: how it declares itself (label, file suffixes), how to recognise its content, and its
# reader. JSON files are told apart by their content, not their name.
PROGRAMME_FORMATS = (frab_json.FORMAT, frab_xml.FORMAT, sessionize.FORMAT, ical.FORMAT)
PROGRAMME_NAMES = "pretalx or frab schedules (JSON, XML), Sessionize JSON and iCalendar files"
EXPECTED = ("a pretalx or frab schedule (JSON or XML), a Sessionize “All data” JSON export, or an iCalendar "
            "(.ics) file")

__all__ = ["Copy", "EXPECTED", "PROGRAMME_FORMATS", "PROGRAMME_NAMES", "ProgrammeError", "detect", "drafts_csv",
           "read_if_programme", "read_programme", "to_frab_json", "to_frab_xml", "to_ical", "unplaced", "zone_of"]


def suffixes() -> list[str]:
    return list(dict.fromkeys(s for fmt in PROGRAMME_FORMATS for s in fmt.suffixes))


def _json(data: bytes):
    """The parsed JSON, or None. orjson reads a 2,000-event schedule three times faster than the standard
    library; it refuses documents nested over 1,024 deep, which no programme is."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:  # not UTF-8 JSON (or too deep): one more try after decoding other encodings
        text, _ = decode(data)
        try:
            return json.loads(text) if text is not None else None
        except (ValueError, RecursionError):
            return None


def _sniff(data: bytes, filename: str = "") -> tuple[str | None, object]:
    """(the programme format, the parsed JSON when it is JSON): a JSON file is parsed once, here."""
    if not data or len(data) > MAX_FILE_BYTES:
        return None, None
    if ical.looks_like(data):
        return ical.FORMAT.label, None
    if frab_xml.looks_like(data):
        return frab_xml.FORMAT.label, None
    if data[:4096].lstrip()[:1] in (b"{", b"[") or filename.lower().endswith(".json"):
        payload = _json(data)
        if frab_json.looks_like(payload):
            return frab_json.FORMAT.label, payload
        if sessionize.looks_like(payload):
            return sessionize.FORMAT.label, payload
    return None, None


def detect(data: bytes, filename: str = "") -> str | None:
    """The programme format of a file, by its content (its name only breaks no ties), or None for anything
    else, such as a table for the column-mapping path. Example: a pretalx export -> "pretalx/frab JSON" """
    return _sniff(data, filename)[0]


def read_programme(data: bytes, filename: str = "") -> Agenda:
    """The programme in a pretalx, frab, Sessionize or iCalendar file, as an Agenda with its time zone, room
    capacities, languages, levels and speakers' bios; a ProgrammeError naming what it expected otherwise."""
    if not data or not data.strip():
        raise ProgrammeError("The file is empty.")
    if len(data) > MAX_FILE_BYTES:
        raise ProgrammeError(f"The file is {len(data) / 2**20:,.0f} MB; the limit is {MAX_FILE_BYTES // 2**20} MB.")
    agenda = read_if_programme(data, filename)
    if agenda is None:
        raise ProgrammeError(f"It is not a programme export this page reads directly: expected {EXPECTED}.")
    return agenda


def read_if_programme(data: bytes, filename: str = "") -> Agenda | None:
    """The programme when the file is one of PROGRAMME_FORMATS (a ProgrammeError when it is one but broken),
    or None for anything else, e.g. a table for the column mapping. The file is parsed once."""
    found, payload = _sniff(data, filename)
    if found == ical.FORMAT.label:
        return ical.read(data)
    if found == frab_xml.FORMAT.label:
        return frab_xml.read(data)
    if found == frab_json.FORMAT.label:
        return frab_json.read(payload)
    if found == sessionize.FORMAT.label:
        return sessionize.read(payload)
    return None


def to_frab_json(agenda: Agenda, title: str = "Programme", copy: dict[str, Copy] | None = None) -> dict:
    return frab_json.write(agenda, title, copy=copy)


def to_frab_xml(agenda: Agenda, title: str = "Programme", copy: dict[str, Copy] | None = None) -> bytes:
    return frab_xml.write(agenda, title, copy=copy)


def to_ical(agenda: Agenda, session_ids=None, title: str = "Programme", room: str | None = None,
            copy: dict[str, Copy] | None = None) -> bytes:
    return ical.write(agenda, title, session_ids, room, copy)


def unplaced(agenda: Agenda) -> int:
    return frab_json.unplaced(agenda)


def drafts_csv(agenda: Agenda, texts: dict[tuple[str, str], Copy]) -> bytes:
    """One row per session, keyed by the source's session id, one column per kind of copy written, to paste
    back into pretalx or Sessionize, each followed by its status and its AI-assisted label (columns of their
    own, so pasting the text column carries neither). `texts`: (session id, kind) -> the copy."""
    kinds = sorted({kind for _, kind in texts})
    frame = agenda.sessions[["session_id", "title"]].copy()
    for kind in kinds:
        pieces = [texts.get((sid, kind)) for sid in frame["session_id"]]
        frame[kind] = [p.text if p else "" for p in pieces]
        frame[f"{kind}_status"] = [p.status if p else "" for p in pieces]
        frame[f"{kind}_ai_assisted"] = [("yes" if p.ai_assisted else "no") if p else "" for p in pieces]
    return to_csv_bytes(pd.DataFrame(frame))
