"""Attendees' interest: the sessions each wants to see, one set per browser (stars on the programme's public
page) or per attendee of an organiser's upload, and the organiser's own expected audience per session.

A browser's set is replaced by its next one, so one browser cannot stuff the counts; it gets a token of its own,
the link back to its picks and their calendar. Picks change the workspace's "audience" area only, so a burst of
stars never makes an organiser's page reread the programme or the comments.

    with writing(engine) as conn:
        token = save_browser_picks(conn, ws.id, client, ["S02", "S05"])
    sets = load_picks(engine, ws.id)           # [["S02", "S05"], …]
"""
from __future__ import annotations

from sqlalchemy import Connection, Engine, delete, insert, select

from core.store.db import count, reading, upsert
from core.store.schema import expected_audience, pick_sets, unavailable
from core.store.workspaces import TOKEN, WORKSPACE_CAPS, CapExceeded, new_token, now, touch

UPLOAD = "upload"
BROWSER = "browser"


def _clean(session_ids) -> list[str]:
    return list(dict.fromkeys(str(s)[:200] for s in session_ids if str(s).strip()))[:WORKSPACE_CAPS.picks_per_set]


def save_browser_picks(conn: Connection, ws_id: str, client: str, session_ids: list[str]) -> str:
    """This browser's picks, replacing its earlier ones; returns its token (the same one each time)."""
    row = conn.execute(select(pick_sets.c.token).where(pick_sets.c.workspace_id == ws_id,
                                                       pick_sets.c.client == client)).first()
    if row is None and count(conn, pick_sets, pick_sets.c.workspace_id == ws_id) >= WORKSPACE_CAPS.pick_sets:
        raise CapExceeded("This event holds as many attendees' picks as it can; yours were not kept.")
    token = row.token if row is not None and row.token else new_token()
    values = {"session_ids": _clean(session_ids), "updated_at": now(), "token": token}
    upsert(conn, pick_sets, {"workspace_id": ws_id, "client": client[:64], "source": BROWSER, **values},
           ["workspace_id", "client"], values)
    touch(conn, ws_id, "audience", "an attendee", None)
    return token


def picks_of(engine: Engine, token: str) -> tuple[str, list[str]] | None:
    """(workspace id, the sessions picked) for a browser's token, or None for a malformed or unknown one."""
    if not TOKEN.fullmatch(token or ""):
        return None
    with reading(engine) as conn:
        row = conn.execute(select(pick_sets.c.workspace_id, pick_sets.c.session_ids)
                           .where(pick_sets.c.token == token)).first()
    return None if row is None else (row.workspace_id, list(row.session_ids))


def picks_of_client(engine: Engine, ws_id: str, client: str) -> tuple[str, list[str]] | None:
    """(token, the sessions picked) of this browser in this workspace, or None."""
    with reading(engine) as conn:
        row = conn.execute(select(pick_sets.c.token, pick_sets.c.session_ids).where(
            pick_sets.c.workspace_id == ws_id, pick_sets.c.client == client[:64])).first()
    return None if row is None or not row.token else (row.token, list(row.session_ids))


def load_picks(engine: Engine, ws_id: str) -> list[list[str]]:
    """Every attendee's set of picks, browsers' and uploaded alike."""
    with reading(engine) as conn:
        return [list(r.session_ids) for r in conn.execute(
            select(pick_sets.c.session_ids).where(pick_sets.c.workspace_id == ws_id).order_by(pick_sets.c.id))]


def upload_picks(conn: Connection, ws_id: str, pairs: list[tuple[str, str]], who: str, what: str) -> int:
    """An organiser's picks (attendee id, session id), replacing their earlier upload (browsers' picks stay).
    Returns how many attendees it holds."""
    sets: dict[str, list[str]] = {}
    for attendee, session in pairs:
        sets.setdefault(str(attendee)[:50], []).append(str(session))
    browsers = count(conn, pick_sets, pick_sets.c.workspace_id == ws_id, pick_sets.c.source == BROWSER)
    if browsers + len(sets) > WORKSPACE_CAPS.pick_sets:
        raise CapExceeded(f"The file has {len(sets):,} attendees; with the {browsers:,} browsers' picks that is more "
                          f"than the {WORKSPACE_CAPS.pick_sets:,} an event holds. Nothing was changed.")
    conn.execute(delete(pick_sets).where(pick_sets.c.workspace_id == ws_id, pick_sets.c.source == UPLOAD))
    at = now()
    if sets:
        conn.execute(insert(pick_sets), [{"workspace_id": ws_id, "client": f"upload:{a}", "source": UPLOAD,
                                          "token": None, "session_ids": _clean(s), "updated_at": at}
                                         for a, s in sets.items()])
    touch(conn, ws_id, "audience", who, what)
    return len(sets)


def set_expected(conn: Connection, ws_id: str, values: dict[str, int | None], who: str) -> None:
    """The organiser's expected audience per session; None (or a blank) goes back to counting picks."""
    for session_id, expected in values.items():
        conn.execute(delete(expected_audience).where(expected_audience.c.workspace_id == ws_id,
                                                     expected_audience.c.session_id == session_id))
        if expected is not None:
            conn.execute(insert(expected_audience).values(workspace_id=ws_id, session_id=session_id,
                                                          expected=max(0, int(expected))))
    touch(conn, ws_id, "audience", who, f"set the expected audience of {len(values)} session"
                                        f"{'s' if len(values) != 1 else ''}")


def load_expected(engine: Engine, ws_id: str) -> dict[str, int]:
    with reading(engine) as conn:
        return {r.session_id: int(r.expected) for r in conn.execute(
            select(expected_audience).where(expected_audience.c.workspace_id == ws_id))}


def set_unavailable(conn: Connection, ws_id: str, times: list[tuple[str, object, object]], who: str) -> None:
    """Every speaker's unavailable times, (speaker, start, end), replacing the ones kept before."""
    conn.execute(delete(unavailable).where(unavailable.c.workspace_id == ws_id))
    rows = [{"workspace_id": ws_id, "speaker": str(name)[:200], "starts_at": start, "ends_at": end}
            for name, start, end in times if str(name).strip() and start is not None and end is not None
            and start < end]
    if rows:
        conn.execute(insert(unavailable), rows)
    touch(conn, ws_id, "audience", who, f"set {len(rows)} unavailable time{'s' if len(rows) != 1 else ''} of "
                                        "speakers")


def load_unavailable(engine: Engine, ws_id: str) -> list[tuple[str, object, object]]:
    with reading(engine) as conn:
        return [(r.speaker, r.starts_at, r.ends_at) for r in conn.execute(
            select(unavailable).where(unavailable.c.workspace_id == ws_id).order_by(unavailable.c.id))]
