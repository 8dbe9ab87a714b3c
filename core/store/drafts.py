"""Event copy kept per session and output kind: the brief, every candidate as ranked, the winning draft, the
organiser's edited text, its fact check, a status (draft or approved), and the settings, seed, engine and model
that wrote it. And the batch jobs that write a whole programme's copy, so a batch cut short resumes.

Two people editing one draft: the later write wins, and each write says whose write it replaced, if the writer
had not seen it ("changed elsewhere at 14:02"), so the page can tell them.

    with writing(engine) as conn:
        draft = save_written(conn, ws.id, "S01", "abstract", brief_dict, [winner, *others], settings, ...)
        edit = save_edit(conn, ws.id, draft.id, "My own text.", [], seen_version=draft.version, who="Ana")
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy import Connection, Engine, select, update
from sqlalchemy import insert as sql_insert

from core.agenda import ExportCopy
from core.store.db import count, frame, upsert
from core.store.schema import batch_jobs, drafts
from core.store.workspaces import WORKSPACE_CAPS, CapExceeded, now, touch

FORM = "form"  # the session key of a draft written from the free form, for no session of the programme
STATUSES = ("draft", "approved")
# the speaker's sign-off (core.store.speakers), in the words the organiser reads
REVIEW_WORDS = {"sent": "sent", "approved": "approved by the speaker", "changed": "changed by the speaker",
                "returned": "sent back"}
# the sign-off cleared when a new draft is written: it was about other text
NO_REVIEW = {"review": None, "review_note": None, "review_at": None, "review_by": None, "added": None}
STALE_S = 30  # a batch whose writer has been silent this long is no longer being written


@dataclass
class Draft:
    id: int
    session_key: str
    kind: str
    brief: dict
    text: str  # as written
    edited: str | None  # the organiser's text
    pick: int  # the candidate it starts from: 0 is the best
    unsupported: list[str]  # facts the check found in the text shown
    status: str
    settings: dict
    seed: int
    engine: str
    model: str
    candidates: list[dict]  # ranked, the winner first: text, seed, reasons, removed, tokens, tok_s, ...
    updated_at: datetime
    updated_by: str
    version: int
    review: str | None = None  # the speaker's sign-off: sent, approved, changed, returned; none: never sent
    review_note: str | None = None
    review_at: datetime | None = None
    review_by: str | None = None
    added: list[str] = field(default_factory=list)  # names and numbers the speaker's edit added to the brief's

    @property
    def shown(self) -> str:
        return self.text_of(self.pick)

    @property
    def provenance(self) -> str:
        """Where the text shown stands, in the organiser's words, with the speaker's note when they sent it back.
        Example: "sent back: the second sentence is not what I said" """
        if self.review == "returned" and self.review_note:
            return f"sent back: {self.review_note}"
        return self.standing

    @property
    def standing(self) -> str:
        """The same without the speaker's note (a note is for the organiser; exports carry this)."""
        if self.review is not None:
            return REVIEW_WORDS[self.review]
        if self.status == "approved":
            return "approved by the organiser"
        return "edited by the organiser" if self.edited is not None else "written by the model"

    @property
    def approved(self) -> bool:
        """A person approved this text: the organiser, or the speaker (as it was, or as they changed it)."""
        return self.review in ("approved", "changed") or (self.status == "approved" and self.review != "returned")

    @property
    def ai_assisted(self) -> bool:
        """Written by the model and neither edited nor approved by any person: exports label it so."""
        return self.edited is None and not self.approved

    def text_of(self, candidate: int) -> str:
        """What the organiser sees for a candidate: their own text for the one they chose, else as written."""
        if candidate == self.pick and self.edited is not None:
            return self.edited
        if candidate < len(self.candidates):
            return self.candidates[candidate]["text"]
        return self.text


@dataclass(frozen=True)
class Edit:
    version: int
    replaced_at: datetime | None = None  # set when this write replaced one its writer had not seen
    replaced_by: str | None = None


@dataclass
class Job:
    id: int
    kind: str
    settings: dict
    session_keys: list[str]
    status: str
    started_at: datetime
    started_by: str
    heartbeat_at: datetime
    writer: str
    done: set[str] = field(default_factory=set)

    def alive(self, at: datetime | None = None) -> bool:
        """Being written by some session right now (its writer spoke in the last STALE_S seconds)."""
        return self.status == "running" and ((at or now()) - self.heartbeat_at) < timedelta(seconds=STALE_S)


def draft_of(row) -> Draft:
    """A `drafts` row as a Draft."""
    review_at = None if row.review_at is None or pd.isna(row.review_at) else pd.Timestamp(row.review_at).to_pydatetime()
    return Draft(int(row.id), row.session_key, row.kind, dict(row.brief), row.text, row.edited, int(row.pick),
                 list(row.unsupported), row.status, dict(row.settings), int(row.seed), row.engine, row.model,
                 list(row.candidates), pd.Timestamp(row.updated_at).to_pydatetime(), row.updated_by,
                 int(row.version), _text_or_none(row.review), _text_or_none(row.review_note), review_at,
                 _text_or_none(row.review_by), list(row.added) if isinstance(row.added, list) else [])


def _text_or_none(value) -> str | None:
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def save_written(conn: Connection, ws_id: str, session_key: str, kind: str, brief: dict, candidates: list[dict],
                 unsupported: list[str], settings: dict, seed: int, engine: str, model: str, who: str,
                 what: str | None = None, job_id: int | None = None) -> Draft:
    """A newly written draft for this session and kind, replacing any earlier one (its edits and approval too)."""
    key = (drafts.c.workspace_id == ws_id, drafts.c.session_key == session_key, drafts.c.kind == kind)
    exists = conn.execute(select(drafts.c.id).where(*key)).first() is not None
    if not exists and count(conn, drafts, drafts.c.workspace_id == ws_id) >= WORKSPACE_CAPS.drafts:
        raise CapExceeded(f"This workspace holds {WORKSPACE_CAPS.drafts:,} drafts, its limit; this one was not kept.")
    at = now()
    fields = {"brief": brief, "text": candidates[0]["text"] if candidates else "", "edited": None, "pick": 0,
              "unsupported": list(unsupported), "status": "draft", "settings": settings, "seed": int(seed),
              "engine": engine[:300], "model": model[:300], "candidates": candidates, "updated_at": at,
              "updated_by": who, "job_id": job_id, **NO_REVIEW}
    upsert(conn, drafts, {"workspace_id": ws_id, "session_key": session_key, "kind": kind, "created_at": at,
                          "version": 1, **fields},
           ["workspace_id", "session_key", "kind"], {**fields, "version": drafts.c.version + 1})
    touch(conn, ws_id, "copy", who, what)
    return draft_of(conn.execute(select(drafts).where(*key)).one())


def save_edit(conn: Connection, ws_id: str, draft_id: int, text: str, unsupported: list[str], seen_version: int,
              who: str, what: str | None = None, pick: int | None = None) -> Edit:
    """The organiser's text for a draft (starting from candidate `pick`, when given). The later write wins; the
    answer says whose write it replaced when the writer had not seen it."""
    current = conn.execute(select(drafts.c.version, drafts.c.updated_at, drafts.c.updated_by, drafts.c.review)
                           .where(drafts.c.id == draft_id, drafts.c.workspace_id == ws_id)).first()
    if current is None:
        raise LookupError("That draft is no longer in this workspace.")
    changes = {"pick": pick} if pick is not None else {}
    if current.review in ("approved", "changed"):  # the speaker signed off other text: this one is theirs to see
        changes.update(NO_REVIEW)
    conn.execute(update(drafts).where(drafts.c.id == draft_id).values(
        edited=text, unsupported=list(unsupported), updated_at=now(), updated_by=who, version=current.version + 1,
        **changes))
    touch(conn, ws_id, "copy", who, what)
    if current.version != seen_version:
        return Edit(current.version + 1, current.updated_at, current.updated_by)
    return Edit(current.version + 1)


def id_of(conn: Connection, ws_id: str, session_key: str, kind: str) -> int | None:
    return conn.execute(select(drafts.c.id).where(drafts.c.workspace_id == ws_id, drafts.c.session_key == session_key,
                                                  drafts.c.kind == kind)).scalar()


def set_status(conn: Connection, ws_id: str, draft_id: int, status: str, who: str, what: str | None = None) -> None:
    if status not in STATUSES:
        raise ValueError(f"A draft is {' or '.join(STATUSES)}, not {status!r}.")
    conn.execute(update(drafts).where(drafts.c.id == draft_id, drafts.c.workspace_id == ws_id)
                 .values(status=status, updated_at=now(), updated_by=who, version=drafts.c.version + 1))
    touch(conn, ws_id, "copy", who, what)


def load(engine: Engine, ws_id: str) -> dict[tuple[str, str], Draft]:
    """Every draft of the workspace, by (session key, kind)."""
    with engine.connect() as conn:
        found = frame(conn, select(drafts).where(drafts.c.workspace_id == ws_id).order_by(drafts.c.id))
    found["edited"] = found["edited"].astype(object).where(found["edited"].notna(), None)
    return {(r.session_key, r.kind): draft_of(r) for r in found.itertuples(index=False)}


def for_export(found: dict[tuple[str, str], Draft], approved_only: bool = False) -> dict[tuple[str, str], ExportCopy]:
    """Each session draft as exports carry it, with its status and AI-assisted label; only what a person
    approved when `approved_only`. Example: -> {("S01", "abstract"): ExportCopy("…", "approved by the speaker",
    False)}"""
    return {key: ExportCopy(d.shown, d.standing, d.ai_assisted) for key, d in found.items()
            if key[0] != FORM and (d.approved or not approved_only)}


def descriptions(found: dict[tuple[str, str], Draft], approved_only: bool = False) -> dict[str, ExportCopy]:
    """The abstracts, by session id: what schedule files carry as each event's description."""
    return {sid: piece for (sid, kind), piece in for_export(found, approved_only).items() if kind == "abstract"}


def start_job(conn: Connection, ws_id: str, kind: str, settings: dict, session_keys: list[str], who: str,
              writer: str) -> int:
    conn.execute(update(batch_jobs).where(batch_jobs.c.workspace_id == ws_id, batch_jobs.c.status == "running")
                 .values(status="stopped"))
    at = now()
    job_id = conn.execute(sql_insert(batch_jobs).values(
        workspace_id=ws_id, kind=kind, settings=settings, session_keys=list(session_keys), status="running",
        started_at=at, started_by=who, heartbeat_at=at, writer=writer)).inserted_primary_key[0]
    touch(conn, ws_id, "copy", who, f"started writing the {kind} of {len(session_keys):,} sessions")
    return job_id


def resume_job(conn: Connection, ws_id: str, job_id: int, writer: str, who: str) -> None:
    """A stopped job runs again, written by `writer`, from the sessions it has not written yet."""
    conn.execute(update(batch_jobs).where(batch_jobs.c.id == job_id).values(status="running", writer=writer,
                                                                            heartbeat_at=now()))
    touch(conn, ws_id, "copy", who, "resumed the batch")


def beat(conn: Connection, job_id: int, writer: str) -> bool:
    """The writer of a job is alive, so no other session takes it over; False when another one already has."""
    kept = conn.execute(update(batch_jobs).where(batch_jobs.c.id == job_id, batch_jobs.c.writer == writer,
                                                 batch_jobs.c.status == "running").values(heartbeat_at=now()))
    return kept.rowcount == 1


def take_over(conn: Connection, job_id: int, seen_writer: str, writer: str) -> bool:
    """Become the writer of a job whose writer went quiet (a closed tab, a restarted server); False when some
    other session took it first."""
    taken = conn.execute(update(batch_jobs).where(batch_jobs.c.id == job_id, batch_jobs.c.status == "running",
                                                  batch_jobs.c.writer == seen_writer)
                         .values(heartbeat_at=now(), writer=writer))
    return taken.rowcount == 1


def finish_job(conn: Connection, ws_id: str, job_id: int, status: str, who: str, what: str | None = None) -> None:
    conn.execute(update(batch_jobs).where(batch_jobs.c.id == job_id).values(status=status, heartbeat_at=now()))
    touch(conn, ws_id, "copy", who, what)


def current_job(engine: Engine, ws_id: str) -> Job | None:
    """The workspace's latest batch, with the session keys it has written so far."""
    with engine.connect() as conn:
        row = conn.execute(select(batch_jobs).where(batch_jobs.c.workspace_id == ws_id)
                           .order_by(batch_jobs.c.id.desc()).limit(1)).first()
        if row is None:
            return None
        written = conn.execute(select(drafts.c.session_key).where(
            drafts.c.workspace_id == ws_id, drafts.c.job_id == row.id)).scalars()
        done = set(written)
    return Job(row.id, row.kind, dict(row.settings), list(row.session_keys), row.status, row.started_at,
               row.started_by, row.heartbeat_at, row.writer, done)
