"""The demo event as a workspace's contents: each visitor who loads it gets a fresh copy, so no two visitors ever
write over each other."""
from __future__ import annotations

from sqlalchemy import Connection

from core.agenda.table import from_event_agenda
from core.events import load_demo_event
from core.feedback.categories import STARTER
from core.feedback.comments import from_event
from core.store import feedback, programme

FILENAME = "the demo event"


def fill(conn: Connection, ws_id: str, who: str) -> None:
    """Inside the transaction that creates the workspace: the demo's programme, its comments, and the starter
    categories (so a visitor sees comments sorted at once)."""
    event = load_demo_event()
    programme.save(conn, ws_id, from_event_agenda(event.agenda), FILENAME, who)
    set_id = feedback.save_comments(conn, ws_id, from_event(event.feedback, event.agenda), "demo", FILENAME, {}, who)
    feedback.save_categories(conn, ws_id, set_id, dict(STARTER), who)


def name() -> str:
    return load_demo_event().name
