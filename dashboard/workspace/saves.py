"""Saving the programme, its timetables and the feedback: one change each (see `changes`)."""
from __future__ import annotations

import pandas as pd

from core.agenda.schedule import Repair
from core.agenda.table import Agenda
from core.feedback.comments import Feedback
from core.store import feedback as store_feedback
from core.store import programme as store_programme
from core.store import workspaces as store
from dashboard.workspace.changes import change, on_current
from dashboard.workspace.connection import current, who

def save_programme(agenda: Agenda, filename: str) -> None:
    opened, by = current(), who()
    change("programme", f"the programme {filename}",
            lambda conn: store_programme.save(conn, opened.id, agenda, filename, by))
    if opened.pending:  # shown while the database is away
        opened.cache["programme"] = (None, store_programme.Programme(-1, filename, agenda, store.now(), by))
        opened.cache["agenda"] = (None, agenda)


def set_pins(ticks: dict[str, bool]) -> None:
    change("timetable", "the pinned sessions", on_current(
        store_programme.current_id, lambda conn, ws_id, programme_id, by: store_programme.set_pins(
            conn, ws_id, programme_id, ticks, by)))


def save_timetable(result: Repair, pins: list[str], threshold: float, max_moves: int) -> None:
    change("timetable", "the timetable found", on_current(
        store_programme.current_id, lambda conn, ws_id, programme_id, by: store_programme.save_timetable(
            conn, ws_id, programme_id, result, pins, threshold, max_moves, by)))


def use_timetable(timetable_id: int | None) -> None:
    opened, by = current(), who()
    change("timetable", "the timetable in use",
            lambda conn: store_programme.use_timetable(conn, opened.id, timetable_id, by))


def save_comments(feedback: Feedback, source: str, filename: str, mapping: dict) -> None:
    opened, by = current(), who()
    change("feedback", f"the comments from {filename}", lambda conn: store_feedback.save_comments(
        conn, opened.id, feedback, source, filename, mapping, by))


def save_labels(scored: pd.DataFrame, model: str) -> None:
    opened = current()
    change("feedback", "the labels", on_current(
        store_feedback.current_id, lambda conn, ws_id, set_id, by: store_feedback.save_labels(
            conn, ws_id, set_id, scored, model, by)))
    cached = opened.cache.get("comments")
    if opened.pending and cached is not None and cached[1] is not None:
        cached[1].scored, cached[1].labelled_by = scored, model  # shown while the database is away


def save_themes(found: list[dict]) -> None:
    opened = current()
    change("feedback", "the themes", on_current(
        store_feedback.current_id, lambda conn, ws_id, set_id, by: store_feedback.save_themes(
            conn, ws_id, set_id, found, by)))
    if opened.pending:
        opened.cache["themes"] = (None, found)


def save_report(title: str, html: str, key: str) -> None:
    opened, by = current(), who()
    change("feedback", f"the report “{title[:60]}”",
            lambda conn: store_feedback.save_report(conn, opened.id, title, html, key, by))


def delete_report(report_id: int) -> None:
    opened, by = current(), who()
    change("feedback", "deleting a report", lambda conn: store_feedback.delete_report(conn, opened.id, report_id, by))
