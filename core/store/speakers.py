"""The programme's speakers as people of the workspace, each with a private link (`?s=<token>`), and their
sign-off on the copy written about them.

A speaker is one row per person: the name as the programme spells it, other spellings the organiser merged into
it, an e-mail (the programme's, or the organiser's correction, which a new programme never overwrites), a bio
and a 128-bit token. New names are added whenever the roster is read, so a speaker exists as soon as the
programme names them; a name that leaves the programme keeps its row (and its link, which then shows nothing).

What a link opens is decided here, on the server, and only here: `desk` returns the speaker's own sessions and
the drafts the organiser sent them, and nothing else; a malformed, guessed or revoked token gives None, the same
None whether or not it ever existed.

    people = roster(engine, ws.id)                     # syncs new names from the programme first
    with writing(engine) as conn:
        send(conn, ws.id, [draft.id], "Ana")
    desk = desk_for(engine, people[0].token)           # what the speaker's page shows
    with writing(engine) as conn:
        decide(conn, desk, draft.id, "approved", seen_version=draft.version)
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Connection, Engine, delete, insert, select, update

from core.agenda import Agenda, bios_of
from core.store import drafts as drafts_store
from core.store import programme as programme_store
from core.store.db import reading, writing
from core.store.schema import drafts, draft_reviews, speakers, workspaces
from core.store.workspaces import TOKEN, Workspace, new_token, now, touch, workspace_of
from core.text_terms import speaker_list

EMAIL = re.compile(r"[^@\s<>\"']{1,64}@[^@\s<>\"']+\.[^@\s<>\"']{2,}")
DECISIONS = ("approved", "changed", "returned")  # what a speaker can do with a piece sent to them
SPEAKER_KINDS = ("abstract", "teaser", "social")  # the copy a speaker signs off


@dataclass
class Speaker:
    id: int
    name: str
    spellings: list[str]  # merged in by the organiser
    email: str | None
    email_by: str | None  # "programme" or "organiser"
    bio: str
    token: str | None  # none: the link was revoked
    numbers_only: bool | None

    @property
    def names(self) -> list[str]:
        return [self.name, *self.spellings]

    def speaks_in(self, speakers_field: str) -> bool:
        """Example: Speaker "Lena Park" (spelling "L. Park") speaks in "L. Park (host), Sam Ode" -> True"""
        mine = {n.casefold() for n in self.names}
        return any(n.casefold() in mine for n in speaker_list(speakers_field))


@dataclass
class Desk:
    """Everything a speaker's link may show: their sessions, the drafts sent to them, the event's name."""
    workspace: Workspace
    speaker: Speaker
    sessions: pd.DataFrame  # their sessions in the timetable in use (Agenda.sessions columns)
    timezone: str | None
    drafts: list[drafts_store.Draft] = field(default_factory=list)  # sent to them, of their sessions only

    @property
    def session_ids(self) -> set[str]:
        return set(self.sessions["session_id"])


def _speaker(row) -> Speaker:
    return Speaker(int(row.id), row.name, list(row.spellings or []), row.email, row.email_by, row.bio or "",
                   row.token, row.numbers_only)


def people_of(agenda: Agenda) -> dict[str, dict]:
    """Each distinct speaker of the programme, in order of first appearance, with bio and e-mail where known.

    Example: -> {"Amara Okafor": {"bio": "Data lead at …", "email": None}, …}"""
    found: dict[str, dict] = {}
    for row in agenda.sessions.itertuples():
        bios = bios_of(str(row.bios or ""))
        for name in speaker_list(str(row.speakers)):
            person = found.setdefault(name[:200], {"bio": "", "email": agenda.emails.get(name)})
            person["bio"] = person["bio"] or str(bios.get(name) or "")
    return found


def sessions_of(speaker: Speaker, sessions: pd.DataFrame) -> pd.DataFrame:
    """The sessions this speaker speaks in. A plain substring test first, so that only the few sessions that
    mention one of their names are split into names (2,000 sessions: 5 ms instead of 50)."""
    folded = sessions["speakers"].astype(str).str.casefold()
    maybe = folded.apply(lambda text: any(n.casefold() in text for n in speaker.names))
    return sessions[maybe][[speaker.speaks_in(str(x)) for x in sessions.loc[maybe, "speakers"]]]


def by_session(people: list[Speaker], sessions: pd.DataFrame) -> dict[str, list[Speaker]]:
    """Session id -> its speakers among `people`, every session's names split once (300 speakers on 2,000
    sessions would otherwise split 600,000 times)."""
    person = {n.casefold(): p for p in people for n in p.names}
    return {str(sid): list({id(p): p for p in (person.get(n.casefold()) for n in speaker_list(str(field))) if p}
                           .values())
            for sid, field in zip(sessions["session_id"], sessions["speakers"])}


def _rows(conn: Connection, ws_id: str) -> list[Speaker]:
    return [_speaker(r) for r in conn.execute(select(speakers).where(speakers.c.workspace_id == ws_id)
                                              .order_by(speakers.c.id))]


def sync(conn: Connection, ws_id: str, agenda: Agenda) -> int:
    """Add the programme's new names (each with a link), and fill bios and e-mails the organiser has not set.
    Returns how many speakers were added."""
    known = _rows(conn, ws_id)
    by_name = {n.casefold(): s for s in known for n in s.names}
    added = 0
    for name, person in people_of(agenda).items():
        speaker = by_name.get(name.casefold())
        if speaker is None:
            email = person["email"] if person["email"] and EMAIL.fullmatch(person["email"]) else None
            conn.execute(insert(speakers).values(
                workspace_id=ws_id, name=name, spellings=[], email=email, email_by="programme" if email else None,
                bio=person["bio"], token=new_token(), created_at=now()))
            by_name[name.casefold()] = Speaker(0, name, [], email, None, person["bio"], None, None)
            added += 1
            continue
        changes = {}
        if person["bio"] and not speaker.bio:
            changes["bio"] = person["bio"]
        if person["email"] and speaker.email_by != "organiser" and person["email"] != speaker.email \
                and EMAIL.fullmatch(person["email"]):
            changes.update(email=person["email"], email_by="programme")
        if changes and speaker.id:
            conn.execute(update(speakers).where(speakers.c.id == speaker.id).values(**changes))
    return added


def roster(engine: Engine, ws_id: str) -> list[Speaker]:
    """The workspace's speakers, the programme's new names added first (one short transaction when there are)."""
    found = programme_store.load(engine, ws_id)
    with reading(engine) as conn:
        known = _rows(conn, ws_id)
    if found is not None:
        names = {n.casefold() for s in known for n in s.names}
        if any(n.casefold() not in names for n in people_of(found.agenda)):
            with writing(engine) as conn:
                sync(conn, ws_id, found.agenda)
                known = _rows(conn, ws_id)
    return known


def _one(conn: Connection, ws_id: str, speaker_id: int) -> Speaker:
    row = conn.execute(select(speakers).where(speakers.c.id == speaker_id, speakers.c.workspace_id == ws_id)).first()
    if row is None:
        raise LookupError("That speaker is no longer in this workspace.")
    return _speaker(row)


def merge(conn: Connection, ws_id: str, keep_id: int, other_id: int, who: str) -> None:
    """Two spellings of one person become one speaker: `other`'s names join `keep`, its link stops working, and
    an e-mail `keep` lacks is taken from it."""
    if keep_id == other_id:
        raise ValueError("Pick two different spellings to merge.")
    keep, other = _one(conn, ws_id, keep_id), _one(conn, ws_id, other_id)
    values = {"spellings": list(dict.fromkeys([*keep.spellings, *other.names]))}
    if not keep.email and other.email:
        values.update(email=other.email, email_by=other.email_by)
    if not keep.bio and other.bio:
        values["bio"] = other.bio
    conn.execute(delete(speakers).where(speakers.c.id == other.id))
    conn.execute(update(speakers).where(speakers.c.id == keep.id).values(**values))
    touch(conn, ws_id, "copy", who, f"merged the speaker “{other.name}” into “{keep.name}”")


def set_email(conn: Connection, ws_id: str, speaker_id: int, email: str, who: str) -> None:
    """The organiser's e-mail for a speaker (empty: none); a new programme never overwrites it."""
    email = email.strip()
    if email and not EMAIL.fullmatch(email):
        raise ValueError(f"“{email[:80]}” is not an e-mail address.")
    speaker = _one(conn, ws_id, speaker_id)
    conn.execute(update(speakers).where(speakers.c.id == speaker.id).values(email=email or None,
                                                                           email_by="organiser"))
    touch(conn, ws_id, "copy", who, f"set the e-mail of {speaker.name}")


def reissue(conn: Connection, ws_id: str, speaker_id: int, who: str) -> str:
    """A new private link for the speaker; the old one stops working at once."""
    speaker, token = _one(conn, ws_id, speaker_id), new_token()
    conn.execute(update(speakers).where(speakers.c.id == speaker.id).values(token=token))
    touch(conn, ws_id, "copy", who, f"gave {speaker.name} a new private link")
    return token


def revoke(conn: Connection, ws_id: str, speaker_id: int, who: str) -> None:
    speaker = _one(conn, ws_id, speaker_id)
    conn.execute(update(speakers).where(speakers.c.id == speaker.id).values(token=None))
    touch(conn, ws_id, "copy", who, f"revoked {speaker.name}'s private link")


def desk_for(engine: Engine, token: str) -> Desk | None:
    """What a speaker's link opens, or None for a malformed, unknown or revoked token (the same None)."""
    if not TOKEN.fullmatch(token or ""):
        return None
    with reading(engine) as conn:
        row = conn.execute(select(speakers).where(speakers.c.token == token)).first()
        ws_row = None if row is None else conn.execute(
            select(workspaces).where(workspaces.c.id == row.workspace_id)).first()
    if row is None or ws_row is None:
        return None
    speaker, ws = _speaker(row), workspace_of(ws_row)
    found = programme_store.load(engine, ws.id)
    if found is None:
        return Desk(ws, speaker, pd.DataFrame(columns=["session_id"]), None)
    agenda, _ = programme_store.in_use(engine, found, ws.timetable_id)
    mine = sessions_of(speaker, agenda.sessions)
    ids = list(mine["session_id"])
    with reading(engine) as conn:  # only their sessions' pieces that were sent: never the whole workspace's copy
        rows = conn.execute(select(drafts).where(
            drafts.c.workspace_id == ws.id, drafts.c.session_key.in_(ids), drafts.c.kind.in_(SPEAKER_KINDS),
            drafts.c.review.is_not(None))).all() if ids else []
    sent = [drafts_store.draft_of(r) for r in rows]
    order = {sid: i for i, sid in enumerate(mine["session_id"])}
    sent.sort(key=lambda d: (order[d.session_key], SPEAKER_KINDS.index(d.kind)))
    return Desk(ws, speaker, mine.reset_index(drop=True), agenda.timezone, sent)


def set_numbers_only(conn: Connection, desk: Desk, numbers_only: bool) -> None:
    """The speaker's choice: their feedback as numbers only, or with themes and quotes."""
    conn.execute(update(speakers).where(speakers.c.id == desk.speaker.id, speakers.c.token == desk.speaker.token)
                 .values(numbers_only=bool(numbers_only)))


def send(conn: Connection, ws_id: str, draft_ids: list[int], who: str) -> int:
    """Mark drafts as sent for the speakers' approval (a piece sent again waits again). Returns how many."""
    rows = conn.execute(select(drafts).where(drafts.c.workspace_id == ws_id, drafts.c.id.in_(draft_ids),
                                             drafts.c.session_key != drafts_store.FORM)).all()
    at = now()
    if rows:  # one statement each, however many pieces: a whole programme's abstracts go in one change
        conn.execute(update(drafts).where(drafts.c.id.in_([r.id for r in rows])).values(
            review="sent", review_note=None, review_at=at, review_by=who, version=drafts.c.version + 1))
        conn.execute(insert(draft_reviews), [{"draft_id": r.id, "at": at, "who": who, "action": "sent",
                                              "text": drafts_store.draft_of(r).shown, "note": None} for r in rows])
    if rows:
        touch(conn, ws_id, "copy", who, f"sent {len(rows)} piece{'s' if len(rows) != 1 else ''} of copy for the "
                                       "speakers' approval")
    return len(rows)


def decide(conn: Connection, desk: Desk, draft_id: int, decision: str, seen_version: int, text: str | None = None,
           note: str | None = None, added: list[str] | None = None) -> drafts_store.Edit:
    """A speaker's decision on a piece sent to them: approve it as it is, change it (their text becomes a new
    version; the model's stays in the draft's candidates) or send it back with a note. The later write wins; the
    answer says whose write it replaced when the speaker had not seen it."""
    if decision not in DECISIONS:
        raise ValueError(f"A speaker's decision is one of {', '.join(DECISIONS)}, not {decision!r}.")
    still = conn.execute(select(speakers.c.id).where(speakers.c.id == desk.speaker.id,
                                                     speakers.c.token == desk.speaker.token)).first()
    mine = {d.id for d in desk.drafts}
    row = conn.execute(select(drafts).where(drafts.c.id == draft_id, drafts.c.workspace_id == desk.workspace.id)
                       ).first()
    if still is None or row is None or draft_id not in mine or row.session_key not in desk.session_ids:
        raise LookupError("That piece is no longer waiting for you.")
    who, at = f"{desk.speaker.name} (speaker)", now()
    values = {"review": decision, "review_at": at, "review_by": who, "updated_at": at, "updated_by": who,
              "version": row.version + 1, "review_note": (note or "").strip()[:2000] or None}
    if decision == "changed":
        values.update(edited=(text or "").strip(), unsupported=[], added=list(added or []))
    conn.execute(update(drafts).where(drafts.c.id == draft_id).values(**values))
    shown = values.get("edited", drafts_store.draft_of(row).shown)
    conn.execute(insert(draft_reviews).values(draft_id=draft_id, at=at, who=who, action=decision, text=shown,
                                              note=values["review_note"]))
    touch(conn, desk.workspace.id, "copy", who, f"{drafts_store.REVIEW_WORDS[decision]} the {row.kind} of "
                                                f"“{str(row.brief.get('title', ''))[:60]}”")
    if row.version != seen_version:
        return drafts_store.Edit(row.version + 1, row.updated_at, row.updated_by)
    return drafts_store.Edit(row.version + 1)


def history_of(engine: Engine, draft_id: int) -> pd.DataFrame:
    """A draft's sign-off steps, oldest first: at (UTC), who, action, text, note."""
    with reading(engine) as conn:
        rows = conn.execute(select(draft_reviews).where(draft_reviews.c.draft_id == draft_id)
                            .order_by(draft_reviews.c.id)).all()
    return pd.DataFrame([r._mapping for r in rows], columns=["id", "draft_id", "at", "who", "action", "text", "note"])
