"""A workspace as one file and back (SQLite and PostgreSQL, as in test_store.py), refused with a reason when damaged,
and the schema: an old database upgrades with its rows intact, and the migrations build what the code expects."""
from __future__ import annotations

import io
import zipfile

import pandas as pd
import pytest
from sqlalchemy import select

from core.store.demo import load_demo_event
from core.feedback.comments import from_event
from core.store import backup, drafts, feedback, programme
from core.store.db import writing
from core.store.workspaces import create, open_workspace

from store_helpers import HOSTILE, uploaded_agenda, written


def test_a_whole_workspace_goes_out_as_one_file_and_comes_back_as_a_new_workspace(engine):
    ws = create(engine, "Harbourline " + HOSTILE, who="Ana")
    agenda = uploaded_agenda()
    comments = from_event(load_demo_event().feedback, load_demo_event().agenda)
    with writing(engine) as conn:
        programme_id = programme.save(conn, ws.id, agenda, "sessions.csv", who="Ana")
        programme.set_pins(conn, ws.id, programme_id, {"S001": True}, who="Ana")
        feedback.save_comments(conn, ws.id, comments, "demo", "the demo event", {}, who="Ana")
        drafts.save_written(conn, ws.id, "S001", "abstract", {"title": HOSTILE}, written("Text."), [], {}, 1,
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
    from core.store.workspaces import WorkspaceCaps

    monkeypatch.setattr(backup, "WORKSPACE_CAPS", WorkspaceCaps(backup_bytes=10_000))
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
            drafts.save_written(conn, ws.id, "S1", "teaser", {}, written("New."), [], {}, 1, "e", "m", who="Ana")
        engine.dispose()


def test_the_schema_the_code_expects_is_the_one_the_migrations_build(engine):
    """A table or column added to core/store/schema.py without a migration (or the other way) fails here."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from core.store.schema import metadata

    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": False}), metadata)
    assert diff == [], diff
