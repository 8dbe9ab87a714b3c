"""Saving session copy and batch jobs: drafts, the organiser's edits (with who changed what elsewhere), statuses,
and the batch a session writes and others may take over."""
from __future__ import annotations

from sqlalchemy import Connection

from core import store
from dashboard.state import CACHED_DRAFTS
from dashboard.workspace.changes import change
from dashboard.workspace.connection import DOWN, current, engine, local_time, who
from dashboard.workspace.reads import drafts

def save_draft(session_key: str, kind: str, brief: dict, candidates: list[dict], unsupported: list[str],
               settings: dict, seed: int, engine_name: str, model: str, what: str | None = None,
               job_id: int | None = None) -> None:
    opened, by = current(), who()

    def run(conn: Connection) -> None:
        draft = store.save_written_draft(conn, opened.id, session_key, kind, brief, candidates, unsupported,
                                          settings, seed, engine_name, model, by, what, job_id)
        opened.seen[draft.id] = draft.version

    change("copy", f"the {kind} for “{brief.get('title', '')[:60]}”", run)
    if opened.pending:  # shown while the database is away, under a provisional id
        known = dict(drafts())
        known[(session_key, kind)] = store.Draft(
            -len(known) - 1, session_key, kind, brief, candidates[0]["text"] if candidates else "", None, 0,
            list(unsupported), "draft", settings, seed, engine_name, model, candidates, store.now(), by, 1)
        opened.cache[CACHED_DRAFTS.name] = (None, known)


def edit_draft(draft: store.Draft, text: str, unsupported: list[str], what: str | None = None,
               pick: int | None = None) -> str | None:
    """Save the organiser's text; a sentence when it replaced a change made elsewhere that they had not seen."""
    opened, by = current(), who()
    seen = opened.seen.get(draft.id, draft.version)

    def run(conn: Connection) -> store.Edit:
        draft_id = draft.id if draft.id > 0 else store.draft_id_of(conn, opened.id, draft.session_key, draft.kind)
        edit = store.save_edit(conn, opened.id, draft_id, text, unsupported, seen, by, what, pick)
        opened.seen[draft_id] = edit.version
        return edit

    edit = change("copy", f"your edit of “{draft.brief.get('title', '')[:60]}”", run)
    if opened.pending:  # shown while the database is away
        draft.edited, draft.unsupported = text, list(unsupported)
        draft.pick = draft.pick if pick is None else pick
    if edit is not None and edit.replaced_by is not None:
        return (f"Your edit replaced a change {edit.replaced_by} made elsewhere at "
                f"{local_time(edit.replaced_at)}.")
    return None


def changed_elsewhere(draft: store.Draft) -> str | None:
    """A sentence, once, when another session changed this draft since this one last showed it."""
    opened = current()
    seen = opened.seen.get(draft.id)
    opened.seen[draft.id] = draft.version
    if seen is not None and seen < draft.version and draft.updated_by != who():
        return f"Changed elsewhere at {local_time(draft.updated_at)} by {draft.updated_by}; this is their text."
    return None


def set_status(draft: store.Draft, status: str) -> None:
    opened, by = current(), who()
    title = draft.brief.get("title", "")[:60]
    change("copy", f"the status of “{title}”", lambda conn: store.set_draft_status(
        conn, opened.id, draft.id, status, by, f"marked the {draft.kind} of “{title}” {status}"))


def start_job(kind: str, settings: dict, session_keys: list[str]) -> int | None:
    opened, by = current(), who()
    return change("copy", "the batch", lambda conn: store.start_job(
        conn, opened.id, kind, settings, session_keys, by, opened.writer))


def resume_job(job_id: int) -> None:
    opened, by = current(), who()
    change("copy", "resuming the batch", lambda conn: store.resume_job(conn, opened.id, job_id, opened.writer,
                                                                               by))


def keep_writing(job_id: int) -> bool:
    """Tell the store this session still writes the job; False when another session has taken it over."""
    opened = current()
    try:
        with store.writing(engine()) as conn:
            return store.beat(conn, job_id, opened.writer)
    except DOWN:
        return True  # no one else can take it over while the database is away either


def take_over(job: store.Job) -> bool:
    opened = current()
    try:
        with store.writing(engine()) as conn:
            return store.take_over(conn, job.id, job.writer, opened.writer)
    except DOWN:
        return False


def finish_job(job_id: int, status: str, what: str | None) -> None:
    opened, by = current(), who()
    change("copy", "the end of the batch", lambda conn: store.finish_job(conn, opened.id, job_id, status,
                                                                                  by, what))
