"""The feedback page's writes and reads of what the organiser set: corrections, categories, held-back comments and
the adapted head. Each write is one change to the workspace (see `dashboard.workspace`), written as it happens."""
from __future__ import annotations

from core.store import feedback as store_feedback
from dashboard import workspace
# the workspace's change machinery: one transaction per change, kept for later while the database is away
from dashboard.workspace.changes import change, on_current
from dashboard.workspace.reads import read


def _on_comments(what: str, write) -> None:
    change("feedback", what, on_current(store_feedback.current_id, write))


def settings() -> store_feedback.Settings:
    opened = workspace.current()
    return read("feedback_settings", ("feedback",), lambda e: store_feedback.settings(e, opened.id)) \
        or store_feedback.Settings()


def correct(positions: list[int], label: str | None) -> None:
    _on_comments("the corrected labels", lambda conn, ws_id, set_id, by: store_feedback.correct(
        conn, ws_id, set_id, positions, label, by))


def hold_back(positions: list[int], held: bool) -> None:
    _on_comments("the held-back comments", lambda conn, ws_id, set_id, by: store_feedback.hold_back(
        conn, ws_id, set_id, positions, bool(held), by))


def move(positions: list[int], category: str) -> None:
    _on_comments("the moved comments", lambda conn, ws_id, set_id, by: store_feedback.move(
        conn, ws_id, set_id, positions, category, by))


def save_assignments(assigned: dict[int, str]) -> None:
    _on_comments("the categories of the comments", lambda conn, ws_id, set_id, by: store_feedback.save_assignments(
        conn, ws_id, set_id, assigned, by))


def save_categories(categories: dict[str, str]) -> None:
    opened, by = workspace.current(), workspace.who()
    change("feedback", "the categories", lambda conn: store_feedback.save_categories(
        conn, opened.id, store_feedback.current_id(conn, opened.id), categories, by))


def save_head(head: dict, labels: list[str]) -> None:
    _on_comments("the adapted classifier", lambda conn, ws_id, set_id, by: store_feedback.save_head(
        conn, ws_id, set_id, head, labels, by))


def use_head(on: bool) -> None:
    opened, by = workspace.current(), workspace.who()
    change("feedback", "switching the adapted classifier", lambda conn: store_feedback.use_head(conn, opened.id, on, by))
