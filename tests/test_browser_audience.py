"""Attendees' picks in real browsers against one real server: three phones star three sessions each on the
programme's public page (the pandas talk among them, in a small room); the organiser sees the counts on the
Agenda page's Demand tab, runs the repair with "fit rooms to demand", and finds the pandas talk in a bigger room
in the text that announces the changes. axe-core finds no serious or critical violation on the public
page at phone width."""
from __future__ import annotations

import pytest

from browser import Server, axe_violations, go, needs_chromium, no_exception, organiser_with_demo, settle

pytestmark = [pytest.mark.browser, needs_chromium]

PANDAS = "Pandas for Event Analytics: From Registrations to Insight"
SEATS = {"Main Hall": 400, "Room Atlantic": 1, "Room Baltic": 60, "Workshop Lab": 30}
PICKS = (PANDAS, "Observability on a Budget with OpenTelemetry", "Data Contracts Between Teams")


def _seats_and_feed(ws_id: str) -> str:
    from core.store import issue_feed, set_capacity
    from core.store.db import writing

    from apptest_helpers import store_engine

    with writing(store_engine()) as conn:  # the demo names no seats: the organiser's own figures
        set_capacity(conn, ws_id, SEATS, "Ana")
        return issue_feed(conn, ws_id, "Ana")


def test_three_phones_star_sessions_and_the_repair_moves_the_wanted_talk_to_the_big_room(chromium):
    server = Server("streamlit-audience").start()
    try:
        organiser, ws_id = organiser_with_demo(chromium, server)
        token = _seats_and_feed(ws_id)
        for n in range(3):
            phone = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                         bypass_csp=True).new_page()  # bypass_csp: only so axe can be injected
            assert phone.goto(f"{server.url}/p/{token}/").status == 200
            for title in PICKS:
                phone.get_by_role("checkbox", name=title).check()
            phone.get_by_role("button", name="Save my picks").click()
            phone.get_by_text("Saved: 3 sessions you want to see").wait_for()
            if n == 0:
                assert phone.evaluate("document.documentElement.scrollWidth") <= 390
                assert axe_violations(phone) == []
            phone.context.close()

        go(organiser, "Agenda similarity")
        organiser.get_by_role("tab", name="Demand").click()
        organiser.get_by_text("3 attendees").first.wait_for()
        organiser.get_by_role("tab", name="Fix clashes").click()
        settle(organiser)
        organiser.get_by_role("button", name="Find a better timetable").click()
        organiser.get_by_text("Announce the changes").first.wait_for(timeout=120_000)
        organiser.get_by_text("Announce the changes").first.click()
        text = organiser.locator('[data-testid="stCode"]').filter(has_text="Programme update").inner_text()
        line = next(x for x in text.splitlines() if PANDAS in x)
        room = line.split("moves to ")[1].split(" (was")[0] if "moves to " in line else line.rsplit(", ", 1)[1]
        assert SEATS[room] > SEATS["Room Atlantic"]  # a bigger room for the talk three people want
        assert no_exception(organiser)
    finally:
        server.stop()
