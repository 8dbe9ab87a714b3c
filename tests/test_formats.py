"""Programme files in and out: pretalx/frab JSON and XML, Sessionize, iCalendar, on public fixtures
(tests/data/formats/README.md names them); exports validated against c3voc's JSON schema and XSD; round trips;
hostile files."""
from __future__ import annotations

import json
import time
from pathlib import Path

import jsonschema
import pandas as pd
import pytest
import xmlschema

from core.agenda.formats import Copy as ExportCopy
from core.agenda.formats import (ProgrammeError, detect, drafts_csv, read_programme, to_frab_json, to_frab_xml,
                                 to_ical)
from core.agenda.formats.common import MAX_EVENTS
from core.agenda.schedule import repair
from core.agenda.sessions import Agenda, bios_of
from core.descriptions.brief import brief_for
from core.descriptions.fact_check import check
from core.text_terms import speaker_list

DATA = Path(__file__).resolve().parent / "data" / "formats"
PRETALX = (DATA / "pretalx-democon.json").read_bytes()
SESSIONIZE = (DATA / "sessionize-all.json").read_bytes()
KEPT = ["session_id", "title", "room", "start", "end"]


def schema_validator() -> jsonschema.Validator:
    schema = json.loads((DATA / "c3voc-schedule.schema.json").read_text())
    return jsonschema.Draft6Validator(schema, format_checker=jsonschema.Draft6Validator.FORMAT_CHECKER)


def same_sessions(a: Agenda, b: Agenda) -> None:
    """Ids, times, rooms, titles and speakers' names, whatever the order."""
    x = a.sessions.sort_values("session_id").reset_index(drop=True)
    y = b.sessions.sort_values("session_id").reset_index(drop=True)
    pd.testing.assert_frame_equal(x[KEPT], y[KEPT], check_dtype=False)
    assert [speaker_list(s) for s in x.speakers] == [speaker_list(s) for s in y.speakers]


def test_a_pretalx_export_is_read_without_a_mapping_step():
    assert detect(PRETALX, "schedule.json") == "pretalx/frab JSON"
    agenda = read_programme(PRETALX, "schedule.json")
    s = agenda.sessions
    assert len(s) == 36 and agenda.source_format == "pretalx/frab JSON" and agenda.timezone == "UTC"
    first = s[s.session_id == "8079583e-8321-506c-95af-fd2903a5f075"].iloc[0]
    assert first.title == "Focused 5thgeneration hardware" and first.room == "Gray Room"
    assert first.start == pd.Timestamp("2020-12-14 08:00")  # 09:00+01:00 in the conference's zone, UTC
    assert first.end - first.start == pd.Timedelta(minutes=30)
    assert first.speakers == "Brian Robinson" and first.language == "en" and first.track == "Phased"
    assert bios_of(first.bios)["Brian Robinson"].startswith("Break through direction.")
    assert "Brand back-end models!" in first.abstract and "Station provide certain mean." in first.abstract


def test_a_sessionize_export_keeps_categories_breaks_plenaries_and_bios():
    assert detect(SESSIONIZE, "all.json") == "Sessionize JSON"
    s = read_programme(SESSIONIZE, "all.json").sessions.set_index("session_id")
    assert len(s) == 11
    lunch = s.loc["f91513e5-6e73-4910-9ee5-070a6ab04035"]
    assert lunch.title == "Lunch" and lunch.kind == "break" and lunch.room == "Restaurant"
    aiden = s.loc["14022"]
    assert aiden.kind == "plenary" and aiden.room == "Green Room"
    assert aiden.speakers == "Aiden Test (Professional public speaker)"
    assert (aiden.format, aiden.track, aiden.level, aiden.language) == ("session", "Technical", "Intermediate",
                                                                        "Italian")
    assert bios_of(aiden.bios) == {"Aiden Test": "Pop culture fanatic. Friend of animals everywhere. Student. "
                                                 "Thinker. Bacon practitioner."}
    assert aiden.start == pd.Timestamp("2017-05-27 09:00") and aiden.end == pd.Timestamp("2017-05-27 10:00")


@pytest.mark.parametrize("fixture", [PRETALX, SESSIONIZE], ids=["pretalx", "sessionize"])
def test_exports_validate_and_come_back_as_the_same_sessions(fixture):
    agenda = read_programme(fixture, "in.json")
    payload = to_frab_json(agenda, "Demo Con 2026")
    errors = [f"{list(e.path)}: {e.message}" for e in schema_validator().iter_errors(payload)]
    assert errors == []
    same_sessions(agenda, read_programme(json.dumps(payload).encode(), "out.json"))
    xml = to_frab_xml(agenda, "Demo Con 2026")
    assert [str(e) for e in xmlschema.XMLSchema(str(DATA / "schedule.xml.xsd")).iter_errors(xml.decode())] == []
    same_sessions(agenda, read_programme(xml, "out.xml"))
    ics = to_ical(agenda, title="Demo Con 2026")
    same_sessions(agenda, read_programme(ics, "out.ics"))


def berlin_agenda() -> Agenda:
    sessions = pd.DataFrame({
        "session_id": ["A1", "B2", "C3"], "title": ["Keynote", "Pandas in practice", "Lunch"],
        "abstract": ["Opening.", "Data frames for organisers.", ""], "speakers": ["Ana Costa", "Ben Okoro", ""],
        "format": ["keynote", "talk", "break"], "track": ["", "Data", ""], "room": ["Hall", "Room 2", "Foyer"],
        "start": pd.to_datetime(["2026-06-11 09:00", "2026-06-11 10:00", "2026-06-11 12:30"]),
        "end": pd.to_datetime(["2026-06-11 09:45", "2026-06-11 10:45", "2026-06-11 13:30"]),
        "language": ["en", "de", ""], "level": ["", "beginner", ""], "bios": ["", "", ""], "kind": ["", "", "break"]})
    return Agenda(sessions, timezone="Europe/Berlin", capacity={"Hall": 400})


def test_calendars_keep_the_time_zone_and_select_a_room_or_an_attendees_sessions():
    agenda = berlin_agenda()
    ics = to_ical(agenda, title="Summit").decode()
    assert "BEGIN:VTIMEZONE" in ics and "TZID:Europe/Berlin" in ics
    assert "DTSTART;TZID=Europe/Berlin:20260611T090000" in ics  # 09:00 in Berlin, not shifted to UTC
    back = read_programme(ics.encode(), "x.ics")
    assert back.timezone == "Europe/Berlin" and back.sessions.set_index("session_id").start["A1"] == \
        pd.Timestamp("2026-06-11 09:00")
    room = read_programme(to_ical(agenda, title="Summit", room="Room 2"), "r.ics")
    assert room.sessions.session_id.tolist() == ["B2"]
    mine = read_programme(to_ical(agenda, session_ids=["A1", "C3"], title="My agenda"), "m.ics")
    assert sorted(mine.sessions.session_id) == ["A1", "C3"]
    payload = to_frab_json(agenda, "Summit")
    event = payload["schedule"]["conference"]["days"][0]["rooms"]["Hall"][0]
    assert event["date"] == "2026-06-11T09:00:00+02:00"  # summer time in Berlin
    assert payload["schedule"]["conference"]["rooms"][0]["capacity"] == 400


def test_breaks_and_plenaries_stay_put_in_a_repair():
    agenda = read_programme(SESSIONIZE, "all.json")
    from core.models.embeddings import embed

    result = repair(agenda, embed(agenda.texts()), time_limit_s=5, threshold=0.3)
    moved = set(result.schedule.session_id[result.schedule.moved])
    assert not moved & {"14022", "f91513e5-6e73-4910-9ee5-070a6ab04035"}


def test_a_speakers_bio_counts_as_a_fact_of_the_brief():
    s = read_programme(SESSIONIZE, "all.json").sessions.set_index("session_id", drop=False)
    brief = brief_for(s.loc["14018"], event="Code Camp")  # Sophia Test's bio: "Award-winning zombie specialist"
    assert "Award-winning zombie specialist" in brief.bios
    assert check("Sophia Test, an award-winning zombie specialist, shares her work.", brief).clean
    assert not check("Sophia Test, an award-winning chef, shares her work.", brief).clean


def test_drafts_go_out_keyed_by_the_sources_session_ids_with_their_status_beside_the_text():
    agenda = read_programme(SESSIONIZE, "all.json")
    out = pd.read_csv(pd.io.common.BytesIO(drafts_csv(agenda, {
        ("14022", "abstract"): ExportCopy("=HYPERLINK(x)", "written by the model", True),
        ("14019", "teaser"): ExportCopy("Join Jackson.", "approved by the speaker", False)})), dtype=str)
    row = out.set_index("session_id").loc["14022"]
    assert list(out.columns) == ["session_id", "title", "abstract", "abstract_status", "abstract_ai_assisted",
                                 "teaser", "teaser_status", "teaser_ai_assisted"]
    assert row.abstract == "'=HYPERLINK(x)"  # a spreadsheet would run it: neutralised
    assert (row.abstract_status, row.abstract_ai_assisted) == ("written by the model", "yes")
    teaser = out.set_index("session_id").loc["14019"]
    assert (teaser.teaser, teaser.teaser_status, teaser.teaser_ai_assisted) == (
        "Join Jackson.", "approved by the speaker", "no")


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<schedule><conference><title>&lol3;</title></conference></schedule>"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE schedule [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<schedule><conference><title>&secret;</title></conference></schedule>"""


@pytest.mark.parametrize("data", [BOMB, EXTERNAL], ids=["entity-bomb", "external-entity"])
def test_xml_with_entities_is_refused_not_expanded(data):
    with pytest.raises(ProgrammeError, match="declares a document type or entities"):
        read_programme(data, "schedule.xml")


def test_a_hundred_thousand_events_are_read_up_to_the_cap_quickly():
    event = {"guid": None, "id": 0, "date": "2026-06-11T09:00:00+00:00", "duration": "00:30", "room": "Hall",
             "title": "T", "persons": []}
    events = [{**event, "id": i, "title": f"Talk {i}"} for i in range(100_000)]
    payload = {"schedule": {"version": "1", "conference": {"title": "Big", "time_zone_name": "UTC",
                                                           "days": [{"index": 1, "rooms": {"Hall": events}}]}}}
    data = json.dumps(payload).encode()
    begun = time.perf_counter()
    agenda = read_programme(data, "big.json")
    assert len(agenda.sessions) == MAX_EVENTS
    assert any("100,000 events" in n and "row limit" in n for n in agenda.notes)
    assert time.perf_counter() - begun < 120  # a generous bound: hostile input must not stall the server


def test_events_without_times_and_sessionize_ids_that_point_nowhere_are_kept_with_notes():
    payload = {"schedule": {"version": "1", "conference": {"title": "No times", "days": [
        {"index": 1, "rooms": {"Hall": [{"id": 1, "title": "Untimed talk", "room": "Hall"}]}}]}}}
    agenda = read_programme(json.dumps(payload).encode(), "x.json")
    assert agenda.sessions.title.tolist() == ["Untimed talk"] and agenda.sessions.start.isna().all()
    broken = json.loads(SESSIONIZE)
    broken["sessions"][0]["speakers"] = ["no-such-speaker"]
    broken["sessions"][1]["roomId"] = 999
    broken["sessions"][2]["categoryItems"] = [424242]
    agenda = read_programme(json.dumps(broken).encode(), "all.json")
    notes = " ".join(agenda.notes)
    assert "1 reference to speakers" in notes and "1 reference to rooms" in notes and "to categories" in notes
    assert len(agenda.sessions) == 11


@pytest.mark.parametrize("data,name,message", [
    (b"", "x.json", "empty"),
    (b"<html><body>not a schedule</body></html>", "x.xml", "expected a pretalx"),
    (b'[{"title": "a plain table"}]', "x.json", "expected a pretalx"),
    (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:garbage\r\n", "x.ics", "could not be read"),
    (b"<schedule><day><room><event>", "x.xml", "could not be read"),
])
def test_files_that_are_not_programmes_get_a_plain_message(data, name, message):
    with pytest.raises(ProgrammeError, match=message):
        read_programme(data, name)
    assert detect(b'[{"title": "a plain table"}]', "x.json") is None  # the column-mapping path takes it


def test_written_copy_fills_the_description_with_its_status_where_each_format_has_room_and_still_validates():
    agenda = read_programme(PRETALX, "in.json")
    placed = agenda.sessions.dropna(subset=["start"])
    first, second = placed["session_id"].iloc[0], placed["session_id"].iloc[1]
    copy = {first: ExportCopy("Written & <checked>.", "approved by the speaker", False),
            second: ExportCopy("Fresh from the model.", "written by the model", True)}
    payload = to_frab_json(agenda, "Demo Con 2026", copy=copy)
    assert [f"{list(e.path)}: {e.message}" for e in schema_validator().iter_errors(payload)] == []
    events = {e["guid"]: e for day in payload["schedule"]["conference"]["days"]
              for room in day["rooms"].values() for e in room}
    marks = payload["schedule"]["x-copy"]
    assert len(marks) == 2
    for guid, mark in marks.items():
        assert events[guid]["description"] in {c.text for c in copy.values()}  # the text itself is untouched
        assert mark["ai_assisted"] == (events[guid]["description"] == "Fresh from the model.")
    assert {m["status"] for m in marks.values()} == {"approved by the speaker", "written by the model"}

    xml = to_frab_xml(agenda, "Demo Con 2026", copy=copy)
    assert [str(e) for e in xmlschema.XMLSchema(str(DATA / "schedule.xml.xsd")).iter_errors(xml.decode())] == []
    text = xml.decode()
    assert "<description>Written &amp; &lt;checked&gt;.</description>" in text
    assert '<?events-copy status="written by the model" ai-assisted="true"?>' in text
    assert read_programme(xml, "out.xml").sessions.shape[0] == read_programme(
        to_frab_xml(agenda, "Demo Con 2026"), "out.xml").sessions.shape[0]

    ics = to_ical(agenda, title="Demo Con 2026", copy=copy).decode()
    assert "X-EVENTS-AI-ASSISTED:TRUE" in ics and "X-EVENTS-COPY-STATUS:approved by the speaker" in ics
    assert "Fresh from the model." in ics
