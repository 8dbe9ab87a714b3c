"""Attendee forms and live feeds: the workspace's settings for them, a private token per session's form and one
for the feeds, what attendees submit (stored as comments of the workspace, source "form") and the organiser's
moderation of it.

A form token is 128 random bits, like a workspace's own link; revoking one keeps its row, so its link can say
it was withdrawn (410) where an unknown one is simply not found (404). A submission lands in the workspace's
current comments, so every feedback view reads it on its next run; the same browser submitting again for the
same session replaces its earlier answer in place, which also stores a double tap or a retry once.

    with writing(engine) as conn:
        set_collection(conn, ws.id, "Ana", forms_on=True)
        issue_forms(conn, ws.id, ["S01", "S02"], "Ana")
    target = form_target(engine, token)                          # FormTarget(ws_id=…, session_id="S01", …)
    with writing(engine) as conn:
        submit(conn, target, client="c0ffee…", rating=5, text="Great!", improve="", at=now())
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine, bindparam, delete, func, insert, select, update

from core.store.db import latest, reading, upsert
from core.store.schema import collection, comment_sets, comments, session_forms, themes, workspaces
from core.store.workspaces import (TOKEN, WORKSPACE_CAPS, CapExceeded, Workspace, log, new_token, now, touch,
                                   workspace_of)

FORM_SOURCE = "form"  # the source of a comment an attendee submitted through the app
MODERATION = ("new", "approved", "hidden")  # a form answer waits, or was approved or hidden by the organiser
FORM_STATES = ("auto", "open", "closed", "off")


@dataclass(frozen=True)
class Collection:
    forms_on: bool = False
    opens_before_min: int = 10
    closes_after_min: int = 24 * 60
    feed_token: str | None = None
    approved_only: bool = False  # exports and feeds carry only copy a person approved


@dataclass(frozen=True)
class FormLink:
    session_id: str
    token: str
    state: str  # one of FORM_STATES


@dataclass(frozen=True)
class FormTarget:
    """What a form token opens: its workspace, session and state, and the workspace's settings."""

    token: str
    ws_id: str
    session_id: str
    state: str
    revoked: bool
    settings: Collection


def settings(conn: Connection, ws_id: str) -> Collection:
    row = conn.execute(select(collection).where(collection.c.workspace_id == ws_id)).first()
    if row is None:
        return Collection()
    return Collection(bool(row.forms_on), int(row.opens_before_min), int(row.closes_after_min), row.feed_token,
                      bool(row.approved_only))


def load_settings(engine: Engine, ws_id: str) -> Collection:
    with reading(engine) as conn:
        return settings(conn, ws_id)


def set_collection(conn: Connection, ws_id: str, who: str, **values) -> None:
    """Change forms_on, opens_before_min or closes_after_min; other settings stay."""
    unknown = set(values) - {"forms_on", "opens_before_min", "closes_after_min"}
    if unknown:
        raise ValueError(f"unknown settings: {sorted(unknown)}")
    _upsert(conn, ws_id, values)
    said = {"forms_on": lambda v: "switched attendee forms " + ("on" if v else "off"),
            "opens_before_min": lambda v: f"forms open {v} min before a session",
            "closes_after_min": lambda v: f"forms close {v} min after a session"}
    touch(conn, ws_id, "feedback", who, "; ".join(said[k](v) for k, v in values.items()))


def set_approved_only(conn: Connection, ws_id: str, on: bool, who: str) -> None:
    """Exports and live feeds carry only copy a person approved (on), or every draft with its status (off)."""
    _upsert(conn, ws_id, {"approved_only": bool(on)})
    touch(conn, ws_id, "copy", who, "exports carry " + ("approved copy only" if on else "every draft, labelled"))


def _upsert(conn: Connection, ws_id: str, values: dict) -> None:
    """Set these settings, making the workspace's row on first use (two organisers at once both succeed)."""
    upsert(conn, collection, {"workspace_id": ws_id, **values}, ["workspace_id"], values)


def form_links(engine: Engine, ws_id: str) -> dict[str, FormLink]:
    """session id -> its form's current link and state."""
    with reading(engine) as conn:
        rows = conn.execute(select(session_forms).where(session_forms.c.workspace_id == ws_id,
                                                        session_forms.c.revoked.is_(False))).all()
    return {r.session_id: FormLink(r.session_id, r.token, r.state) for r in rows}


def issue_forms(conn: Connection, ws_id: str, session_ids: list[str], who: str) -> int:
    """A form token for each of these sessions that has none yet; returns how many were made."""
    have = set(conn.execute(select(session_forms.c.session_id).where(
        session_forms.c.workspace_id == ws_id, session_forms.c.revoked.is_(False))).scalars())
    new = [s for s in dict.fromkeys(session_ids) if s not in have]
    if new:
        conn.execute(insert(session_forms), [{"token": new_token(), "workspace_id": ws_id, "session_id": s,
                                              "state": "auto", "revoked": False, "created_at": now()} for s in new])
        touch(conn, ws_id, "feedback", who, f"made attendee form links for {len(new):,} sessions")
    return len(new)


def reissue_form(conn: Connection, ws_id: str, session_id: str, who: str) -> str:
    """Withdraw the session's form link and give it a new one (its state carries over); returns the new token."""
    old = conn.execute(select(session_forms).where(session_forms.c.workspace_id == ws_id,
                                                   session_forms.c.session_id == session_id,
                                                   session_forms.c.revoked.is_(False))).first()
    conn.execute(update(session_forms).where(session_forms.c.workspace_id == ws_id,
                                             session_forms.c.session_id == session_id).values(revoked=True))
    token = new_token()
    conn.execute(insert(session_forms).values(token=token, workspace_id=ws_id, session_id=session_id,
                                              state=old.state if old else "auto", revoked=False, created_at=now()))
    touch(conn, ws_id, "feedback", who, f"gave session {session_id} a new form link; the old one no longer works")
    return token


def set_form_state(conn: Connection, ws_id: str, session_ids: list[str], state: str, who: str) -> None:
    if state not in FORM_STATES:
        raise ValueError(f"a form's state is one of {FORM_STATES}")
    conn.execute(update(session_forms).where(session_forms.c.workspace_id == ws_id,
                                             session_forms.c.session_id.in_(session_ids),
                                             session_forms.c.revoked.is_(False)).values(state=state))
    what = {"auto": "set to follow the timetable", "open": "opened", "closed": "closed", "off": "switched off"}
    touch(conn, ws_id, "feedback", who, f"{what[state]} the form of {len(session_ids):,} session(s)")


def issue_feed(conn: Connection, ws_id: str, who: str) -> str:
    """A new link for the live feeds; any earlier one stops working."""
    token = new_token()
    _upsert(conn, ws_id, {"feed_token": token})
    touch(conn, ws_id, "programme", who, "made a new link for the live programme feeds")
    return token


def revoke_feed(conn: Connection, ws_id: str, who: str) -> None:
    _upsert(conn, ws_id, {"feed_token": None})
    touch(conn, ws_id, "programme", who, "switched the live programme feeds off")


def form_target(engine: Engine, token: str) -> FormTarget | None:
    """What a form link opens, or None for a token that is malformed or was never issued."""
    if not TOKEN.fullmatch(token or ""):
        return None
    with reading(engine) as conn:
        row = conn.execute(select(session_forms).where(session_forms.c.token == token)).first()
        if row is None:
            return None
        return FormTarget(row.token, row.workspace_id, row.session_id, row.state, bool(row.revoked),
                          settings(conn, row.workspace_id))


def feed_workspace(engine: Engine, token: str) -> Workspace | None:
    """The workspace whose live feeds this token opens, as it is now (its change counters), or None. One query:
    a feed that has not changed is answered from this alone."""
    if not TOKEN.fullmatch(token or ""):
        return None
    with engine.connect() as conn:
        row = conn.execute(select(workspaces).join(collection, collection.c.workspace_id == workspaces.c.id)
                           .where(collection.c.feed_token == token)).first()
    return None if row is None else workspace_of(row)


def _comment_set(conn: Connection, ws_id: str) -> int:
    """The workspace's current comments, locked for this change; a first form answer starts them."""
    row = latest(conn, comment_sets, ws_id)
    if row is None:
        return conn.execute(insert(comment_sets).values(
            workspace_id=ws_id, source=FORM_SOURCE, filename="the app's attendee forms", mapping={}, notes=[],
            created_at=now(), created_by="attendees", labelled_by=None)).inserted_primary_key[0]
    if conn.dialect.name == "postgresql":  # SQLite's BEGIN IMMEDIATE already holds the only write lock
        conn.execute(select(comment_sets.c.id).where(comment_sets.c.id == row.id).with_for_update())
    return row.id


# An answer's statements, built once: a burst of answers after a keynote spends its time in the database, not in
# building the same SQL again (bench/collect.py)
_CLEARED = {"label": None, "confidence": None, "p_negative": None, "p_neutral": None, "p_positive": None,
            "corrected": None, "adapted": None, "category": None, "category_by": None, "reason": None,
            "status": "new"}
_MINE = select(comments.c.position).where(comments.c.set_id == bindparam("s"), comments.c.session == bindparam("sid"),
                                          comments.c.client == bindparam("c"))
_SIZE = select(func.count(), func.max(comments.c.position)).where(comments.c.set_id == bindparam("s"))
_REPLACE = update(comments).where(comments.c.set_id == bindparam("s"), comments.c.position == bindparam("p"))
_ADD = insert(comments)
_RAISE = update(workspaces).where(workspaces.c.id == bindparam("w")).values(
    rev_feedback=workspaces.c.rev_feedback + 1, updated_at=bindparam("at"))


def submit(conn: Connection, target: FormTarget, client: str, rating: int | None, text: str, improve: str,
           at: datetime) -> bool:
    """Store one attendee's answer as a comment of the workspace; True when it replaced their earlier one."""
    set_id = _comment_set(conn, target.ws_id)
    values = {"text": text, "rating": rating, "submitted_at": at, "improve": improve or None, **_CLEARED}
    position = conn.execute(_MINE, {"s": set_id, "sid": target.session_id, "c": client}).scalar()
    if position is not None:
        conn.execute(_REPLACE.values(**{k: bindparam(f"v_{k}") for k in values}),
                     {"s": set_id, "p": position, **{f"v_{k}": v for k, v in values.items()}})
    else:
        count_, last = conn.execute(_SIZE, {"s": set_id}).one()
        if count_ >= WORKSPACE_CAPS.comments:
            raise CapExceeded(f"This event already holds {WORKSPACE_CAPS.comments:,} comments, the most it keeps.")
        conn.execute(_ADD, {"set_id": set_id, "position": (last if last is not None else -1) + 1,
                            "session": target.session_id, "source": FORM_SOURCE, "client": client,
                            "held_back": False, **values})
    # the kept themes stay: the next look at them places this answer in the nearest one (see themes.extend)
    conn.execute(_RAISE, {"w": target.ws_id, "at": now()})  # every open page sees the answer on its next run
    return position is not None


def new_responses(engine: Engine, ws_id: str) -> dict[str, int]:
    """session id -> form answers waiting for moderation. Example: {"S01": 3}"""
    with reading(engine) as conn:
        set_id = conn.execute(select(comment_sets.c.id).where(comment_sets.c.workspace_id == ws_id)
                              .order_by(comment_sets.c.id.desc()).limit(1)).scalar()
        if set_id is None:
            return {}
        rows = conn.execute(select(comments.c.session, func.count()).where(
            comments.c.set_id == set_id, comments.c.source == FORM_SOURCE, comments.c.status == "new")
            .group_by(comments.c.session)).all()
    return {session: int(n) for session, n in rows}


def moderate(conn: Connection, ws_id: str, set_id: int, positions: list[int], status: str, reason: str | None,
             who: str) -> None:
    """Approve or hide form answers (a hidden one keeps its reason), or send them back to "new"."""
    if status not in MODERATION:
        raise ValueError(f"a status is one of {MODERATION}")
    conn.execute(update(comments).where(comments.c.set_id == set_id, comments.c.position.in_(positions),
                                        comments.c.source == FORM_SOURCE)
                 .values(status=status, reason=(reason or None) if status == "hidden" else None))
    conn.execute(delete(themes).where(themes.c.set_id == set_id))  # their quotes may now include these, or not
    said = {"approved": "approved", "hidden": "hid", "new": "sent back to the queue"}[status]
    touch(conn, ws_id, "feedback", who, f"{said} {len(positions):,} form comment(s)"
          + (f" ({reason})" if status == "hidden" and reason else ""))


def edit_text(conn: Connection, ws_id: str, set_id: int, position: int, text: str, who: str) -> None:
    """Change a form answer's text; the original goes into the change log, and its labels are read again."""
    old = conn.execute(select(comments.c.text).where(comments.c.set_id == set_id,
                                                     comments.c.position == position)).scalar()
    if old is None or old == text:
        return
    conn.execute(update(comments).where(comments.c.set_id == set_id, comments.c.position == position).values(
        text=text, label=None, confidence=None, p_negative=None, p_neutral=None, p_positive=None, adapted=None))
    conn.execute(delete(themes).where(themes.c.set_id == set_id))
    touch(conn, ws_id, "feedback", who, None)
    log(conn, ws_id, who, f"edited form comment {position}; it read: {old[:1500]}")
