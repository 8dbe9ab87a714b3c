"""Saving the programme, its timetables and the feedback: one change each (see `changes`)."""
from __future__ import annotations

import pandas as pd

from core import store
from core.agenda import Agenda, Repair
from core.feedback import Feedback
from dashboard.state import CACHED_AGENDA, CACHED_COMMENTS, CACHED_PROGRAMME, CACHED_THEMES
from dashboard.workspace.changes import change, on_current
from dashboard.workspace.connection import current, who


def save_programme(agenda: Agenda, filename: str) -> None:
    opened, by = current(), who()
    change("programme", f"the programme {filename}",
            lambda conn: store.save_programme(conn, opened.id, agenda, filename, by))
    if opened.pending:  # shown while the database is away
        opened.cache[CACHED_PROGRAMME.name] = (None, store.Programme(-1, filename, agenda, store.now(), by))
        opened.cache[CACHED_AGENDA.name] = (None, agenda)


def set_pins(ticks: dict[str, bool]) -> None:
    change("timetable", "the pinned sessions", on_current(
        store.current_programme_id, lambda conn, ws_id, programme_id, by: store.set_pins(
            conn, ws_id, programme_id, ticks, by)))


def save_timetable(result: Repair, pins: list[str], threshold: float, max_moves: int) -> None:
    change("timetable", "the timetable found", on_current(
        store.current_programme_id, lambda conn, ws_id, programme_id, by: store.save_timetable(
            conn, ws_id, programme_id, result, pins, threshold, max_moves, by)))


def use_timetable(timetable_id: int | None) -> None:
    opened, by = current(), who()
    change("timetable", "the timetable in use",
            lambda conn: store.use_timetable(conn, opened.id, timetable_id, by))


def save_comments(feedback: Feedback, source: str, filename: str, mapping: dict) -> None:
    opened, by = current(), who()
    change("feedback", f"the comments from {filename}", lambda conn: store.save_comments(
        conn, opened.id, feedback, source, filename, mapping, by))


def save_labels(scored: pd.DataFrame, model: str) -> None:
    opened = current()
    change("feedback", "the labels", on_current(
        store.current_comment_set_id, lambda conn, ws_id, set_id, by: store.save_labels(
            conn, ws_id, set_id, scored, model, by)))
    cached = opened.cache.get(CACHED_COMMENTS.name)
    if opened.pending and cached is not None and cached[1] is not None and \
            len(scored) == len(cached[1].feedback.comments):  # a first reading, shown while the database is away
        cached[1].scored, cached[1].labelled_by = scored, model


def save_themes(found: list[dict]) -> None:
    opened = current()
    change("feedback", "the themes", on_current(
        store.current_comment_set_id, lambda conn, ws_id, set_id, by: store.save_themes(
            conn, ws_id, set_id, found, by)))
    if opened.pending:
        opened.cache[CACHED_THEMES.name] = (None, found)


def save_report(title: str, html: str, key: str) -> None:
    opened, by = current(), who()
    change("feedback", f"the report “{title[:60]}”",
            lambda conn: store.save_report(conn, opened.id, title, html, key, by))


def delete_report(report_id: int) -> None:
    opened, by = current(), who()
    change("feedback", "deleting a report", lambda conn: store.delete_report(conn, opened.id, report_id, by))
