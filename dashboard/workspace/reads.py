"""Reading the workspace: each value from this session's copy while the areas it depends on are unchanged, so a
page run asks the database one small question (the change counters) and rereads only what another session
changed."""
from __future__ import annotations

from typing import Callable

import streamlit as st
from sqlalchemy import Engine

from core import store
from core.agenda import Agenda
from dashboard.state import (CACHED_AGENDA, CACHED_COMMENTS, CACHED_COUNTS, CACHED_DRAFTS, CACHED_FEEDBACK_SETTINGS,
                             CACHED_IN_USE, CACHED_JOB, CACHED_LATEST_TIMETABLE, CACHED_PINS, CACHED_PROGRAMME,
                             CACHED_REPORTS, CACHED_THEMES, Cached)
from dashboard.workspace.connection import DOWN, current, down_message, engine


def read(cached: Cached, load: Callable[[Engine], object], shared: bool = False):
    """A value of the workspace, from this session's copy while the areas it depends on are unchanged.

    `shared` values (the large ones) also come from a copy the whole server process keeps, keyed by the same
    change counters, so a reload or a teammate on the same server does not read them from the database again."""
    opened = current()
    if opened is None:
        return None
    name = cached.name
    stamp = tuple(opened.revisions.get(a, 0) for a in cached.areas) + (opened.timetable_id,)
    hit = opened.cache.get(name)
    if hit is not None and (hit[0] == stamp or opened.pending):
        return hit[1]  # unchanged, or this session has changes the database has not seen yet
    try:
        loaded = _shared(store.database_url(), opened.id, name, stamp, load) if shared else load(engine())
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


def programme() -> store.Programme | None:
    opened = current()
    return read(CACHED_PROGRAMME, lambda e: store.load_programme(e, opened.id), shared=True)


def agenda() -> Agenda | None:
    """The agenda every page works on: the programme, with the timetable in use applied."""
    found = programme()
    if found is None:
        return None
    opened = current()
    return read(CACHED_AGENDA, lambda e: store.in_use(e, found, opened.timetable_id)[0], shared=True)


def timetable_in_use() -> store.Timetable | None:
    found = programme()
    opened = current()
    if found is None or opened.timetable_id is None:
        return None
    return read(CACHED_IN_USE, lambda e: store.timetable(e, found, opened.timetable_id))


def latest_timetable() -> store.Timetable | None:
    found = programme()
    if found is None:
        return None
    return read(CACHED_LATEST_TIMETABLE, lambda e: store.latest_timetable(e, found))


def pin_ticks() -> dict[str, bool] | None:
    found = programme()
    if found is None:
        return None
    return read(CACHED_PINS, lambda e: store.pin_ticks(e, found.id))


def drafts() -> dict:
    opened = current()
    return read(CACHED_DRAFTS, lambda e: store.load_drafts(e, opened.id), shared=True) or {}


def job() -> store.Job | None:
    opened = current()
    return read(CACHED_JOB, lambda e: store.current_job(e, opened.id))


def comment_set() -> store.CommentSet | None:
    opened = current()
    return read(CACHED_COMMENTS, lambda e: store.load_comments(e, opened.id), shared=True)


def stored_themes() -> list[dict] | None:
    found = comment_set()
    if found is None:
        return None
    return read(CACHED_THEMES, lambda e: store.load_themes(e, found.id))


def counts() -> dict[str, int]:
    opened = current()
    return read(CACHED_COUNTS, lambda e: store.workspace_counts(e, opened.id)) or {}


def reports() -> list[store.Report]:
    opened = current()
    return read(CACHED_REPORTS, lambda e: store.list_reports(e, opened.id)) or []


def report_download(report_id: int) -> bytes:
    """The report's bytes, read with the page (a few hundred KB from the database, milliseconds) so the button is
    a plain link: Streamlit's deferred download, which reads them on the click, lost clicks on a busy machine."""
    return (store.report_html(engine(), current().id, report_id) or "").encode("utf-8")


def feedback_settings() -> store.Settings:
    """What the organiser set on the feedback page: corrections' head, categories (see `feedback_saves`)."""
    opened = current()
    return read(CACHED_FEEDBACK_SETTINGS, lambda e: store.feedback_settings(e, opened.id)) or store.Settings()
