"""Attendee forms, live feeds and moderation: what the Workspace page and the feedback queue read and change.
Each change is one change to the workspace (see `changes`); reads come from this session's copy until the
feedback or programme area changes (a new answer raises the feedback area's counter)."""
from __future__ import annotations

from core import store
from dashboard.state import CACHED_COLLECTION, CACHED_FORM_LINKS, CACHED_NEW_RESPONSES
from dashboard.workspace.changes import change, on_current
from dashboard.workspace.connection import DOWN, current, engine, who
from dashboard.workspace.reads import read


def collection() -> store.Collection:
    opened = current()
    return read(CACHED_COLLECTION, lambda e: store.load_collection(e, opened.id)) or store.Collection()


def form_links() -> dict[str, store.FormLink]:
    opened = current()
    return read(CACHED_FORM_LINKS, lambda e: store.form_links(e, opened.id)) or {}


def new_responses() -> dict[str, int]:
    """session id -> form answers waiting in the moderation queue."""
    opened = current()
    return read(CACHED_NEW_RESPONSES, lambda e: store.new_responses(e, opened.id)) or {}


def new_responses_now() -> dict[str, int]:
    """The same, read from the database now: for a part of the page that refreshes on a timer."""
    opened = current()
    if opened is None:
        return {}
    try:
        return store.new_responses(engine(), opened.id)
    except DOWN:
        return {}


def set_collection(**values) -> None:
    opened, by = current(), who()
    change("feedback", "the attendee form settings", lambda conn: store.set_collection(conn, opened.id, by, **values))


def issue_forms(session_ids: list[str]) -> None:
    opened, by = current(), who()
    change("feedback", "the form links", lambda conn: store.issue_forms(conn, opened.id, session_ids, by))


def reissue_form(session_id: str) -> None:
    opened, by = current(), who()
    change("feedback", "a new form link", lambda conn: store.reissue_form(conn, opened.id, session_id, by))


def set_form_state(session_ids: list[str], state: str) -> None:
    opened, by = current(), who()
    change("feedback", "the forms' state", lambda conn: store.set_form_state(conn, opened.id, session_ids, state, by))


def issue_feed() -> None:
    opened, by = current(), who()
    change("programme", "a new feed link", lambda conn: store.issue_feed(conn, opened.id, by))


def revoke_feed() -> None:
    opened, by = current(), who()
    change("programme", "switching the feeds off", lambda conn: store.revoke_feed(conn, opened.id, by))


def moderate(positions: list[int], status: str, reason: str | None = None) -> None:
    change("feedback", "the moderated comments", on_current(
        store.current_comment_set_id, lambda conn, ws_id, set_id, by: store.moderate(
            conn, ws_id, set_id, positions, status, reason, by)))


def edit_comment(position: int, text: str) -> None:
    change("feedback", "the edited comment", on_current(
        store.current_comment_set_id, lambda conn, ws_id, set_id, by: store.edit_text(
            conn, ws_id, set_id, position, text, by)))
