"""Every change is written as it happens, in one transaction. When the database cannot be reached, the change is
kept in this browser session, the page says saving is paused, and it is written, in order, once the database
answers again.

    change("feedback", "the themes", lambda conn: store.save_themes(conn, ...))"""
from __future__ import annotations

from typing import Callable

from sqlalchemy import Connection

from core import store
from dashboard.state import CACHED
from dashboard.workspace.connection import DOWN, Opened, Write, current, down_message, engine, tell, who


def _forget(opened: Opened, area: str) -> None:
    """Drop this session's copies of what a change to `area` makes stale."""
    for cached in CACHED:
        if area in cached.areas:
            opened.cache.pop(cached.name, None)


def apply(opened: Opened, write: Write):
    """One change, one transaction; afterwards the session knows the area's new counter."""
    with store.writing(engine()) as conn:
        result = write.run(conn)
        try:
            ws = store.revisions_in(conn, opened.id)
        except store.NotFound:  # deleted meanwhile: the next page run says so
            ws = None
    if ws is not None:
        opened.revisions, opened.timetable_id, opened.name = dict(ws.revisions), ws.timetable_id, ws.name
    _forget(opened, write.area)
    return result


def flush(opened: Opened) -> None:
    """Write the changes that waited for the database, oldest first; stop at the first that still cannot go."""
    while opened.pending:
        try:
            apply(opened, opened.pending[0])
        except DOWN as exc:
            opened.paused = down_message(exc)
            return
        except Exception as exc:  # a change refused on its merits (a cap): say so, keep going with the next
            tell(f"Could not save {opened.pending[0].what}: {exc}")
        opened.pending.pop(0)
    opened.paused = None


def change(area: str, what: str, run: Callable[[Connection], object]):
    """Write one change now; if the database is away, keep it for later and say so. A change the store refuses
    (a cap) raises CapExceeded for the page to show; nothing of it is written."""
    opened = current()
    write = Write(area, what, run)
    if not opened.pending:
        try:
            return apply(opened, write)
        except DOWN as exc:
            opened.paused = down_message(exc)
    opened.pending.append(write)
    return None


def saving_status() -> str | None:
    """A plain sentence when saving is paused, for the sidebar and the page."""
    opened = current()
    if opened is None or not (opened.pending or opened.paused):
        return None
    waiting = len(opened.pending)
    return ((opened.paused or "The database is not answering.") + " Saving is paused: your work stays in this "
            "browser tab" + (f" ({waiting} change{'s' if waiting != 1 else ''} waiting)" if waiting else "")
            + " and is saved as soon as the database is back. Keep this tab open until then.")


def on_current(find: Callable[[Connection, str], int | None], write: Callable[..., object]):
    """A change to the workspace's current programme or comments, whose id is looked up inside the change's own
    transaction (a change that waited for the database may run after the programme was replaced)."""
    opened, by = current(), who()

    def run(conn: Connection):
        found = find(conn, opened.id)
        return None if found is None else write(conn, opened.id, found, by)

    return run
