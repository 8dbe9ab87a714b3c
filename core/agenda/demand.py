"""Demand: how many people want each session, against the seats of its room, and which sessions the same people
want (an "audience clash" when two of them run at the same time).

Interest comes as sets of picks, one per attendee (a browser's stars on the programme's public page, or rows of
an organiser's upload), and as the organiser's own expected audience per session, which wins where given.

    picks = [["S02", "S05"], ["S02", "S03", "S05"]]
    table = demand(agenda, picks, expected={"S01": 300})   # expected, capacity, overflow, empty seats
    pairs = audience_pairs(agenda, picks)                  # shared attendees per pair, and whether they overlap
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations

import pandas as pd

from core.agenda.sessions import Agenda
from core.readers import guess_column

# column names of attendees' picks in a pre-event vote or a ticketing tool's agenda builder, most specific first
ATTENDEE_COLUMNS = ("attendee_id", "attendee id", "attendee", "user_id", "user id", "user", "ticket", "email",
                    "person", "participant", "id")
SESSION_COLUMNS = ("session_id", "session id", "session", "talk_id", "talk id", "talk", "event_id", "event id",
                   "code", "submission")


SPEAKER_COLUMNS = ("speaker", "speaker name", "name", "person")
FROM_COLUMNS = ("from", "start", "starts at", "unavailable from", "begin")
TO_COLUMNS = ("to", "end", "ends at", "unavailable to", "until", "finish")


class PicksError(ValueError):
    """A picks file this app cannot use; the message says what it expected."""


def picks_from(frame: pd.DataFrame) -> list[tuple[str, str]]:
    """(attendee id, session id) rows of an uploaded picks table, its columns found by name.

    Example: a CSV with "Attendee ID,Session ID" -> [("a1", "S02"), ("a1", "S05"), ...]"""
    columns = [str(c) for c in frame.columns]
    session = guess_column(columns, SESSION_COLUMNS)
    attendee = guess_column([c for c in columns if c != session], ATTENDEE_COLUMNS)
    if session is None or attendee is None:
        raise PicksError("A picks file needs a column of attendee ids and a column of session ids (for example "
                         f"“attendee_id,session_id”); this one has {', '.join(columns[:8]) or 'no columns'}.")
    pairs = frame[[attendee, session]].astype(str).apply(lambda c: c.str.strip())
    pairs = pairs[(pairs[attendee] != "") & (pairs[session] != "") & (pairs[session].str.lower() != "nan")]
    if pairs.empty:
        raise PicksError("The file has the right columns but no picks in them.")
    return list(pairs.itertuples(index=False, name=None))


@dataclass
class Interest:
    """Picks counted per session and per pair of sessions, and the picks for ids the programme does not have."""
    per_session: Counter = field(default_factory=Counter)
    per_pair: Counter = field(default_factory=Counter)  # (a, b) with a < b -> attendees who picked both
    attendees: int = 0
    unknown: Counter = field(default_factory=Counter)  # session id not in the programme -> picks


def count_interest(agenda: Agenda, picks: list[list[str]]) -> Interest:
    """Every pick set counted once per session; ids the programme does not have are counted apart and named,
    never matched to a session by guessing."""
    known = set(agenda.sessions["session_id"].astype(str))
    out = Interest()
    for chosen in picks:
        unique = sorted(set(map(str, chosen)))
        mine = [sid for sid in unique if sid in known]
        out.unknown.update(sid for sid in unique if sid not in known)
        if mine:
            out.attendees += 1
        out.per_session.update(mine)
        out.per_pair.update(combinations(mine, 2))
    return out


def expected_audience(agenda: Agenda, interest: Interest, expected: dict[str, int] | None = None) -> pd.Series:
    """Session id -> expected audience: the organiser's figure where they gave one, else the picks counted."""
    ids = agenda.sessions["session_id"].astype(str)
    typed = expected or {}
    return pd.Series([int(typed[s]) if s in typed else int(interest.per_session.get(s, 0)) for s in ids],
                     index=ids, name="expected")


def demand(agenda: Agenda, interest: Interest, expected: dict[str, int] | None = None) -> pd.DataFrame:
    """One row per session: session_id, title, room, start, expected, capacity (None when the programme does not
    say, or says 0: then no overflow is scored), overflow (people without a seat) and empty (seats left)."""
    s = agenda.sessions
    audience = expected_audience(agenda, interest, expected).to_numpy()
    seats = [agenda.capacity.get(room) or None for room in s["room"]]
    overflow = [max(0, a - c) if c else None for a, c in zip(audience, seats)]
    empty = [max(0, c - a) if c else None for a, c in zip(audience, seats)]
    return pd.DataFrame({"session_id": s["session_id"].astype(str).to_numpy(), "title": s["title"].to_numpy(),
                         "room": s["room"].to_numpy(), "start": s["start"].to_numpy(), "expected": audience,
                         "capacity": pd.array(seats, dtype="Int64"), "overflow": pd.array(overflow, dtype="Int64"),
                         "empty": pd.array(empty, dtype="Int64")})


def _overlap(a_start, a_end, b_start, b_end) -> bool:
    if pd.isna(a_start) or pd.isna(b_start) or pd.isna(a_end) or pd.isna(b_end):
        return False
    return a_start < b_end and b_start < a_end


def audience_pairs(agenda: Agenda, interest: Interest, top: int | None = 50) -> pd.DataFrame:
    """The pairs of sessions that share the most interested attendees, most first: a, b, their titles, shared
    attendees, and whether they run at the same time (an audience clash)."""
    s = agenda.sessions.assign(session_id=agenda.sessions["session_id"].astype(str)).set_index("session_id")
    rows = []
    for (a, b), shared in interest.per_pair.most_common(top):
        clash = _overlap(s.at[a, "start"], s.at[a, "end"], s.at[b, "start"], s.at[b, "end"])
        rows.append({"a": a, "b": b, "title_a": s.at[a, "title"], "title_b": s.at[b, "title"], "shared": shared,
                     "clash": clash})
    return pd.DataFrame(rows, columns=["a", "b", "title_a", "title_b", "shared", "clash"])


def audience_clashes(agenda: Agenda, interest: Interest) -> int:
    """Attendee-pairs lost to overlaps: for every two sessions that run at the same time, the attendees who
    wanted both (one attendee wanting three overlapping sessions counts three pairs)."""
    pairs = audience_pairs(agenda, interest, top=None)
    return int(pairs.loc[pairs["clash"], "shared"].sum()) if len(pairs) else 0


def unavailable_from(frame: pd.DataFrame) -> list[tuple[str, pd.Timestamp, pd.Timestamp]]:
    """(speaker, from, to) rows of an uploaded table of unavailable times, wall-clock as the programme's.

    Example: "speaker,from,to\nAna Silva,2026-06-11 09:00,2026-06-11 12:00" -> [("Ana Silva", …, …)]"""
    columns = [str(c) for c in frame.columns]
    found = [guess_column(columns, names) for names in (SPEAKER_COLUMNS, FROM_COLUMNS, TO_COLUMNS)]
    if None in found:
        raise PicksError("An unavailability file needs a speaker column and a from and a to column (for example "
                         f"“speaker,from,to”); this one has {', '.join(columns[:8]) or 'no columns'}.")
    name, start, end = found
    starts = pd.to_datetime(frame[start], errors="coerce")
    ends = pd.to_datetime(frame[end], errors="coerce")
    rows = [(str(n).strip(), a, b) for n, a, b in zip(frame[name], starts, ends)
            if str(n).strip() and not pd.isna(a) and not pd.isna(b) and a < b]
    if not rows:
        raise PicksError("No row has a speaker and a from time before its to time (e.g. 2026-06-11 09:00).")
    return rows
