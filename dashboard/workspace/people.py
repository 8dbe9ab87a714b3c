"""Speakers: what the organiser's pages read and change about them, and what a speaker's own link reads and
decides. The organiser's changes are changes to the workspace like any other (see `changes`); a speaker's page
opens no workspace, so its few reads and writes go to the database directly, each checked against the link."""
from __future__ import annotations

import pandas as pd

from core import store
from core.feedback import session_feedback
from dashboard.state import CACHED_SPEAKERS
from dashboard.workspace.changes import change
from dashboard.workspace.connection import DOWN, current, engine, who
from dashboard.workspace.reads import read


def speakers() -> list[store.Speaker]:
    """The workspace's speakers; the programme's new names get theirs (and a link) on first read."""
    opened = current()
    return read(CACHED_SPEAKERS, lambda e: store.speaker_roster(e, opened.id)) or []


def speakers_by_session(people: list, sessions: pd.DataFrame) -> dict[str, list]:
    """Session id -> its speakers among `people`."""
    return store.speakers_by_session(people, sessions)


def merge_speakers(keep_id: int, other_id: int) -> None:
    opened, by = current(), who()
    change("copy", "the merged speakers", lambda conn: store.merge_speakers(conn, opened.id, keep_id, other_id, by))


def set_speaker_email(speaker_id: int, email: str) -> None:
    opened, by = current(), who()
    change("copy", "the speaker's e-mail", lambda conn: store.set_speaker_email(conn, opened.id, speaker_id,
                                                                                email, by))


def reissue_speaker_link(speaker_id: int) -> None:
    opened, by = current(), who()
    change("copy", "a new speaker link", lambda conn: store.reissue_speaker_link(conn, opened.id, speaker_id, by))


def revoke_speaker_link(speaker_id: int) -> None:
    opened, by = current(), who()
    change("copy", "the revoked speaker link", lambda conn: store.revoke_speaker_link(conn, opened.id, speaker_id,
                                                                                      by))


def send_for_approval(draft_ids: list[int]) -> None:
    opened, by = current(), who()
    change("copy", "the copy sent for approval", lambda conn: store.send_for_approval(conn, opened.id, draft_ids,
                                                                                      by))


def set_approved_only(on: bool) -> None:
    opened, by = current(), who()
    change("copy", "the export setting", lambda conn: store.set_approved_only(conn, opened.id, on, by))


def copy_for_export(found: dict, approved_only: bool) -> dict:
    """(session id, kind) -> the copy as exports carry it, with its status and AI-assisted label."""
    return store.copy_for_export(found, approved_only)


def copy_descriptions(found: dict, approved_only: bool) -> dict:
    """Session id -> its abstract, as schedule files carry it in an event's description."""
    return store.copy_descriptions(found, approved_only)


def review_history(draft_id: int) -> pd.DataFrame:
    return store.review_history(engine(), draft_id)


# A speaker's own page: no workspace is opened; every read and write is checked against the link


def speaker_desk(token: str) -> store.Desk | None:
    """What the link opens, read now; None for a link that opens nothing (or while the database is away)."""
    try:
        return store.desk_for(engine(), token)
    except DOWN:
        return None


def speaker_decides(desk: store.Desk, draft: store.Draft, decision: str, text: str | None = None,
                    note: str | None = None, added: list[str] | None = None) -> store.Edit:
    with store.writing(engine()) as conn:
        return store.decide(conn, desk, draft.id, decision, draft.version, text, note, added)


def speaker_chooses(desk: store.Desk, numbers_only: bool) -> None:
    with store.writing(engine()) as conn:
        store.set_numbers_only(conn, desk, numbers_only)


def speaker_feedback(desk: store.Desk, sessions: pd.DataFrame):
    """The feedback on these sessions of the speaker's (numbers, themes, top quotes), minus what the organiser
    held back; None when the workspace has no labelled comments yet."""
    found = store.load_comments(engine(), desk.workspace.id)
    if found is None or found.scored is None:
        return None
    own = sessions[sessions["session_id"].isin(desk.session_ids)]  # never another speaker's, whatever is asked
    return session_feedback(found.scored, own, store.load_themes(engine(), found.id))
