"""Opening, sharing and closing a workspace. It rides in the URL (`?w=<id>`), so a reload, a bookmark or a link
sent to the team reopens it; `sync` runs once per page run, before the page."""
from __future__ import annotations

from typing import Callable

import pandas as pd
import streamlit as st
from sqlalchemy import Connection

from core import store
from dashboard.page_index import HOME
from dashboard.state import WORKSPACE as SESSION
from dashboard.workspace.changes import apply, flush
from dashboard.workspace.connection import (DOWN, Opened, Write, current, down_message, engine, signed_in, tell,
                                            who)

PARAM = "w"  # the query parameter that carries the workspace's id


def _adopt(ws: store.Workspace) -> Opened:
    opened = Opened(ws.id, ws.name, dict(ws.revisions), ws.timetable_id)
    st.session_state[SESSION] = opened
    st.query_params[PARAM] = ws.id
    return opened


def sync() -> None:
    """Once per page run, before the page: the link and the session agree, waiting changes are written, and the
    change counters are read, so the page rereads what another session changed."""
    token = st.query_params.get(PARAM)
    opened = current()
    if token and (opened is None or opened.id != token):
        open_link(token)
        opened = current()
    elif opened is not None and token != opened.id:
        st.query_params[PARAM] = opened.id  # a page switch cleared it: keep the workspace in the URL
    if opened is None:
        return
    flush(opened)
    refresh()


def refresh() -> None:
    """Read the workspace's change counters: what another session changed is reread on the next read."""
    opened = current()
    if opened is None or opened.pending:
        return
    try:
        ws = store.revisions(engine(), opened.id)
    except store.NotFound:
        close()
        tell(store.NOT_FOUND + " It may have been deleted.")
        return
    except DOWN as exc:
        opened.paused = down_message(exc)
        return
    opened.paused = None
    opened.name, opened.revisions, opened.timetable_id = ws.name, dict(ws.revisions), ws.timetable_id


def open_link(text: str) -> bool:
    """Open the workspace of a pasted link or id; False (and a notice) when there is none this visitor may open."""
    token = text.strip().rsplit(f"{PARAM}=", 1)[-1].split("&")[0].strip("/ ")
    try:
        ws = store.open_workspace(engine(), token, signed_in())
    except store.NotFound:
        close()
        tell(store.NOT_FOUND)
        return False
    except DOWN as exc:
        tell(down_message(exc) + " Try the link again in a moment.")
        return False
    _adopt(ws)
    return True


def close() -> None:
    st.session_state.pop(SESSION, None)
    if PARAM in st.query_params:
        del st.query_params[PARAM]


def create(name: str, setup: Callable[[Connection, str], None] | None = None) -> Opened | None:
    """A new workspace, opened. `setup` fills it inside the same transaction (the demo event's programme and
    comments). None, with a notice, while the database cannot be reached: a workspace must exist to be shared."""
    token, owner, by = store.new_token(), signed_in(), who()

    def run(conn: Connection) -> None:
        store.create_in(conn, token, name, by, owner)
        if setup is not None:
            setup(conn, token)

    opened = Opened(token, name.strip()[:200] or "Untitled event", {area: 0 for area in store.AREAS})
    try:
        apply(opened, Write("programme", "the new workspace", run))
    except DOWN as exc:
        tell(down_message(exc) + " A new workspace can be made once it is back.")
        return None
    st.session_state[SESSION] = opened
    st.query_params[PARAM] = token
    return opened


def create_demo() -> Opened | None:
    """A fresh copy of the demo event in a new workspace of this visitor's own: no two visitors write over each
    other's demo."""
    by = who()
    return create(store.demo_name(), lambda conn, token: store.fill_demo(conn, token, by))


def demo_name() -> str:
    return store.demo_name()


def require() -> Opened:
    """The open workspace, or a pointer to Home and the end of this page run."""
    opened = current()
    if opened is None:
        st.info("Open a workspace on **Home** first: load the demo event, start a new one, or open a link your "
                "team sent you.", icon=":material/info:")
        st.page_link(str(HOME.path), label="Go to Home", icon=HOME.icon)
        st.stop()
    return opened


def link(opened: Opened) -> str:
    """The link that reopens this workspace, for the organiser to send to their team."""
    base = (st.context.url or "").split("?")[0].rstrip("/")
    return f"{base}/?{PARAM}={opened.id}" if base else f"?{PARAM}={opened.id}"


def history() -> pd.DataFrame:
    try:
        return store.history(engine(), current().id)
    except DOWN:
        return pd.DataFrame(columns=["at", "who", "what"])


def members() -> list[str]:
    return store.members_of(engine(), current().id)


def mine() -> list[store.Workspace]:
    """The signed-in user's workspaces (their own and those shared with them)."""
    user = signed_in()
    if user is None:
        return []
    try:
        return store.for_user(engine(), user)
    except DOWN:
        return []


def rename(name: str) -> None:
    store.rename_workspace(engine(), current().id, name, who())
    current().name = name.strip()[:200]


def share(email: str) -> str:
    return store.share(engine(), current().id, email, who())


def unshare(email: str) -> None:
    store.unshare(engine(), current().id, email, who())


def delete() -> None:
    store.delete_workspace(engine(), current().id)
    close()


def export() -> bytes:
    return store.export_workspace(engine(), current().id)


def restore(data: bytes) -> Opened:
    return _adopt(store.restore_workspace(engine(), data, who(), signed_in()))
