"""Attendees' interest in the workspace: their picks (from the programme's public page or an upload) and the
organiser's expected audience per session. Picks change only the "audience" area, so a burst of stars never
makes a page reread the programme or the comments."""
from __future__ import annotations

from core import store
from dashboard.state import CACHED_EXPECTED, CACHED_PICKS, CACHED_UNAVAILABLE
from dashboard.workspace.changes import change
from dashboard.workspace.connection import current, who
from dashboard.workspace.reads import read


def picks() -> list[list[str]]:
    opened = current()
    return read(CACHED_PICKS, lambda e: store.load_picks(e, opened.id)) or []


def expected() -> dict[str, int]:
    opened = current()
    return read(CACHED_EXPECTED, lambda e: store.load_expected(e, opened.id)) or {}


def upload_picks(pairs: list[tuple[str, str]], filename: str) -> None:
    opened, by = current(), who()
    change("audience", f"the picks from {filename}", lambda conn: store.upload_picks(
        conn, opened.id, pairs, by, f"loaded attendees' picks from {filename}"))


def set_expected(values: dict[str, int | None]) -> None:
    opened, by = current(), who()
    change("audience", "the expected audiences", lambda conn: store.set_expected(conn, opened.id, values, by))


def unavailable() -> list[tuple]:
    """(speaker, start, end) of every unavailable time the organiser gave."""
    opened = current()
    return read(CACHED_UNAVAILABLE, lambda e: store.load_unavailable(e, opened.id)) or []


def set_unavailable(times: list[tuple]) -> None:
    opened, by = current(), who()
    change("audience", "the speakers' unavailable times", lambda conn: store.set_unavailable(conn, opened.id, times,
                                                                                            by))


def set_capacity(seats: dict[str, int | None]) -> None:
    """Seats per room of the programme (a change to the programme: every page sees the new capacity)."""
    opened, by = current(), who()
    change("programme", "the rooms' seats", lambda conn: store.set_capacity(conn, opened.id, seats, by))
