"""The workspace store on a real SQLite file and a real PostgreSQL server (the `engine` fixture runs each test on
both): what goes in comes out the same, access by link or by owner, caps, concurrent writers."""
from __future__ import annotations

import threading
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import select

from core.agenda.schedule import repair
from core.store import drafts, feedback, programme
from core.store.db import writing
from core.store.schema import sessions
from core.store.workspaces import (CapExceeded, NotFound, User, create, delete_workspace, for_user, history,
                                   open_workspace, revisions, share)

from store_helpers import ANA, BEN, HOSTILE, demo_agenda, uploaded_agenda, written


def test_a_workspace_opens_by_its_link_and_any_other_link_gets_the_same_answer(engine):
    ws = create(engine, "Harbourline Summit", who="Ana")
    assert len(ws.id) == 22 and open_workspace(engine, ws.id).name == "Harbourline Summit"
    other = create(engine, "Another event", who="Ben")
    assert other.id != ws.id
    for bad in ("", "short", ws.id[:-1] + ("A" if ws.id[-1] != "A" else "B"), "x" * 22, "../../etc/passwd",
                HOSTILE, ws.id + "x"):
        with pytest.raises(NotFound, match="No workspace at this link"):
            open_workspace(engine, bad)
    delete_workspace(engine, ws.id)
    with pytest.raises(NotFound, match="No workspace at this link"):
        open_workspace(engine, ws.id)
    assert open_workspace(engine, other.id).name == "Another event"


def test_a_signed_in_users_workspace_opens_for_them_and_whom_they_share_with(engine):
    ws = create(engine, "Private planning", who="Ana", owner=ANA)
    assert open_workspace(engine, ws.id, ANA).id == ws.id
    for stranger in (None, BEN, User(ANA.issuer, "someone-else", ANA.email)):  # same e-mail, other subject
        with pytest.raises(NotFound):
            open_workspace(engine, ws.id, stranger)
    share(engine, ws.id, "ben@example.org", who="Ana")
    assert open_workspace(engine, ws.id, BEN).id == ws.id  # e-mail matched without regard to case
    assert [w.id for w in for_user(engine, ANA)] == [ws.id] and [w.id for w in for_user(engine, BEN)] == [ws.id]
    with pytest.raises(ValueError, match="not an e-mail"):
        share(engine, ws.id, "not an address", who="Ana")


def test_the_programme_round_trips_with_its_source_rows_and_user_text_verbatim(engine):
    ws = create(engine, "Upload", who="Ana")
    agenda = uploaded_agenda()
    with writing(engine) as conn:
        programme.save(conn, ws.id, agenda, "sessions.csv", who="Ana")
    stored = programme.load(engine, ws.id)
    pd.testing.assert_frame_equal(stored.agenda.sessions, agenda.sessions, check_dtype=False)
    assert stored.agenda.sessions.title[0] == HOSTILE and "🎪" in stored.agenda.sessions.title[1]
    assert pd.isna(stored.agenda.sessions.start[2])
    assert list(stored.agenda.source.columns) == list(agenda.source.columns)
    assert stored.agenda.source["Notes"].tolist() == ["keep me", "", "x"]
    assert stored.agenda.mapping == agenda.mapping and stored.agenda.notes == agenda.notes
    with engine.connect() as conn:  # the hostile title was a value, never SQL
        assert conn.execute(select(sessions.c.title).where(sessions.c.title == HOSTILE)).scalar() == HOSTILE
    assert revisions(engine, ws.id).revisions["programme"] == 1
    assert "loaded the programme sessions.csv (3 sessions)" in history(engine, ws.id)["what"].tolist()


def test_a_repair_is_kept_and_the_timetable_in_use_switches_between_stored_versions(engine, embedder):
    from core.models.embeddings import embed

    ws = create(engine, "Demo", who="Ana")
    agenda = demo_agenda()
    with writing(engine) as conn:
        programme_id = programme.save(conn, ws.id, agenda, "the demo event", who="Ana")
    stored = programme.load(engine, ws.id)
    result = repair(stored.agenda, embed(stored.agenda.texts()), time_limit_s=10, threshold=0.5)
    assert result.moves
    with writing(engine) as conn:
        programme.set_pins(conn, ws.id, programme_id, {"S01": True, "S02": False}, who="Ana")
        timetable_id = programme.save_timetable(conn, ws.id, programme_id, result, ["S01"], 0.5, 20, who="Ana")
        programme.use_timetable(conn, ws.id, timetable_id, who="Ana")
    assert programme.pin_ticks(engine, programme_id) == {"S01": True, "S02": False}
    found = programme.latest_timetable(engine, stored)
    assert found.used_at is not None and found.pins == ["S01"] and found.max_moves == 20
    assert found.repair.moves == result.moves and found.repair.after == result.after
    used, chosen = programme.in_use(engine, stored, revisions(engine, ws.id).timetable_id)
    assert chosen.id == timetable_id
    assert (used.sessions.start.to_numpy() == result.schedule.start.to_numpy()).all()
    with writing(engine) as conn:
        programme.use_timetable(conn, ws.id, None, who="Ana")
    back, chosen = programme.in_use(engine, stored, revisions(engine, ws.id).timetable_id)
    assert chosen is None and back.sessions.equals(stored.agenda.sessions)
    assert history(engine, ws.id)["what"].iloc[0] == "went back to the original timetable"


def test_caps_refuse_a_change_whole_and_keep_what_was_there(engine, monkeypatch):
    import core.store.feedback as store_feedback
    import core.store.programme as store_programme
    from core.store.workspaces import WorkspaceCaps

    ws = create(engine, "Caps", who="Ana")
    with writing(engine) as conn:
        programme.save(conn, ws.id, uploaded_agenda(), "small.csv", who="Ana")
    monkeypatch.setattr(store_programme, "WORKSPACE_CAPS", WorkspaceCaps(sessions=10))
    with pytest.raises(CapExceeded, match="at most 10"):
        with writing(engine) as conn:
            programme.save(conn, ws.id, demo_agenda(), "demo", who="Ana")
    assert programme.load(engine, ws.id).filename == "small.csv"  # the old programme is still there
    monkeypatch.setattr(store_feedback, "WORKSPACE_CAPS", WorkspaceCaps(report_bytes=1500))
    with writing(engine) as conn:
        feedback.save_report(conn, ws.id, "one", "x" * 1000, "k", who="Ana")
    with pytest.raises(CapExceeded, match="limit is 0 MB"):
        with writing(engine) as conn:
            feedback.save_report(conn, ws.id, "two", "x" * 1000, "k", who="Ana")
    assert len(feedback.list_reports(engine, ws.id)) == 1


def test_eight_sessions_writing_at_once_lose_nothing_and_never_see_a_lock(engine):
    ws = create(engine, "Busy", who="Ana")
    errors, n = [], 25
    barrier = threading.Barrier(8)

    def write(k: int) -> None:
        barrier.wait()
        try:
            for i in range(n):
                with writing(engine) as conn:
                    drafts.save_written(conn, ws.id, f"S{k}-{i}", "abstract", {"title": f"{k}/{i}"},
                                        written(f"Draft {k}/{i}"), [], {}, i, "e", "m", who=f"writer {k}")
        except Exception as exc:  # reported below: any "database is locked" fails the test
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:3]
    stored = drafts.load(engine, ws.id)
    assert len(stored) == 8 * n
    assert all(stored[(f"S{k}-{i}", "abstract")].shown == f"Draft {k}/{i}" for k in range(8) for i in range(n))
    assert revisions(engine, ws.id).revisions["copy"] == 8 * n


def test_what_programme_tools_know_is_kept_zone_capacity_bios_breaks(engine):
    from core.agenda.formats import read_programme

    agenda = read_programme((Path(__file__).parent / "data" / "formats" / "sessionize-all.json").read_bytes(),
                            "all.json")
    agenda.capacity = {"Green Room": 120}
    ws = create(engine, "Code Camp", who="Ana")
    with writing(engine) as conn:
        programme.save(conn, ws.id, agenda, "all.json", who="Ana")
    stored = programme.load(engine, ws.id).agenda
    assert (stored.timezone, stored.capacity, stored.source_format) == ("UTC", {"Green Room": 120}, "Sessionize JSON")
    pd.testing.assert_frame_equal(stored.sessions, agenda.sessions, check_dtype=False)
    assert set(stored.sessions.kind) == {"", "break", "plenary"}
