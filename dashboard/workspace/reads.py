"""Reading the workspace: each value from this session's copy while the areas it depends on are unchanged, so a
page run asks the database one small question (the change counters) and rereads only what another session
changed."""
from __future__ import annotations

from typing import Callable

import streamlit as st
from sqlalchemy import Engine

from core.agenda.table import Agenda
from core.store import drafts as store_drafts
from core.store import feedback as store_feedback
from core.store import programme as store_programme
from core.store import workspaces as store
from core.store.db import database_url
from dashboard.workspace.connection import DOWN, current, down_message, engine

def read(name: str, areas: tuple[str, ...], load: Callable[[Engine], object], shared: bool = False):
    """A value of the workspace, from this session's copy while the areas it depends on are unchanged.

    `shared` values (the large ones) also come from a copy the whole server process keeps, keyed by the same
    change counters, so a reload or a teammate on the same server does not read them from the database again."""
    opened = current()
    if opened is None:
        return None
    stamp = tuple(opened.revisions.get(a, 0) for a in areas) + (opened.timetable_id,)
    hit = opened.cache.get(name)
    if hit is not None and (hit[0] == stamp or opened.pending):
        return hit[1]  # unchanged, or this session has changes the database has not seen yet
    try:
        loaded = _shared(database_url(), opened.id, name, stamp, load) if shared else load(engine())
    except DOWN as exc:
        opened.paused = down_message(exc)
        return hit[1] if hit is not None else None
    opened.cache[name] = (stamp, loaded)
    return loaded


@st.cache_data(max_entries=8, ttl=3600, show_spinner=False)  # ~3 MB each for 10,000 comments
def _shared(url: str, ws_id: str, name: str, stamp: tuple, _load: Callable[[Engine], object]):
    """The process-wide copy: keyed by database, workspace, value and change counters (never stale); each session
    gets its own unpickled copy, so no session can change another's."""
    return _load(engine())


def programme() -> store_programme.Programme | None:
    opened = current()
    return read("programme", ("programme",), lambda e: store_programme.load(e, opened.id), shared=True)


def agenda() -> Agenda | None:
    """The agenda every page works on: the programme, with the timetable in use applied."""
    found = programme()
    if found is None:
        return None
    opened = current()
    return read("agenda", ("programme", "timetable"),
                 lambda e: store_programme.in_use(e, found, opened.timetable_id)[0], shared=True)


def timetable_in_use() -> store_programme.Timetable | None:
    found = programme()
    opened = current()
    if found is None or opened.timetable_id is None:
        return None
    return read("in_use", ("programme", "timetable"), lambda e: store_programme.timetable(e, found, opened.timetable_id))


def latest_timetable() -> store_programme.Timetable | None:
    found = programme()
    if found is None:
        return None
    return read("latest_timetable", ("programme", "timetable"), lambda e: store_programme.latest_timetable(e, found))


def pin_ticks() -> dict[str, bool] | None:
    found = programme()
    if found is None:
        return None
    return read("pins", ("programme", "timetable"), lambda e: store_programme.pin_ticks(e, found.id))


def drafts() -> dict:
    opened = current()
    return read("drafts", ("copy",), lambda e: store_drafts.load(e, opened.id), shared=True) or {}


def job() -> store_drafts.Job | None:
    opened = current()
    return read("job", ("copy",), lambda e: store_drafts.current_job(e, opened.id))


def comment_set() -> store_feedback.CommentSet | None:
    opened = current()
    return read("comments", ("feedback",), lambda e: store_feedback.load(e, opened.id), shared=True)


def stored_themes() -> list[dict] | None:
    found = comment_set()
    if found is None:
        return None
    return read("themes", ("feedback",), lambda e: store_feedback.load_themes(e, found.id))


def counts() -> dict[str, int]:
    opened = current()
    return read("counts", store.AREAS, lambda e: store.counts(e, opened.id)) or {}


def reports() -> list[store_feedback.Report]:
    opened = current()
    return read("reports", ("feedback",), lambda e: store_feedback.list_reports(e, opened.id)) or []


def report_download(report_id: int) -> bytes:
    """The report's bytes, read with the page (a few hundred KB from the database, milliseconds) so the button is
    a plain link: Streamlit's deferred download, which reads them on the click, lost clicks on a busy machine."""
    return (store_feedback.report_html(engine(), current().id, report_id) or "").encode("utf-8")
