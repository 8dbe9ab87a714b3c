"""The agenda page through AppTest: the demo event, an uploaded export, and bad files."""
import pytest

from apptest_helpers import button, open_page, page_path, store_engine

PAGE = "agenda.py"


def test_demo_agenda_shows_duplicates_clashes_and_recommendations(embedder):
    at = open_page(PAGE)
    assert at.title[0].value == "Agenda similarity"
    markdown = " ".join(m.value for m in at.markdown)
    assert "Reading the Room" in markdown and "Sentiment Analysis of Attendee Feedback" in markdown
    clashes = next(df.value for df in at.dataframe if "why" in df.value.columns)
    assert len(clashes) >= 3
    at.text_area(key="agenda_interests").input("analysing registration data with pandas").run()
    assert not at.exception
    plan = next(df.value for df in at.dataframe if list(df.value.columns) == ["start", "end", "title", "room"])
    assert "Pandas for Event Analytics: From Registrations to Insight" in plan.title.tolist()
    # the interests survive a trip to another page and back
    at.switch_page(page_path("home.py")).run()
    at.switch_page(page_path(PAGE)).run()
    assert at.text_area(key="agenda_interests").value == "analysing registration data with pandas"


def test_uploaded_sessionize_export_is_mapped_and_analysed(embedder):
    at = open_page(PAGE, with_demo=False)
    csv = ("Session Id,Title,Description,Room,Scheduled At,Ends At\n"
           "1,<script>alert(1)</script> Pandas basics,Data frames for analysts,A,2026-06-11 09:00,2026-06-11 10:00\n"
           "2,Pandas for analysts,Data frames and groupby for analysts,B,2026-06-11 09:30,2026-06-11 10:30\n"
           "3,Community keynote,Welcoming newcomers,A,2026-06-11 11:00,2026-06-11 12:00\n")
    at.file_uploader[0].set_value(("sessions.csv", csv.encode(), "text/csv")).run()
    assert at.selectbox(key="agenda_map_title").value == "Title"
    assert at.selectbox(key="agenda_map_start").value == "Scheduled At"
    button(at, "Use this programme").click().run()
    assert not at.exception
    assert any("3 sessions" in c.value for c in at.caption)
    assert any(c.value.startswith("From **sessions") for c in at.caption)  # the file it came from
    clashes = next(df.value for df in at.dataframe if "why" in df.value.columns)
    assert len(clashes) == 1 and "<script>" in clashes.session_a[0]  # shown as text in a table cell


@pytest.mark.parametrize("name,data,message", [
    ("empty.csv", b"", "empty"),
    ("binary.csv", bytes(range(256)) * 8, "not readable text"),
    ("header.csv", b"Title,Room\n", "no data rows"),
])
def test_bad_files_get_a_clear_message(name, data, message):
    at = open_page(PAGE, with_demo=False)
    at.file_uploader[0].set_value((name, data, "text/csv")).run()
    assert not at.exception
    assert any(message in e.value for e in at.error)


def test_without_data_the_page_says_what_to_do():
    at = open_page(PAGE, with_demo=False)
    assert any("Load the demo event" in i.value for i in at.info)
    nowhere = open_page(PAGE, with_demo=False, workspace=False)
    assert any("Open a workspace on **Home** first" in i.value for i in nowhere.info)


def test_fix_clashes_repairs_the_demo_timetable_and_the_other_tabs_use_it(embedder):
    at = open_page(PAGE)
    clashes_before = len(next(df.value for df in at.dataframe if "why" in df.value.columns))
    button(at, "Find a better timetable").click().run()
    assert not at.exception
    moves = next(df.value for df in at.dataframe if "to room" in df.value.columns)
    assert 1 <= len(moves) <= 20
    score = next(m for m in at.metric if m.label == "Clash score")
    assert float(score.value) < 0.5 * float(score.delta.lstrip("+-")) + float(score.value)  # cut at least by half
    assert "Opening Keynote" not in " ".join(moves.session)  # keynotes are pinned by default
    button(at, "Use this timetable").click().run()
    assert not at.exception
    assert any("Using the repaired timetable" in s.value for s in at.success)
    clashes_after = len(next(df.value for df in at.dataframe if "why" in df.value.columns))
    assert clashes_after < clashes_before
    # a trip to another page keeps the repaired timetable; "back" restores the original
    at.switch_page(page_path("home.py")).run()
    at.switch_page(page_path(PAGE)).run()
    assert any("Using the repaired timetable" in s.value for s in at.success)
    button(at, "Back to the original timetable").click().run()
    assert len(next(df.value for df in at.dataframe if "why" in df.value.columns)) == clashes_before


def test_pinned_sessions_stay_and_the_move_limit_holds(embedder):
    at = open_page(PAGE)
    at.slider(key="agenda_fix_moves").set_value(2).run()
    button(at, "Find a better timetable").click().run()
    moves = next(df.value for df in at.dataframe if "to room" in df.value.columns)
    assert len(moves) == 2  # one swap
    # pin every session (AppTest cannot tick data_editor cells, so the ticks go where the tab keeps them: the
    # workspace, written as another member's change would be)
    from core.store import programme
    from core.store.db import writing

    engine = store_engine()
    stored = programme.load(engine, at.query_params["w"])
    with writing(engine) as conn:
        programme.set_pins(conn, at.query_params["w"], stored.id,
                           dict.fromkeys(stored.agenda.sessions.session_id, True), who="a test")
    at.run()
    button(at, "Find a better timetable").click().run()
    assert not at.exception
    assert any("No move makes the timetable better" in s.value for s in at.success)
    assert any("Pinned sessions (40 of 40)" in e.label for e in at.expander)


def test_a_pretalx_export_needs_no_mapping_and_the_timetable_goes_back_out(embedder):
    from pathlib import Path

    at = open_page(PAGE, with_demo=False)
    data = (Path(__file__).parent / "data" / "formats" / "pretalx-democon.json").read_bytes()
    at.file_uploader[0].set_value(("democon.json", data, "application/json")).run()
    assert any("Read as a **pretalx/frab JSON** export: 36 sessions" in s.value for s in at.success)
    assert not at.selectbox  # no column to map
    button(at, "Use this programme").click().run()
    assert not at.exception
    assert any("36 sessions." in c.value for c in at.caption)
    labels = {b.label for b in at.get("download_button")}
    assert {"Schedule JSON (pretalx, frab)", "Schedule XML (frab)", "Calendar (.ics)"} <= labels
    at.file_uploader[0].set_value(("evil.xml", b'<!DOCTYPE x [<!ENTITY a "b">]><schedule/>', "text/xml")).run()
    assert any("declares a document type or entities" in e.value for e in at.error)
