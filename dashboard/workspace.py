"""The open workspace, for every page: the one module through which pages reach the store (`core.store`).

The workspace rides in the URL (`?w=<id>`), so a reload, a bookmark or a link sent to the team reopens it; the
entrypoint puts it back after every page switch. Each page run asks the database one small question (the
workspace's change counters) and rereads only the areas another session changed, so two people on one
workspace see each other's finished work on their next rerun.

Every change is written as it happens, in one transaction. When the database cannot be reached, the change is
kept in this browser session, the page says saving is paused, and it is written, in order, once the database
answers again.

    opened = require()                 # the workspace, or a prompt to open one and the end of the page run
    agenda_in_use = agenda()           # the programme, with the timetable in use applied
    save_programme(agenda, "agenda.csv")
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Callable
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st
from sqlalchemy import Connection, Engine, select
from sqlalchemy.exc import InterfaceError, OperationalError

from core.agenda.schedule import Repair
from core.agenda.table import Agenda
from core.config import value
from core.feedback.comments import Feedback
from core.store import backup
from core.store import drafts as store_drafts
from core.store import feedback as store_feedback
from core.store import programme as store_programme
from core.store import workspaces as store
from core.store.db import configure, database_url, engine_options, prepare, writing
from core.store.schema import workspaces as workspaces_table
from core.store.workspaces import CapExceeded, NotFound, User
from dashboard.page_index import HOME
from dashboard.state import NOTICE, VISITOR
from dashboard.state import WORKSPACE as SESSION

PARAM = "w"  # the query parameter that carries the workspace's id
DOWN = (OperationalError, InterfaceError)  # the database is unreachable (or busy past the timeout): try later
# what each kind of change makes stale in a session's copy
STALE = {"programme": ("programme", "agenda", "pins", "latest_timetable", "counts"),
         "timetable": ("agenda", "pins", "latest_timetable"),
         "copy": ("drafts", "job", "counts"), "feedback": ("comments", "themes", "reports", "counts", "feedback_settings")}


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


# ---- the database -------------------------------------------------------------------------------------------

def engine() -> Engine:
    """The workspace database, through Streamlit's connection (`[connections.events]` in secrets.toml, or
    EVENTS_DB_URL, which wins), at the latest schema version."""
    url = database_url()
    connection = st.connection("events", type="sql", url=url, **engine_options(url))
    result = configure(connection.engine)
    prepare(result)  # once per process; raises while the database is unreachable, so a later run retries
    return result


def _down_message(exc: Exception) -> str:
    return ("The database cannot be reached right now" + (f" ({type(exc.orig).__name__})" if getattr(exc, "orig", None)
                                                          else "") + ".")


# ---- who is here ----------------------------------------------------------------------------------------------

def auth_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all: Streamlit raises rather than answer no
        return False


def login_required() -> bool:
    return (value("EVENTS_REQUIRE_LOGIN") or "").strip().lower() in ("1", "true", "yes")


def signed_in() -> User | None:
    """The signed-in user, when login is configured and they are signed in."""
    user = st.user
    if not user.get("is_logged_in"):
        return None
    return User(str(user.get("iss", "")), str(user.get("sub") or user.get("email", "")), str(user.get("email", "")),
                str(user.get("name", "")))


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


# ---- opening and closing --------------------------------------------------------------------------------------

def current() -> Opened | None:
    return st.session_state.get(SESSION)


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
    _flush(opened)
    refresh()


def refresh() -> None:
    """Read the workspace's change counters: what another session changed is reread on the next read."""
    opened = current()
    if opened is None or opened.pending:
        return
    try:
        ws = store.revisions(engine(), opened.id)
    except NotFound:
        close()
        tell(store.NOT_FOUND + " It may have been deleted.")
        return
    except DOWN as exc:
        opened.paused = _down_message(exc)
        return
    opened.paused = None
    opened.name, opened.revisions, opened.timetable_id = ws.name, dict(ws.revisions), ws.timetable_id


def open_link(text: str) -> bool:
    """Open the workspace of a pasted link or id; False (and a notice) when there is none this visitor may open."""
    token = text.strip().rsplit(f"{PARAM}=", 1)[-1].split("&")[0].strip("/ ")
    try:
        ws = store.open_workspace(engine(), token, signed_in())
    except NotFound:
        close()
        tell(store.NOT_FOUND)
        return False
    except DOWN as exc:
        tell(_down_message(exc) + " Try the link again in a moment.")
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
        _apply(opened, Write("programme", "the new workspace", run))
    except DOWN as exc:
        tell(_down_message(exc) + " A new workspace can be made once it is back.")
        return None
    st.session_state[SESSION] = opened
    st.query_params[PARAM] = token
    return opened


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


def notice() -> str | None:
    """The message left for this page run, once."""
    return st.session_state.pop(NOTICE, None)


def tell(message: str) -> None:
    """Leave a message for the next page run (the entrypoint shows it above the page)."""
    st.session_state[NOTICE] = message


# ---- reading ---------------------------------------------------------------------------------------------------

def _read(name: str, areas: tuple[str, ...], load: Callable[[Engine], object], shared: bool = False):
    """A value of the workspace, from this session's copy while the areas it depends on are unchanged.

    `shared` values (the large ones) also come from a copy the whole server process keeps, keyed by the same
    change counters, so a reload or a teammate on the same server does not read them from the database again."""
    opened = current()
    if opened is None:
        return None
    stamp = tuple(opened.revisions.get(a, 0) for a in areas) + (opened.timetable_id,)
    hit = opened.cache.get(name)
    if hit is not None and (hit[0] == stamp or opened.pending):
        return hit[1]  # unchanged, or this session has changes the database has not seen yet
    try:
        loaded = _shared(database_url(), opened.id, name, stamp, load) if shared else load(engine())
    except DOWN as exc:
        opened.paused = _down_message(exc)
        return hit[1] if hit is not None else None
    opened.cache[name] = (stamp, loaded)
    return loaded


@st.cache_data(max_entries=8, ttl=3600, show_spinner=False)  # ~3 MB each for 10,000 comments
def _shared(url: str, ws_id: str, name: str, stamp: tuple, _load: Callable[[Engine], object]):
    """The process-wide copy: keyed by database, workspace, value and change counters (never stale); each session
    gets its own unpickled copy, so no session can change another's."""
    return _load(engine())


def programme() -> store_programme.Programme | None:
    opened = current()
    return _read("programme", ("programme",), lambda e: store_programme.load(e, opened.id), shared=True)


def agenda() -> Agenda | None:
    """The agenda every page works on: the programme, with the timetable in use applied."""
    found = programme()
    if found is None:
        return None
    opened = current()
    return _read("agenda", ("programme", "timetable"),
                 lambda e: store_programme.in_use(e, found, opened.timetable_id)[0], shared=True)


def timetable_in_use() -> store_programme.Timetable | None:
    found = programme()
    opened = current()
    if found is None or opened.timetable_id is None:
        return None
    return _read("in_use", ("programme", "timetable"), lambda e: store_programme.timetable(e, found, opened.timetable_id))


def latest_timetable() -> store_programme.Timetable | None:
    found = programme()
    if found is None:
        return None
    return _read("latest_timetable", ("programme", "timetable"), lambda e: store_programme.latest_timetable(e, found))


def pin_ticks() -> dict[str, bool] | None:
    found = programme()
    if found is None:
        return None
    return _read("pins", ("programme", "timetable"), lambda e: store_programme.pin_ticks(e, found.id))


def drafts() -> dict:
    opened = current()
    return _read("drafts", ("copy",), lambda e: store_drafts.load(e, opened.id), shared=True) or {}


def job() -> store_drafts.Job | None:
    opened = current()
    return _read("job", ("copy",), lambda e: store_drafts.current_job(e, opened.id))


def comment_set() -> store_feedback.CommentSet | None:
    opened = current()
    return _read("comments", ("feedback",), lambda e: store_feedback.load(e, opened.id), shared=True)


def stored_themes() -> list[dict] | None:
    found = comment_set()
    if found is None:
        return None
    return _read("themes", ("feedback",), lambda e: store_feedback.load_themes(e, found.id))


def counts() -> dict[str, int]:
    opened = current()
    return _read("counts", store.AREAS, lambda e: store.counts(e, opened.id)) or {}


def reports() -> list[store_feedback.Report]:
    opened = current()
    return _read("reports", ("feedback",), lambda e: store_feedback.list_reports(e, opened.id)) or []


def report_download(report_id: int) -> bytes:
    """The report's bytes, read with the page (a few hundred KB from the database, milliseconds) so the button is
    a plain link: Streamlit's deferred download, which reads them on the click, lost clicks on a busy machine."""
    return (store_feedback.report_html(engine(), current().id, report_id) or "").encode("utf-8")


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


# ---- writing ---------------------------------------------------------------------------------------------------

def _forget(opened: Opened, area: str) -> None:
    for name in STALE[area] + (("in_use",) if area in ("programme", "timetable") else ()):
        opened.cache.pop(name, None)


def _apply(opened: Opened, write: Write):
    """One change, one transaction; afterwards the session knows the area's new counter."""
    with writing(engine()) as conn:
        result = write.run(conn)
        row = conn.execute(select(workspaces_table).where(workspaces_table.c.id == opened.id)).first()
    if row is not None:
        opened.revisions = {area: getattr(row, f"rev_{area}") for area in store.AREAS}
        opened.timetable_id, opened.name = row.timetable_id, row.name
    _forget(opened, write.area)
    return result


def _flush(opened: Opened) -> None:
    """Write the changes that waited for the database, oldest first; stop at the first that still cannot go."""
    while opened.pending:
        try:
            _apply(opened, opened.pending[0])
        except DOWN as exc:
            opened.paused = _down_message(exc)
            return
        except Exception as exc:  # a change refused on its merits (a cap): say so, keep going with the next
            tell(f"Could not save {opened.pending[0].what}: {exc}")
        opened.pending.pop(0)
    opened.paused = None


def _change(area: str, what: str, run: Callable[[Connection], object]):
    """Write one change now; if the database is away, keep it for later and say so. A change the store refuses
    (a cap) raises CapExceeded for the page to show; nothing of it is written."""
    opened = current()
    write = Write(area, what, run)
    if not opened.pending:
        try:
            return _apply(opened, write)
        except DOWN as exc:
            opened.paused = _down_message(exc)
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


def save_programme(agenda: Agenda, filename: str) -> None:
    opened, by = current(), who()
    _change("programme", f"the programme {filename}",
            lambda conn: store_programme.save(conn, opened.id, agenda, filename, by))
    if opened.pending:  # shown while the database is away
        opened.cache["programme"] = (None, store_programme.Programme(-1, filename, agenda, store.now(), by))
        opened.cache["agenda"] = (None, agenda)


def _on_current(find: Callable[[Connection, str], int | None], write: Callable[..., object]):
    """A change to the workspace's current programme or comments, whose id is looked up inside the change's own
    transaction (a change that waited for the database may run after the programme was replaced)."""
    opened, by = current(), who()

    def run(conn: Connection):
        found = find(conn, opened.id)
        return None if found is None else write(conn, opened.id, found, by)

    return run


def set_pins(ticks: dict[str, bool]) -> None:
    _change("timetable", "the pinned sessions", _on_current(
        store_programme.current_id, lambda conn, ws_id, programme_id, by: store_programme.set_pins(
            conn, ws_id, programme_id, ticks, by)))


def save_timetable(result: Repair, pins: list[str], threshold: float, max_moves: int) -> None:
    _change("timetable", "the timetable found", _on_current(
        store_programme.current_id, lambda conn, ws_id, programme_id, by: store_programme.save_timetable(
            conn, ws_id, programme_id, result, pins, threshold, max_moves, by)))


def use_timetable(timetable_id: int | None) -> None:
    opened, by = current(), who()
    _change("timetable", "the timetable in use",
            lambda conn: store_programme.use_timetable(conn, opened.id, timetable_id, by))


def save_draft(session_key: str, kind: str, brief: dict, candidates: list[dict], unsupported: list[str],
               settings: dict, seed: int, engine_name: str, model: str, what: str | None = None,
               job_id: int | None = None) -> None:
    opened, by = current(), who()

    def run(conn: Connection) -> None:
        draft = store_drafts.save_written(conn, opened.id, session_key, kind, brief, candidates, unsupported,
                                          settings, seed, engine_name, model, by, what, job_id)
        opened.seen[draft.id] = draft.version

    _change("copy", f"the {kind} for “{brief.get('title', '')[:60]}”", run)
    if opened.pending:  # shown while the database is away, under a provisional id
        known = dict(drafts())
        known[(session_key, kind)] = store_drafts.Draft(
            -len(known) - 1, session_key, kind, brief, candidates[0]["text"] if candidates else "", None, 0,
            list(unsupported), "draft", settings, seed, engine_name, model, candidates, store.now(), by, 1)
        opened.cache["drafts"] = (None, known)


def edit_draft(draft: store_drafts.Draft, text: str, unsupported: list[str], what: str | None = None,
               pick: int | None = None) -> str | None:
    """Save the organiser's text; a sentence when it replaced a change made elsewhere that they had not seen."""
    opened, by = current(), who()
    seen = opened.seen.get(draft.id, draft.version)

    def run(conn: Connection) -> store_drafts.Edit:
        draft_id = draft.id if draft.id > 0 else store_drafts.id_of(conn, opened.id, draft.session_key, draft.kind)
        edit = store_drafts.save_edit(conn, opened.id, draft_id, text, unsupported, seen, by, what, pick)
        opened.seen[draft_id] = edit.version
        return edit

    edit = _change("copy", f"your edit of “{draft.brief.get('title', '')[:60]}”", run)
    if opened.pending:  # shown while the database is away
        draft.edited, draft.unsupported = text, list(unsupported)
        draft.pick = draft.pick if pick is None else pick
    if edit is not None and edit.replaced_by is not None:
        return (f"Your edit replaced a change {edit.replaced_by} made elsewhere at "
                f"{local_time(edit.replaced_at)}.")
    return None


def changed_elsewhere(draft: store_drafts.Draft) -> str | None:
    """A sentence, once, when another session changed this draft since this one last showed it."""
    opened = current()
    seen = opened.seen.get(draft.id)
    opened.seen[draft.id] = draft.version
    if seen is not None and seen < draft.version and draft.updated_by != who():
        return f"Changed elsewhere at {local_time(draft.updated_at)} by {draft.updated_by}; this is their text."
    return None


def set_status(draft: store_drafts.Draft, status: str) -> None:
    opened, by = current(), who()
    title = draft.brief.get("title", "")[:60]
    _change("copy", f"the status of “{title}”", lambda conn: store_drafts.set_status(
        conn, opened.id, draft.id, status, by, f"marked the {draft.kind} of “{title}” {status}"))


def start_job(kind: str, settings: dict, session_keys: list[str]) -> int | None:
    opened, by = current(), who()
    return _change("copy", "the batch", lambda conn: store_drafts.start_job(
        conn, opened.id, kind, settings, session_keys, by, opened.writer))


def resume_job(job_id: int) -> None:
    opened, by = current(), who()
    _change("copy", "resuming the batch", lambda conn: store_drafts.resume_job(conn, opened.id, job_id, opened.writer,
                                                                               by))


def keep_writing(job_id: int) -> bool:
    """Tell the store this session still writes the job; False when another session has taken it over."""
    opened = current()
    try:
        with writing(engine()) as conn:
            return store_drafts.beat(conn, job_id, opened.writer)
    except DOWN:
        return True  # no one else can take it over while the database is away either


def take_over(job: store_drafts.Job) -> bool:
    opened = current()
    try:
        with writing(engine()) as conn:
            return store_drafts.take_over(conn, job.id, job.writer, opened.writer)
    except DOWN:
        return False


def finish_job(job_id: int, status: str, what: str | None) -> None:
    opened, by = current(), who()
    _change("copy", "the end of the batch", lambda conn: store_drafts.finish_job(conn, opened.id, job_id, status,
                                                                                  by, what))


def save_comments(feedback: Feedback, source: str, filename: str, mapping: dict) -> None:
    opened, by = current(), who()
    _change("feedback", f"the comments from {filename}", lambda conn: store_feedback.save_comments(
        conn, opened.id, feedback, source, filename, mapping, by))


def save_labels(scored: pd.DataFrame, model: str) -> None:
    opened = current()
    _change("feedback", "the labels", _on_current(
        store_feedback.current_id, lambda conn, ws_id, set_id, by: store_feedback.save_labels(
            conn, ws_id, set_id, scored, model, by)))
    cached = opened.cache.get("comments")
    if opened.pending and cached is not None and cached[1] is not None:
        cached[1].scored, cached[1].labelled_by = scored, model  # shown while the database is away


def save_themes(found: list[dict]) -> None:
    opened = current()
    _change("feedback", "the themes", _on_current(
        store_feedback.current_id, lambda conn, ws_id, set_id, by: store_feedback.save_themes(
            conn, ws_id, set_id, found, by)))
    if opened.pending:
        opened.cache["themes"] = (None, found)


def save_report(title: str, html: str, key: str) -> None:
    opened, by = current(), who()
    _change("feedback", f"the report “{title[:60]}”",
            lambda conn: store_feedback.save_report(conn, opened.id, title, html, key, by))


def delete_report(report_id: int) -> None:
    opened, by = current(), who()
    _change("feedback", "deleting a report", lambda conn: store_feedback.delete_report(conn, opened.id, report_id, by))


def rename(name: str) -> None:
    store.rename(engine(), current().id, name, who())
    current().name = name.strip()[:200]


def share(email: str) -> str:
    return store.share(engine(), current().id, email, who())


def unshare(email: str) -> None:
    store.unshare(engine(), current().id, email, who())


def delete() -> None:
    store.delete_workspace(engine(), current().id)
    close()


def export() -> bytes:
    return backup.export(engine(), current().id)


def restore(data: bytes) -> Opened:
    return _adopt(backup.restore(engine(), data, who(), signed_in()))


__all__ = ["CapExceeded", "NotFound"]
