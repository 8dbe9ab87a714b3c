"""The workspace store on a real SQLite file and a real PostgreSQL server (the `engine` fixture runs each test on
both): what goes in comes out the same, access by link or by owner, caps, concurrent writers, backups."""
from __future__ import annotations

import io
from pathlib import Path
import threading
import zipfile

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import select

from core.agenda.schedule import repair
from core.agenda.table import Agenda, from_event_agenda, guess_mapping, normalise
from core.events import load_demo_event
from core.feedback.comments import from_event
from core.store import backup, drafts, feedback, programme
from core.store.db import writing
from core.store.schema import sessions
from core.store.workspaces import (CapExceeded, NotFound, User, create, delete_workspace, for_user, history,
                                   open_workspace, revisions, share)

HOSTILE = "'); DROP TABLE sessions;--"
ANA = User("https://accounts.example", "ana-1", "ana@example.org", "Ana")
BEN = User("https://accounts.example", "ben-2", "Ben@Example.org", "Ben")


def demo_agenda() -> Agenda:
    return from_event_agenda(load_demo_event().agenda)


def uploaded_agenda() -> Agenda:
    frame = pd.DataFrame({"Session Title": [HOSTILE, "<b>Bold</b> & “quotes” — ünïcödé 🎪", "Untimed"],
                          "Starts At": ["2026-06-11 09:00", "2026-06-11 10:00", ""],
                          "Ends At": ["2026-06-11 09:45", "2026-06-11 10:45", ""],
                          "Venue": ["Hall", "Room 2", ""], "Notes": ["keep me", "", "x"]})
    return normalise(frame, guess_mapping(list(frame.columns)))


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
    from core.embeddings import embed

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


def _written(text: str) -> list[dict]:
    return [{"text": text, "seed": 1, "reasons": ["no facts outside your brief"], "removed": []}]


def test_drafts_keep_brief_candidates_edits_and_status_and_a_late_edit_is_told(engine):
    ws = create(engine, "Copy", who="Ana")
    brief = {"title": HOSTILE, "speakers": "Amara Okafor", "kind": "abstract"}
    with writing(engine) as conn:
        first = drafts.save_written(conn, ws.id, "S01", "abstract", brief, _written("Join Amara."), [],
                                    {"temperature": 0.7}, 42, "llama.cpp", "SmolLM2", who="Ana")
    assert first.version == 1 and first.shown == "Join Amara." and first.brief["title"] == HOSTILE
    with writing(engine) as conn:  # Ana and Ben both saw version 1; Ben writes, then Ana
        ben = drafts.save_edit(conn, ws.id, first.id, "Ben's text.", [], seen_version=1, who="Ben")
        ana = drafts.save_edit(conn, ws.id, first.id, "Ana's text at Google.", ["Google"], seen_version=1, who="Ana")
    assert ben.replaced_by is None
    assert ana.replaced_by == "Ben" and ana.replaced_at is not None and ana.version == 3
    stored = drafts.load(engine, ws.id)[("S01", "abstract")]
    assert stored.shown == "Ana's text at Google." and stored.text == "Join Amara." and stored.unsupported == ["Google"]
    with writing(engine) as conn:
        drafts.set_status(conn, ws.id, first.id, "approved", who="Ana")
        with pytest.raises(ValueError):
            drafts.set_status(conn, ws.id, first.id, "published", who="Ana")
    assert drafts.load(engine, ws.id)[("S01", "abstract")].status == "approved"


def test_a_batch_job_knows_what_it_wrote_and_who_may_take_it_over(engine):
    ws = create(engine, "Batch", who="Ana")
    with writing(engine) as conn:
        drafts.save_written(conn, ws.id, "S02", "teaser", {}, _written("Old."), [], {}, 1, "e", "m", who="Ana")
        job_id = drafts.start_job(conn, ws.id, "teaser", {"n": 4}, ["S01", "S02", "S03"], who="Ana",
                                  writer="tab-1")
        drafts.save_written(conn, ws.id, "S01", "teaser", {}, _written("New."), [], {}, 1, "e", "m", who="Ana",
                            job_id=job_id)
    job = drafts.current_job(engine, ws.id)
    assert job.id == job_id and job.alive()
    assert job.done == {"S01"}  # S02's draft is older than the job
    with writing(engine) as conn:
        assert drafts.beat(conn, job_id, "tab-1")
        assert drafts.take_over(conn, job_id, job.writer, "tab-2")  # tab 1 was closed
        assert not drafts.take_over(conn, job_id, job.writer, "tab-3")  # tab 2 took it first
        assert not drafts.beat(conn, job_id, "tab-1")  # so tab 1, back, stops writing
        drafts.finish_job(conn, ws.id, job_id, "done", who="Ana")
    assert not drafts.current_job(engine, ws.id).alive()


def test_comments_labels_themes_and_reports_round_trip(engine, embedder):
    from core.feedback import sentiment
    from core.feedback.comments import with_sentiment
    from core.feedback.themes import themes

    ws = create(engine, "Feedback", who="Ana")
    event = load_demo_event()
    comments = from_event(event.feedback, event.agenda)
    comments.comments.loc[0, "text"] = "<script>alert('x')</script> " + HOSTILE
    with writing(engine) as conn:
        set_id = feedback.save_comments(conn, ws.id, comments, "demo", "the demo event", {}, who="Ana")
    stored = feedback.load(engine, ws.id)
    assert stored.scored is None
    pd.testing.assert_frame_equal(stored.feedback.comments, comments.comments, check_dtype=False)
    scored = with_sentiment(comments.comments, sentiment.classify(comments.comments["text"].tolist()))
    found = themes(scored["text"].tolist())
    with writing(engine) as conn:
        feedback.save_labels(conn, ws.id, set_id, scored, "sentiment", who="Ana")
        feedback.save_themes(conn, ws.id, set_id, found, who="Ana")
        report_id = feedback.save_report(conn, ws.id, "Board report", "<html>" + "x" * 1000 + "</html>", "k" * 40,
                                         who="Ana")
    stored = feedback.load(engine, ws.id)
    pd.testing.assert_frame_equal(stored.scored, scored, check_dtype=False, atol=1e-6)
    assert feedback.load_themes(engine, set_id) == [{**t, "members": [int(i) for i in t["members"]]} for t in found]
    [report] = feedback.list_reports(engine, ws.id)
    assert report.id == report_id and report.bytes == 1013
    assert feedback.report_html(engine, ws.id, report_id).startswith("<html>xxx")


def test_caps_refuse_a_change_whole_and_keep_what_was_there(engine, monkeypatch):
    import core.store.feedback as store_feedback
    import core.store.programme as store_programme
    from core.store.workspaces import Caps

    ws = create(engine, "Caps", who="Ana")
    with writing(engine) as conn:
        programme.save(conn, ws.id, uploaded_agenda(), "small.csv", who="Ana")
    monkeypatch.setattr(store_programme, "CAPS", Caps(sessions=10))
    with pytest.raises(CapExceeded, match="at most 10"):
        with writing(engine) as conn:
            programme.save(conn, ws.id, demo_agenda(), "demo", who="Ana")
    assert programme.load(engine, ws.id).filename == "small.csv"  # the old programme is still there
    monkeypatch.setattr(store_feedback, "CAPS", Caps(report_bytes=1500))
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
                                        _written(f"Draft {k}/{i}"), [], {}, i, "e", "m", who=f"writer {k}")
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


def test_a_whole_workspace_goes_out_as_one_file_and_comes_back_as_a_new_workspace(engine):
    ws = create(engine, "Harbourline " + HOSTILE, who="Ana")
    agenda = uploaded_agenda()
    comments = from_event(load_demo_event().feedback, load_demo_event().agenda)
    with writing(engine) as conn:
        programme_id = programme.save(conn, ws.id, agenda, "sessions.csv", who="Ana")
        programme.set_pins(conn, ws.id, programme_id, {"S001": True}, who="Ana")
        feedback.save_comments(conn, ws.id, comments, "demo", "the demo event", {}, who="Ana")
        drafts.save_written(conn, ws.id, "S001", "abstract", {"title": HOSTILE}, _written("Text."), [], {}, 1,
                            "e", "m", who="Ana")
    data = backup.export(engine, ws.id)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {"manifest.json", "tables/sessions.json", "sessions.csv", "comments.csv"} <= set(archive.namelist())
    copy = backup.restore(engine, data, who="Ben")
    assert copy.id != ws.id and copy.name == ws.name
    restored = programme.load(engine, copy.id)
    pd.testing.assert_frame_equal(restored.agenda.sessions, agenda.sessions, check_dtype=False)
    assert programme.pin_ticks(engine, restored.id) == {"S001": True}
    assert len(feedback.load(engine, copy.id).feedback.comments) == len(comments.comments)
    assert drafts.load(engine, copy.id)[("S001", "abstract")].brief["title"] == HOSTILE
    assert programme.load(engine, ws.id).agenda.sessions.equals(restored.agenda.sessions)  # the original stays


@pytest.mark.parametrize("damage,message", [
    (lambda data: b"not a zip at all", "not a workspace file"),
    (lambda data: _rezip(data, drop="manifest.json"), "no manifest"),
    (lambda data: _rezip(data, replace={"manifest.json": b'{"format": "something else"}'}), "does not describe"),
    (lambda data: _rezip(data, replace={"manifest.json": b'{"format": "events-llm-workspace", "schema_version": "9999"}'}),
     "newer version"),
    (lambda data: _rezip(data, replace={"tables/sessions.json": b"{not json"}), "damaged"),
    (lambda data: _rezip(data, replace={"tables/sessions.json": b'[{"position": 0, "title": "orphan"}]'}),
     "damaged: rows belong to none"),
    (lambda data: _rezip(data, replace={"tables/changes.json": b'[{"at": "not a time", "who": "x", "what": "y"}]'}),
     "nothing was changed"),
])
def test_a_damaged_or_foreign_file_is_refused_with_a_reason_and_changes_nothing(engine, damage, message):
    ws = create(engine, "Source", who="Ana")
    with writing(engine) as conn:
        programme.save(conn, ws.id, uploaded_agenda(), "sessions.csv", who="Ana")
    before = len(for_user_all(engine))
    with pytest.raises(backup.BackupError, match=message):
        backup.restore(engine, damage(backup.export(engine, ws.id)), who="Ben")
    assert len(for_user_all(engine)) == before


def test_a_zip_bomb_is_refused_before_it_is_unpacked(engine, monkeypatch):
    from core.store.workspaces import Caps

    monkeypatch.setattr(backup, "CAPS", Caps(backup_bytes=10_000))
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", "{}")
        archive.writestr("tables/workspaces.json", " " * 50_000)
    with pytest.raises(backup.BackupError, match="unzips to more than"):
        backup.restore(engine, bomb.getvalue(), who="Ben")


def for_user_all(engine) -> list:
    from core.store.schema import workspaces

    with engine.connect() as conn:
        return conn.execute(select(workspaces.c.id)).all()


def _rezip(data: bytes, drop: str | None = None, replace: dict | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            if item.filename == drop:
                continue
            target.writestr(item.filename, (replace or {}).get(item.filename, source.read(item.filename)))
    return out.getvalue()


def test_a_database_of_the_first_schema_version_upgrades_with_its_rows_intact(postgres, tmp_path):
    from core.store.db import connect
    from core.store.migrate import current, head, upgrade

    for url in (f"sqlite:///{tmp_path / 'old.db'}", postgres.create_database("events_old_schema")):
        engine = connect(url)
        upgrade(engine, "0001")
        assert current(engine) == "0001"
        with writing(engine) as conn:  # rows written by that version's app, its columns only
            conn.exec_driver_sql("INSERT INTO workspaces (id, name, created_at, updated_at) VALUES "
                                 "('abcdefghijklmnopqrstuv', 'Old event', '2026-01-01 09:00:00', "
                                 "'2026-01-01 09:00:00')")
            conn.exec_driver_sql("INSERT INTO programmes (workspace_id, filename, columns, mapping, notes, "
                                 "created_at, created_by) VALUES ('abcdefghijklmnopqrstuv', 'old.csv', '[]', '{}', "
                                 "'[]', '2026-01-01 09:00:00', 'Ana')")
            conn.exec_driver_sql("INSERT INTO sessions (programme_id, position, session_id, title, abstract, "
                                 "speakers, format, track, room) SELECT id, 0, 'S1', 'Kept title', '', '', 'talk', "
                                 "'', 'Hall' FROM programmes")
        upgrade(engine)
        assert current(engine) == head()
        ws = open_workspace(engine, "abcdefghijklmnopqrstuv")
        assert ws.name == "Old event" and ws.revisions["copy"] == 0
        assert programme.load(engine, ws.id).agenda.sessions.title.tolist() == ["Kept title"]
        with writing(engine) as conn:  # and the new tables work on it
            drafts.save_written(conn, ws.id, "S1", "teaser", {}, _written("New."), [], {}, 1, "e", "m", who="Ana")
        engine.dispose()


def test_the_schema_the_code_expects_is_the_one_the_migrations_build(engine):
    """A table or column added to core/store/schema.py without a migration (or the other way) fails here."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from core.store.schema import metadata

    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": False}), metadata)
    assert diff == [], diff


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
