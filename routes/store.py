"""The routes' one door to the store: the database engine, what a form or feed token opens, and the programme
as it stands (with the copy written for it, as the organiser chose to publish it), read once per change and kept
for the next request.

The engine is the process's own (the dashboard reaches the same database through Streamlit's connection). A
programme is read whole and kept per workspace, keyed by its change counters, so a form's page or a feed asked
for again costs one small query; a new timetable in use, or an edit, changes the counters and the next request
reads it afresh.
"""
from __future__ import annotations

import contextlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine

from core.agenda import Agenda
from core.store import (CapExceeded, Collection, FormTarget, NotFound, Workspace, connect, copy_descriptions,
                        database_url, feed_workspace, form_target, in_use, load_collection, load_drafts,
                        load_programme, picks_of, picks_of_client, prepare, revisions, save_browser_picks,
                        submit_answer, writing)

_engine: Engine | None = None
_engine_lock = threading.Lock()
_KEPT = 32  # programmes kept in memory, newest used first; a 2,000-session programme takes a few MB


def engine() -> Engine:
    """The database, at the latest schema version; made on first use, once per process."""
    global _engine
    with _engine_lock:
        if _engine is None:
            made = connect(database_url())
            prepare(made)
            _engine = made
    return _engine


def reset_engine() -> None:
    """Forget the engine and every programme kept (tests point the app at a new database)."""
    global _engine
    with _engine_lock:
        if _engine is not None:
            _engine.dispose()
        _engine = None
    _programmes.clear()


@dataclass(frozen=True)
class Programme:
    """A workspace's programme with the timetable in use applied, and what identifies this version of it."""

    ws_id: str
    name: str
    agenda: Agenda
    stamp: tuple  # the change counters it was read at: the same stamp, the same programme
    changed_at: datetime  # the workspace's last change when it was read (UTC)
    by_id: dict  # session id -> its row (title, speakers, room, start, end), for a form's page
    copy: dict  # session id -> the abstract written for it (ExportCopy), as the organiser chose to publish copy


_programmes: OrderedDict[str, Programme] = OrderedDict()
_programmes_lock = threading.Lock()


def programme(ws_id: str, found: Workspace | None = None) -> Programme | None:
    """The workspace's programme as the organiser's pages show it, or None when it has none. `found`: the
    workspace as just read with its change counters, when the caller has it."""
    if found is None:
        try:
            found = revisions(engine(), ws_id)
        except NotFound:  # deleted since the token was read
            return None
    stamp = (found.revisions["programme"], found.revisions["timetable"], found.revisions["copy"], found.timetable_id)
    with _programmes_lock:
        kept = _programmes.get(ws_id)
        if kept is not None and kept.stamp == stamp:
            _programmes.move_to_end(ws_id)
            return kept
    loaded = load_programme(engine(), ws_id)
    if loaded is None:
        return None
    agenda, _ = in_use(engine(), loaded, found.timetable_id)
    rows = agenda.sessions[["session_id", "title", "speakers", "room", "start", "end"]].to_dict("records")
    copy = copy_descriptions(load_drafts(engine(), ws_id), load_collection(engine(), ws_id).approved_only)
    made = Programme(ws_id, found.name, agenda, stamp, found.updated_at, {r["session_id"]: r for r in rows}, copy)
    with _programmes_lock:
        _programmes[ws_id] = made
        while len(_programmes) > _KEPT:
            _programmes.popitem(last=False)
    return made


def save_picks(ws_id: str, client: str, session_ids: list[str]) -> str:
    """A browser's picks, replacing its earlier ones; its picks token. Raises CapExceeded when the event is full."""
    made = engine()
    queue = _sqlite_writes if made.dialect.name == "sqlite" else contextlib.nullcontext()
    with queue, writing(made) as conn:
        return save_browser_picks(conn, ws_id, client, session_ids)


def picks(token: str) -> tuple[str, list[str], str] | None:
    """(workspace id, the sessions picked, the token) for a browser's picks token."""
    found = picks_of(engine(), token)
    return None if found is None else (*found, token)


def picks_of_browser(ws_id: str, client: str) -> tuple[str, list[str], str] | None:
    """The same, found by the browser's cookie."""
    found = picks_of_client(engine(), ws_id, client)
    return None if found is None else (ws_id, found[1], found[0])


def form(token: str) -> FormTarget | None:
    return form_target(engine(), token)


def feed(token: str) -> Workspace | None:
    return feed_workspace(engine(), token)


# SQLite takes one writer at a time, and a writer that finds it busy sleeps in growing steps (up to 100 ms) before
# trying again: fifty answers arriving at once after a keynote would wait seconds for each other. Queued on a
# lock here instead, each starts the moment the one before commits. PostgreSQL needs no such queue.
_sqlite_writes = threading.Lock()


def store_answer(target: FormTarget, client: str, rating: int | None, text: str, improve: str,
                 at: datetime) -> bool:
    """True when the answer replaced this browser's earlier one. Raises CapExceeded when the event is full."""
    made = engine()
    queue = _sqlite_writes if made.dialect.name == "sqlite" else contextlib.nullcontext()
    with queue, writing(made) as conn:
        return submit_answer(conn, target, client, rating, text, improve, at)


__all__ = ["CapExceeded", "Collection", "FormTarget", "Programme", "engine", "feed", "form", "picks",
           "picks_of_browser", "programme", "reset_engine", "save_picks", "store_answer"]
