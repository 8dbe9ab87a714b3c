"""What the organiser sets on the feedback page: corrected labels, categories, held-back comments and the adapted
head. Each is one change to the workspace (see `changes`), written as it happens."""
from __future__ import annotations

from core import store
from dashboard.workspace.changes import change, on_current
from dashboard.workspace.connection import current, who


def _on_comments(what: str, write) -> None:
    change("feedback", what, on_current(store.current_comment_set_id, write))


def correct(positions: list[int], label: str | None) -> None:
    _on_comments("the corrected labels", lambda conn, ws_id, set_id, by: store.correct(
        conn, ws_id, set_id, positions, label, by))


def hold_back(positions: list[int], held: bool) -> None:
    _on_comments("the held-back comments", lambda conn, ws_id, set_id, by: store.hold_back(
        conn, ws_id, set_id, positions, bool(held), by))


def move_to_category(positions: list[int], category: str) -> None:
    _on_comments("the moved comments", lambda conn, ws_id, set_id, by: store.move_to_category(
        conn, ws_id, set_id, positions, category, by))


def save_assignments(assigned: dict[int, str]) -> None:
    _on_comments("the categories of the comments", lambda conn, ws_id, set_id, by: store.save_assignments(
        conn, ws_id, set_id, assigned, by))


def save_categories(categories: dict[str, str]) -> None:
    opened, by = current(), who()
    change("feedback", "the categories", lambda conn: store.save_categories(
        conn, opened.id, store.current_comment_set_id(conn, opened.id), categories, by))


def save_head(head: dict, labels: list[str]) -> None:
    _on_comments("the adapted classifier", lambda conn, ws_id, set_id, by: store.save_head(
        conn, ws_id, set_id, head, labels, by))


def use_head(on: bool) -> None:
    opened, by = current(), who()
    change("feedback", "switching the adapted classifier", lambda conn: store.use_head(conn, opened.id, on, by))
