"""The workspace database and who is using it: the engine, this browser session's view of its workspace
(`Opened`), the visitor's name for the change log, and notices left for the next page run."""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable
from zoneinfo import ZoneInfo

import streamlit as st
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import InterfaceError, OperationalError

from core.config import value
from core import store
from dashboard.state import NOTICE, VISITOR, WORKSPACE as SESSION

DOWN = (OperationalError, InterfaceError)  # the database is unreachable (or busy past the timeout): try later


@dataclass
class Write:
    area: str
    what: str  # said while it waits: "the programme agenda.csv"
    run: Callable[[Connection], object]


@dataclass
class Opened:
    """This browser session's view of its workspace."""

    id: str
    name: str
    revisions: dict = field(default_factory=dict)
    timetable_id: int | None = None
    cache: dict = field(default_factory=dict)  # name -> (revisions it was read at, value)
    pending: list[Write] = field(default_factory=list)  # changes waiting for the database, oldest first
    paused: str | None = None  # why saving is paused, when it is
    seen: dict = field(default_factory=dict)  # draft id -> the version this session shows
    writer: str = field(default_factory=lambda: secrets.token_hex(8))  # this session, as a batch's writer


def engine() -> Engine:
    """The workspace database, through Streamlit's connection (`[connections.events]` in secrets.toml, or
    EVENTS_DB_URL, which wins), at the latest schema version."""
    url = store.database_url()
    connection = st.connection("events", type="sql", url=url, **store.engine_options(url))
    result = store.configure(connection.engine)
    store.prepare(result)  # once per process; raises while the database is unreachable, so a later run retries
    return result


def down_message(exc: Exception) -> str:
    return ("The database cannot be reached right now" + (f" ({type(exc.orig).__name__})" if getattr(exc, "orig", None)
                                                          else "") + ".")


def auth_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all: Streamlit raises rather than answer no
        return False


def login_required() -> bool:
    return (value("EVENTS_REQUIRE_LOGIN") or "").strip().lower() in ("1", "true", "yes")


def signed_in() -> store.User | None:
    """The signed-in user, when login is configured and they are signed in."""
    user = st.user
    if not user.get("is_logged_in"):
        return None
    return store.User(str(user.get("iss", "")), str(user.get("sub") or user.get("email", "")),
                      str(user.get("email", "")), str(user.get("name", "")))


def who() -> str:
    """How the change log names this visitor."""
    user = signed_in()
    if user is not None:
        return user.label
    return (st.session_state.get(VISITOR) or "").strip()[:80] or "someone with the link"


def local_time(at: datetime | None) -> str:
    """A stored UTC time in the visitor's own time zone. Example: 14:02, or "3 Dec 14:02" on another day."""
    if at is None:
        return ""
    zone = st.context.timezone
    try:
        shown = at.replace(tzinfo=timezone.utc).astimezone(ZoneInfo(zone) if zone else timezone.utc)
    except Exception:  # an unknown zone name from the browser
        shown = at.replace(tzinfo=timezone.utc)
    today = datetime.now(shown.tzinfo).date()
    return f"{shown:%H:%M}" if shown.date() == today else f"{shown:%-d %b %H:%M}"


def current() -> Opened | None:
    return st.session_state.get(SESSION)


def notice() -> str | None:
    """The message left for this page run, once."""
    return st.session_state.pop(NOTICE, None)


def tell(message: str) -> None:
    """Leave a message for the next page run (the entrypoint shows it above the page)."""
    st.session_state[NOTICE] = message
