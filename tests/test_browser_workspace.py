"""Workspaces in a real browser against a real server: an organiser's work survives a reload, a server restart
and a SIGKILL in the middle of a batch; the link opens it in another browser; without the link nothing shows."""
from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from browser import ARTIFACTS, Server, go, needs_chromium, no_exception, settle

pytestmark = [pytest.mark.browser, needs_chromium]

PROGRAMME = (
    "Session Id,Title,Speakers,Description,Room,Scheduled At,Ends At,Format\n"
    "P1,Pandas for ticket data,Ana Costa,Cleaning and grouping ticket sales with pandas data frames.,Hall A,"
    "2026-06-11 09:00,2026-06-11 09:45,talk\n"
    "P2,Data frames for organisers,Ben Okoro,Using pandas data frames to analyse event registrations.,Hall B,"
    "2026-06-11 09:00,2026-06-11 09:45,talk\n"
    "P3,Sustainable catering,Chloe Martin,Reducing food waste at festivals and conferences.,Hall A,"
    "2026-06-11 10:00,2026-06-11 10:45,talk\n"
    "P4,Accessible venues,Dev Patel,Step-free access and quiet rooms for every attendee.,Hall B,"
    "2026-06-11 10:00,2026-06-11 10:45,talk\n")
EDITED = "Our own words for the data frames talk, <b>kept</b> as typed."


def token_of(tab) -> str:
    return parse_qs(urlparse(tab.url).query)["w"][0]


def generate_teaser(tab, title: str) -> None:
    tab.get_by_role("button", name="Generate").click()
    tab.get_by_text(f"The teaser of {title}").first.wait_for()  # the new draft, kept in the workspace
    settle(tab)


def draft_box(tab):
    return tab.get_by_label("Edit before you publish")


def choose(tab, label: str, option: str) -> None:
    """Pick an option of a select box, found by its label."""
    tab.locator('[data-testid="stSelectbox"]', has_text=label).first.click()
    tab.get_by_role("option", name=option).click()
    settle(tab)


def new_tab(browser):
    tab = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    tab.set_default_timeout(180_000)
    return tab


def use_a_repaired_timetable(tab) -> None:
    """On the Agenda page: find a better timetable and use it."""
    tab.get_by_role("tab", name="Fix clashes").click()
    tab.get_by_role("button", name="Find a better timetable").click()
    settle(tab)
    tab.get_by_role("button", name="Use this timetable").click()
    settle(tab)
    tab.get_by_text("Using the repaired timetable").wait_for()


def test_an_organisers_work_survives_a_reload_a_restart_and_opens_by_link_only(chromium, tmp_path):
    server = Server("streamlit-workspace").start()
    try:
        tab = new_tab(chromium)
        tab.goto(server.url)
        settle(tab)
        tab.get_by_label("Event name").fill("Harbourline Data Day")
        tab.get_by_role("button", name="Create the workspace").click()
        settle(tab)
        token = token_of(tab)
        # upload the programme on the Agenda page, without mapping a column by hand
        go(tab, "Agenda similarity")
        upload = tmp_path / "programme.csv"
        upload.write_text(PROGRAMME)
        tab.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(str(upload))
        settle(tab)
        tab.get_by_role("button", name="Use this programme").click()
        settle(tab)
        tab.get_by_text("4 sessions.").wait_for()
        use_a_repaired_timetable(tab)
        # draft two sessions (greedy teasers: one candidate each) and edit the second
        go(tab, "Session descriptions")
        tab.get_by_text("Greedy (always the most likely token)").click()
        choose(tab, "Output", "One-line teaser")
        generate_teaser(tab, "Pandas for ticket data")
        first = draft_box(tab).input_value()
        assert first.startswith(("Join Ana Costa", "Ana Costa"))
        choose(tab, "Start from a session of the programme", "Data frames for organisers")
        generate_teaser(tab, "Data frames for organisers")
        assert draft_box(tab).input_value().startswith(("Join Ben Okoro", "Ben Okoro"))
        draft_box(tab).fill(EDITED)
        draft_box(tab).press("Control+Enter")
        settle(tab)
        assert no_exception(tab)
        tab.screenshot(path=ARTIFACTS / "workspace-before-reload.png", full_page=True)

        def everything_is_there(where) -> None:
            go(where, "Session descriptions")
            # the last draft written, as edited (read once the box shows it: a new session draws it after the form)
            expect(draft_box(where)).to_have_value(EDITED, timeout=60_000)
            go(where, "Agenda similarity")
            where.get_by_text("Using the repaired timetable").wait_for()
            go(where, "Workspace")
            where.get_by_text("wrote the teaser of “Pandas for ticket data”").first.wait_for(state="attached")
            assert no_exception(where)

        tab.reload()
        settle(tab)
        assert token_of(tab) == token
        everything_is_there(tab)

        server.stop()
        server.start()  # a restart (a redeploy, a sleeping Community Cloud app waking up)
        tab.reload()
        settle(tab)
        everything_is_there(tab)
        tab.screenshot(path=ARTIFACTS / "workspace-after-restart.png", full_page=True)

        teammate = new_tab(chromium)  # another browser, given the link
        teammate.goto(f"{server.url}/?w={token}")
        settle(teammate)
        teammate.get_by_text("Harbourline Data Day").first.wait_for()
        everything_is_there(teammate)

        stranger = new_tab(chromium)  # another browser, without the link
        stranger.goto(server.url)
        settle(stranger)
        stranger.get_by_text("No workspace open").first.wait_for()
        go(stranger, "Session descriptions")
        stranger.get_by_text("Open a workspace on").first.wait_for()
        assert stranger.get_by_text("Harbourline Data Day").count() == 0
        assert stranger.get_by_label("Edit before you publish").count() == 0
        stranger.goto(f"{server.url}/?w={token[:-2]}xx")  # a guessed link
        settle(stranger)
        stranger.get_by_text("No workspace at this link").first.wait_for()
        assert stranger.get_by_text("Harbourline Data Day").count() == 0
    finally:
        server.stop()


def test_a_batch_cut_by_sigkill_keeps_its_drafts_and_resumes_after_a_restart(chromium):
    from core.store import drafts
    from core.store.db import connect, database_url

    server = Server("streamlit-sigkill").start()
    try:
        tab = new_tab(chromium)
        tab.goto(server.url)
        settle(tab)
        tab.get_by_role("button", name="Load the demo event").click()
        tab.get_by_text("40 sessions · 308 comments").first.wait_for()
        token = token_of(tab)
        go(tab, "Session descriptions")
        tab.get_by_text("Greedy (always the most likely token)").click()
        settle(tab)
        tab.get_by_role("tab", name="Batch mode").click()
        tab.get_by_role("button", name="Generate for every session").click()
        tab.get_by_text("3 of 40 written").wait_for(timeout=300_000)
        server.kill()  # in the middle of the batch
        engine = connect(database_url())
        kept = drafts.load(engine, token)
        job = drafts.current_job(engine, token)
        assert len(kept) >= 3 and job.status == "running" and len(job.done) == len(kept)
        assert all(d.shown.strip() for d in kept.values())

        server.start()
        tab.goto(f"{server.url}/descriptions?w={token}")  # the organiser comes back
        settle(tab)
        # the batch's writer is gone; once its heartbeat is stale this session takes it over and finishes it
        tab.get_by_text("40 of 40 written.").first.wait_for(state="attached", timeout=600_000)  # in the Batch tab
        finished = drafts.current_job(engine, token)
        assert finished.status == "done" and len(finished.done) == 40
        assert set(kept) <= set(drafts.load(engine, token))  # nothing written before the kill was written again
        assert all(drafts.load(engine, token)[key].updated_at == kept[key].updated_at for key in kept)
        assert no_exception(tab)
        tab.screenshot(path=ARTIFACTS / "batch-resumed.png", full_page=True)
    finally:
        server.stop()


def test_a_pretalx_schedule_goes_in_without_mapping_and_its_repaired_timetable_out_as_ics(chromium, tmp_path):
    """The demo event as a pretalx schedule JSON (c3voc's format; the real pretalx fixture has no clashes to
    repair), uploaded on the Agenda page; the repaired timetable downloaded as a calendar."""
    import json

    from core.agenda.formats import read_programme, to_frab_json
    from core.agenda.sessions import from_event_agenda
    from core.store.demo import load_demo_event

    demo = from_event_agenda(load_demo_event().agenda)
    demo.timezone = "Europe/Lisbon"
    upload = tmp_path / "harbourline-schedule.json"
    upload.write_text(json.dumps(to_frab_json(demo, "Harbourline Tech Summit 2026")))
    server = Server("streamlit-formats").start()
    try:
        tab = new_tab(chromium)
        tab.goto(server.url)
        settle(tab)
        tab.get_by_label("Event name").fill("Harbourline from pretalx")
        tab.get_by_role("button", name="Create the workspace").click()
        settle(tab)
        go(tab, "Agenda similarity")
        tab.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(str(upload))
        settle(tab)
        tab.get_by_text("No columns to map").wait_for()
        assert tab.locator('[data-testid="stSelectbox"]').count() == 0
        tab.get_by_role("button", name="Use this programme").click()
        settle(tab)
        tab.get_by_text("40 sessions.").wait_for()
        use_a_repaired_timetable(tab)
        tab.get_by_role("tab", name="Export").click()
        with tab.expect_download() as download:
            tab.get_by_role("button", name="Calendar (.ics)").click()
        ics = tmp_path / "timetable.ics"
        download.value.save_as(ics)
        assert no_exception(tab)
        tab.screenshot(path=ARTIFACTS / "export-tab.png", full_page=True)
        back = read_programme(ics.read_bytes(), "timetable.ics")
        assert back.timezone == "Europe/Lisbon" and len(back.sessions) == 40
        from core.store.db import connect, database_url
        from core.store.programme import in_use, load
        from core.store.workspaces import revisions

        engine = connect(database_url())
        token = token_of(tab)
        stored = load(engine, token)
        used, chosen = in_use(engine, stored, revisions(engine, token).timetable_id)
        moved = chosen.repair.schedule[chosen.repair.schedule.moved]
        assert len(moved)  # the repair moved sessions, and the calendar has them at their new times
        times = back.sessions.set_index("session_id")
        for row in moved.itertuples():
            assert times.start[row.session_id] == row.start
    finally:
        server.stop()
