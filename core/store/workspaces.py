"""Workspaces: one per event. Create one, find it again by its link (or, with login, as its owner or a member),
share it, rename or delete it, and keep a short log of who changed what.

A workspace's id is a 128-bit random token: the link is the key, so it is never guessable, and an id that is
malformed, unknown, deleted or not yours gets the same answer, `NotFound`.

    ws = create(engine, "Harbourline Tech Summit 2026", who="Ana")
    same = open_workspace(engine, ws.id)
    with writing(engine) as conn:
        touch(conn, ws.id, "programme", "Ana", "uploaded the programme agenda.csv (40 sessions)")
"""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone

import pandas as pd
from sqlalchemy import Connection, Engine, delete, insert, or_, select, update

from core.store.db import count, reading, writing
from core.store.schema import changes, comment_sets, comments, drafts, members, programmes, sessions, workspaces

AREAS = ("programme", "timetable", "copy", "feedback", "audience")
TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")  # secrets.token_urlsafe(16): 16 random bytes, 22 characters
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
NOT_FOUND = "No workspace at this link."


@dataclass(frozen=True)
class WorkspaceCaps:
    """What one workspace may hold; going past a cap is refused whole, and nothing already stored changes."""

    sessions: int = 20_000  # the upload row cap
    comments: int = 10_000  # what the feedback page analyses
    drafts: int = 5_000
    timetables: int = 100
    pick_sets: int = 50_000  # attendees' sets of picks (a browser or an uploaded attendee each)
    picks_per_set: int = 300  # sessions one attendee can want
    report_bytes: int = 50 * 2**20  # every built report together
    backup_bytes: int = 200 * 2**20  # a workspace file, unzipped


WORKSPACE_CAPS = WorkspaceCaps()


class NotFound(LookupError):
    def __init__(self) -> None:
        super().__init__(NOT_FOUND)


class CapExceeded(ValueError):
    """A change that would take the workspace past one of its caps; the message names the cap."""


@dataclass(frozen=True)
class User:
    """A signed-in visitor, as their identity provider names them."""

    issuer: str
    subject: str
    email: str = ""
    name: str = ""

    @property
    def label(self) -> str:
        return self.name or self.email or self.subject


@dataclass(frozen=True)
class Workspace:
    id: str
    name: str
    created_at: datetime
    updated_at: datetime
    owner_email: str | None
    revisions: dict  # area -> change counter
    timetable_id: int | None  # the timetable in use; None: the programme's own times


def now() -> datetime:
    """UTC, without a zone attached: every database stores it the same way."""
    return datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)


def workspace_of(row) -> Workspace:
    """A `workspaces` row as a Workspace."""
    return Workspace(row.id, row.name, row.created_at, row.updated_at, row.owner_email,
                     {area: getattr(row, f"rev_{area}") for area in AREAS}, row.timetable_id)


def new_token() -> str:
    return secrets.token_urlsafe(16)


def create(engine: Engine, name: str, who: str, owner: User | None = None) -> Workspace:
    token = new_token()
    with writing(engine) as conn:
        create_in(conn, token, name, who, owner)
    return open_workspace(engine, token, owner)


def create_in(conn: Connection, token: str, name: str, who: str, owner: User | None = None) -> None:
    """Inside a transaction, with a token made beforehand (a session that made it while the database was away)."""
    at = now()
    conn.execute(insert(workspaces).values(
        id=token, name=name.strip()[:200] or "Untitled event", created_at=at, updated_at=at,
        owner_issuer=owner.issuer if owner else None, owner_subject=owner.subject if owner else None,
        owner_email=owner.email.lower() if owner and owner.email else None,
        **{f"rev_{area}": 0 for area in AREAS}))
    log(conn, token, who, "created the workspace")


def open_workspace(engine: Engine, token: str | None, user: User | None = None) -> Workspace:
    """The workspace behind a link, if this visitor may open it; otherwise `NotFound`, whatever the reason.

    A workspace made without login opens for anyone with its link. One made by a signed-in user opens for
    that user and for the people it was shared with (by e-mail), whoever holds the link."""
    if not token or not TOKEN.fullmatch(token):
        raise NotFound()
    with reading(engine) as conn:
        row = conn.execute(select(workspaces).where(workspaces.c.id == token)).first()
        if row is None or not _may_open(conn, row, user):
            raise NotFound()
    return workspace_of(row)


def _may_open(conn: Connection, row, user: User | None) -> bool:
    if row.owner_subject is None:
        return True
    if user is None:
        return False
    if (row.owner_issuer, row.owner_subject) == (user.issuer, user.subject):
        return True
    email = (user.email or "").lower()
    return bool(email) and conn.execute(select(members.c.email).where(
        members.c.workspace_id == row.id, members.c.email == email)).first() is not None


def revisions(engine: Engine, ws_id: str) -> Workspace:
    """The workspace as it is now (name, change counters): one small query per page run."""
    with engine.connect() as conn:
        return revisions_in(conn, ws_id)


def revisions_in(conn: Connection, ws_id: str) -> Workspace:
    """The same, inside a transaction: what a change just wrote, before it commits."""
    row = conn.execute(select(workspaces).where(workspaces.c.id == ws_id)).first()
    if row is None:
        raise NotFound()
    return workspace_of(row)


def for_user(engine: Engine, user: User) -> list[Workspace]:
    """A signed-in user's workspaces: their own and those shared with them, most recently changed first."""
    shared = select(members.c.workspace_id).where(members.c.email == (user.email or "").lower())
    with engine.connect() as conn:
        rows = conn.execute(select(workspaces).where(or_(
            (workspaces.c.owner_issuer == user.issuer) & (workspaces.c.owner_subject == user.subject),
            workspaces.c.id.in_(shared))).order_by(workspaces.c.updated_at.desc())).all()
    return [workspace_of(r) for r in rows]


def rename(engine: Engine, ws_id: str, name: str, who: str) -> None:
    name = name.strip()[:200]
    if not name:
        raise ValueError("Give the workspace a name.")
    with writing(engine) as conn:
        conn.execute(update(workspaces).where(workspaces.c.id == ws_id).values(name=name))
        log(conn, ws_id, who, f"renamed the workspace to “{name}”")


def delete_workspace(engine: Engine, ws_id: str) -> None:
    """The workspace and every row of it (the tables cascade from `workspaces`)."""
    with writing(engine) as conn:
        conn.execute(delete(workspaces).where(workspaces.c.id == ws_id))


def share(engine: Engine, ws_id: str, email: str, who: str) -> str:
    email = email.strip().lower()
    if not EMAIL.fullmatch(email):
        raise ValueError(f"“{email}” is not an e-mail address.")
    with writing(engine) as conn:
        if conn.execute(select(members.c.email).where(members.c.workspace_id == ws_id,
                                                      members.c.email == email)).first() is None:
            conn.execute(insert(members).values(workspace_id=ws_id, email=email, added_at=now(), added_by=who))
            log(conn, ws_id, who, f"shared the workspace with {email}")
    return email


def unshare(engine: Engine, ws_id: str, email: str, who: str) -> None:
    with writing(engine) as conn:
        conn.execute(delete(members).where(members.c.workspace_id == ws_id, members.c.email == email.lower()))
        log(conn, ws_id, who, f"stopped sharing the workspace with {email.lower()}")


def members_of(engine: Engine, ws_id: str) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(select(members.c.email).where(members.c.workspace_id == ws_id)
                                 .order_by(members.c.email)).scalars())


COALESCE_S = 15 * 60  # the same person doing the same thing again within this time is one line of the log


def log(conn: Connection, ws_id: str, who: str, what: str) -> None:
    who, at = who[:200] or "someone", now()
    last = conn.execute(select(changes.c.id, changes.c.at, changes.c.who, changes.c.what)
                        .where(changes.c.workspace_id == ws_id).order_by(changes.c.id.desc()).limit(1)).first()
    if last is not None and (last.who, last.what) == (who, what) and (at - last.at).total_seconds() < COALESCE_S:
        conn.execute(update(changes).where(changes.c.id == last.id).values(at=at))
        return
    conn.execute(insert(changes).values(workspace_id=ws_id, at=at, who=who, what=what))


def touch(conn: Connection, ws_id: str, area: str, who: str, what: str | None) -> None:
    """Inside a change's transaction: raise the area's counter (every session sees the change on its next run)
    and, when `what` is given, add a line to the change log."""
    counter = workspaces.c[f"rev_{area}"]
    conn.execute(update(workspaces).where(workspaces.c.id == ws_id).values({counter: counter + 1,
                                                                            "updated_at": now()}))
    if what:
        log(conn, ws_id, who, what)


def history(engine: Engine, ws_id: str, limit: int = 100) -> pd.DataFrame:
    """The change log, newest first: at (UTC), who, what."""
    with engine.connect() as conn:
        rows = conn.execute(select(changes.c.at, changes.c.who, changes.c.what)
                            .where(changes.c.workspace_id == ws_id)
                            .order_by(changes.c.at.desc(), changes.c.id.desc()).limit(limit)).all()
    return pd.DataFrame(rows, columns=["at", "who", "what"])


def counts(engine: Engine, ws_id: str) -> dict[str, int]:
    """How much the workspace holds, without reading it. Example: {"sessions": 40, "comments": 308, "drafts": 2}"""
    with reading(engine) as conn:
        return {
            "sessions": count(conn, sessions, sessions.c.programme_id.in_(
                select(programmes.c.id).where(programmes.c.workspace_id == ws_id))),
            "comments": count(conn, comments, comments.c.set_id.in_(
                select(comment_sets.c.id).where(comment_sets.c.workspace_id == ws_id))),
            "drafts": count(conn, drafts, drafts.c.workspace_id == ws_id),
        }
