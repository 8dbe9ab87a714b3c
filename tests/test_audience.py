"""Audience demand: attendees star sessions on the programme's public page (one set per browser), the organiser
uploads picks or types an expected audience, and the counts meet room capacity (SQLite and PostgreSQL, through
Starlette's test client on the real routes)."""
from __future__ import annotations

import re

import pandas as pd
import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from core.agenda import Agenda, audience_clashes, audience_pairs, count_interest, demand_table
from core.store import (create_workspace, fill_demo, issue_feed, load_expected, load_picks, set_expected,
                        upload_picks, writing)
from routes import ROUTES

PROBE = '<script>alert(1)</script>'


pytestmark = pytest.mark.usefixtures("routes_db")  # the routes use the test's database


def _event(engine):
    ws = create_workspace(engine, "Harbour Summit", who="Ana")
    with writing(engine) as conn:
        fill_demo(conn, ws.id, "Ana")
        token = issue_feed(conn, ws.id, "Ana")
    return ws, token


def _nonce(html: str) -> str:
    return re.search(r'name="nonce" value="([^"]+)"', html).group(1)


def test_an_attendee_stars_sessions_gets_them_back_as_a_link_and_a_calendar_and_cannot_stuff_the_counts(engine):
    ws, token = _event(engine)
    phone = TestClient(Starlette(routes=ROUTES))
    first = phone.get(f"/p/{token}/")
    assert first.status_code == 200 and "Events That Learn: Opening Keynote" in first.text
    assert first.headers["content-security-policy"].startswith("default-src 'none'")
    sent = phone.post(f"/p/{token}/", data={"s": ["S02", "S05", "S09", "NOPE", PROBE], "nonce": _nonce(first.text)},
                      follow_redirects=True)
    assert sent.status_code == 200 and "Saved: 3 sessions" in sent.text and PROBE not in sent.text
    assert sent.text.count(" checked>") == 3
    again = phone.post(f"/p/{token}/", data={"s": ["S02", "S05", "S09"], "nonce": _nonce(first.text)},
                       follow_redirects=False)
    assert again.status_code == 303
    assert sorted(map(sorted, load_picks(engine, ws.id))) == [["S02", "S05", "S09"]]  # one set per browser
    mine = re.search(r"mine=([A-Za-z0-9_-]{22})", again.headers["location"]).group(1)
    ics = phone.get(f"/p/{token}/mine/{mine}.ics")
    assert ics.status_code == 200 and ics.text.count("BEGIN:VEVENT") == 3
    other = TestClient(Starlette(routes=ROUTES))  # another phone sees its own (empty) page, and can open the link
    assert " checked>" not in other.get(f"/p/{token}/").text
    assert other.get(f"/p/{token}/?mine={mine}").text.count(" checked>") == 3
    assert other.get(f"/p/{token}/mine/{'x' * 22}.ics").status_code == 404
    _, elsewhere = _event(engine)  # another workspace's page never opens these picks
    assert other.get(f"/p/{elsewhere}/mine/{mine}.ics").status_code == 404
    assert " checked>" not in other.get(f"/p/{elsewhere}/?mine={mine}").text
    for _ in range(6):  # the rate limit: a few sends a minute per browser
        last = phone.post(f"/p/{token}/", data={"s": ["S02"], "nonce": _nonce(first.text)})
    assert last.status_code == 429
    assert phone.post(f"/p/{token}/", content=b"s=S01&" * 6000,
                      headers={"content-type": "application/x-www-form-urlencoded"}).status_code == 413
    assert TestClient(Starlette(routes=ROUTES)).get("/p/" + "Q" * 22 + "/").status_code == 404


def test_uploaded_picks_and_typed_audiences_replace_their_own_kind_only(engine):
    ws, token = _event(engine)
    phone = TestClient(Starlette(routes=ROUTES))
    page = phone.get(f"/p/{token}/")
    phone.post(f"/p/{token}/", data={"s": ["S03"], "nonce": _nonce(page.text)})
    with writing(engine) as conn:
        assert upload_picks(conn, ws.id, [("a1", "S02"), ("a1", "S05"), ("a2", "S02")], "Ana", "uploaded") == 2
        upload_picks(conn, ws.id, [("b1", "S06")], "Ana", "uploaded again")
        set_expected(conn, ws.id, {"S01": 300, "S02": 50}, "Ana")
        set_expected(conn, ws.id, {"S02": None}, "Ana")
    assert sorted(map(tuple, load_picks(engine, ws.id))) == [("S03",), ("S06",)]
    assert load_expected(engine, ws.id) == {"S01": 300}


def _tiny() -> Agenda:
    s = pd.DataFrame({"session_id": ["A", "B", "C"], "title": ["a", "b", "c"], "speakers": ["", "", ""],
                      "room": ["Small", "Big", "Small"],
                      "start": pd.to_datetime(["2026-06-11 10:00", "2026-06-11 10:00", "2026-06-11 11:00"]),
                      "end": pd.to_datetime(["2026-06-11 10:45", "2026-06-11 10:45", "2026-06-11 11:45"])})
    return Agenda(s, capacity={"Small": 2, "Big": 10, "Empty": 0})


def test_demand_counts_overflow_empty_seats_and_audience_clashes_and_names_unknown_ids():
    agenda = _tiny()
    picks = [["A", "B"], ["A", "B", "C"], ["A", "X9"], ["A"]]
    interest = count_interest(agenda, picks)
    assert interest.unknown == {"X9": 1} and interest.attendees == 4
    table = demand_table(agenda, interest, expected={"C": 1}).set_index("session_id")
    assert table.loc["A", ["expected", "capacity", "overflow", "empty"]].tolist() == [4, 2, 2, 0]
    assert table.loc["B", ["overflow", "empty"]].tolist() == [0, 8]
    assert table.loc["C", "expected"] == 1  # the organiser's figure wins over the picks (1 either way here)
    pairs = audience_pairs(agenda, interest).set_index(["a", "b"])
    assert pairs.loc[("A", "B"), "shared"] == 2 and bool(pairs.loc[("A", "B"), "clash"])
    assert not bool(pairs.loc[("A", "C"), "clash"])
    assert audience_clashes(agenda, interest) == 2  # two attendees want A and B, which run at once


def test_a_room_without_a_capacity_scores_no_overflow():
    agenda = _tiny()
    agenda.capacity = {"Big": 10}
    table = demand_table(agenda, count_interest(agenda, [["A"], ["A"], ["A"]])).set_index("session_id")
    assert pd.isna(table.loc["A", "overflow"]) and pd.isna(table.loc["A", "capacity"])


def test_the_demand_tab_counts_picks_against_seats_takes_an_upload_and_a_typed_audience(embedder, monkeypatch):
    from apptest_helpers import button, open_page, store_engine

    at = open_page("agenda.py")
    ws_id = at.query_params["w"]
    with writing(store_engine()) as conn:
        from core.store import save_browser_picks
        for i in range(3):
            save_browser_picks(conn, ws_id, f"browser-{i}", ["S02", "S03"])
    at.run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Audience clashes"] == "3"  # S02 and S03 both run at 10:00, and three people want both
    assert any("3 attendees" in m.value for m in at.markdown)
    upload = next(u for u in at.file_uploader if u.label.startswith("Picks file"))
    upload.set_value(("vote.csv", b"Attendee ID,Session ID\na1,S02\na1,S05\na2,NOPE\n", "text/csv")).run()
    button(at, "Use the picks of 2 attendees").click().run()
    assert any("NOPE (1)" in w.value for w in at.warning)  # named, not guessed
    assert sorted(map(sorted, load_picks(store_engine(), ws_id)))[-1] == ["S02", "S05"]
    upload = next(u for u in at.file_uploader if u.label.startswith("Picks file"))
    upload.set_value(("bad.csv", b"name,comment\nx,y\n", "text/csv")).run()
    assert any("attendee ids and a column of session ids" in e.value for e in at.error), [e.value for e in at.error]
    assert not at.exception


def test_the_repair_fits_a_popular_talk_into_the_big_room_and_says_how_to_announce_it(embedder):
    from core.store import set_capacity
    from apptest_helpers import button, open_page, store_engine

    at = open_page("agenda.py")
    ws_id = at.query_params["w"]
    with writing(store_engine()) as conn:
        set_capacity(conn, ws_id, {"Main Hall": 400, "Room Atlantic": 60, "Room Baltic": 60, "Workshop Lab": 30},
                     "Ana")
        set_expected(conn, ws_id, {"S02": 300, "S05": 20}, "Ana")  # pandas is the hit; checkout is niche
    at.run()
    assert not at.exception
    assert next(s for s in at.slider if s.label == "Fit rooms to demand").value == 5
    button(at, "Find a better timetable").click().run()
    assert not at.exception
    metrics = {m.label: m for m in at.metric}
    assert metrics["People without a seat"].value == "0"  # 240 short before: S02 now sits in the Main Hall
    announcement = "\n".join(c.value for c in at.code)
    line = next(x for x in announcement.splitlines() if "Pandas for Event Analytics" in x)
    assert line.endswith("Main Hall") or "moves to Main Hall" in line  # the big room, whatever the time
