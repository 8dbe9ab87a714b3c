"""The timetable repair's audience terms: rooms chosen by the solver so a popular talk can move to a big room,
seats short of the expected audience, attendees who want two sessions that overlap, and speakers' unavailable
times as hard constraints; with plain weights for what the organiser cares about most.

`core.agenda.schedule.repair` adds these to its CP-SAT model when it is given an `Audience`:

- one boolean per (session, room slot of its group at a time it may take): each slot keeps exactly one session;
- overflow: a session in a room of `c` seats with `d` expected people costs max(0, d - c) per chosen slot;
  a room with no capacity (or 0) scores no overflow;
- an audience clash variable per pair of sessions that share attendees, forced to 1 when they overlap, costing
  the attendees they share (the `top_pairs` pairs that share the most);
- a session may take no time that overlaps an unavailable time of one of its speakers.

    audience = Audience.from_interest(agenda, interest, expected, unavailable={"ana": [(start, end)]})
    result = repair(agenda, vectors, audience=audience, weights=Weights(topics=3, demand=8, moves=1))
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from core.agenda.demand import Interest, expected_audience
from core.agenda.sessions import Agenda
from core.text_terms import speaker_names

TOP_PAIRS = 600  # audience pairs given to the solver: the ones sharing the most attendees


@dataclass(frozen=True)
class Weights:
    """How much each term counts, as the organiser's plain controls set them (0 to 10 each)."""
    topics: int = 5  # keep similar topics apart
    demand: int = 5  # fit rooms to demand: seats for everyone, wanted sessions apart
    moves: int = 2  # move little

    def objective(self, topic_points, people, moves):
        """One objective from the three terms: a full-similarity topic clash weighs 100 points, a person without
        a seat or an attendee losing one of two wanted sessions 1 point, a move 10 points, each times its
        weight. Example: Weights(5, 5, 2) -> 500 per clash, 5 per person, 20 per move."""
        return self.topics * topic_points + self.demand * people + self.moves * 10 * moves


@dataclass
class Audience:
    """What the repair needs to know about people: expected audience and shared attendees by session position,
    seats per room, and speakers' unavailable times."""
    expected: dict[int, int]  # session position -> expected audience
    shared: dict[tuple[int, int], int]  # (i, j), i < j -> attendees who want both
    capacity: dict[str, int]  # room -> seats; a room missing or at 0 scores no overflow
    unavailable: dict[str, list[tuple]] = field(default_factory=dict)  # speaker (lower case) -> [(start, end)]

    @classmethod
    def from_interest(cls, agenda: Agenda, interest: Interest, expected: dict[str, int] | None = None,
                      unavailable: dict[str, list[tuple]] | None = None, top_pairs: int = TOP_PAIRS) -> Audience:
        ids = agenda.sessions["session_id"].astype(str).reset_index(drop=True)
        where = {sid: i for i, sid in enumerate(ids)}
        audience = expected_audience(agenda, interest, expected)
        shared = {}
        for (a, b), n in interest.per_pair.most_common(top_pairs):
            i, j = sorted((where[a], where[b]))
            shared[(i, j)] = int(n)
        return cls({i: int(audience.iloc[i]) for i in range(len(ids))}, shared,
                   {str(k): int(v) for k, v in agenda.capacity.items() if v}, {
                       k.lower(): list(v) for k, v in (unavailable or {}).items()})

    def overflow(self, i: int, room: str) -> int:
        seats = self.capacity.get(room)
        return max(0, self.expected.get(i, 0) - seats) if seats else 0

    def blocked(self, speakers: str, window: tuple) -> list[tuple[str, tuple]]:
        """(speaker, their unavailable time) pairs that `window` overlaps, for a session's speakers field."""
        return [(name, w) for name in speaker_names(speakers) for w in self.unavailable.get(name, [])
                if window[0] < w[1] and w[0] < window[1]]


def terms(s: pd.DataFrame, audience: Audience | None) -> dict[str, int]:
    """The audience terms of a timetable (rows in programme order): people without a seat, and attendee pairs
    lost to overlaps among the pairs the audience knows."""
    if audience is None:
        return {}
    seats = sum(audience.overflow(i, room) for i, room in enumerate(s["room"].fillna("").astype(str)))
    starts, ends = s["start"].to_numpy(), s["end"].to_numpy()
    lost = 0
    for (i, j), n in audience.shared.items():
        if not (pd.isna(starts[i]) or pd.isna(starts[j])) and starts[i] < ends[j] and starts[j] < ends[i]:
            lost += n
    return {"overflow": int(seats), "audience_clashes": int(lost)}


def unavailable_problems(s: pd.DataFrame, audience: Audience | None, movable: set[int], times: dict) -> list[str]:
    """Sentences naming each speaker whose unavailable time a session that cannot move already overlaps: such a
    timetable has no answer, and the repair says so instead of guessing."""
    if audience is None or not audience.unavailable:
        return []
    out = []
    for i, window in times.items():
        if i in movable:
            continue
        for name, (start, end) in audience.blocked(str(s.speakers[i]), window):
            out.append(f"{name.title()} is unavailable {start:%a %d %b %H:%M}–{end:%H:%M}, but “{s.title[i]}” "
                       f"cannot move from {window[0]:%a %H:%M} (it is pinned, fixed or the only one of its kind).")
    return out


@dataclass
class Slots:
    """The solver's room choice: session -> (time, room) -> boolean, and each session's slot today."""
    pick: dict[int, dict[tuple, object]]
    today: dict[int, tuple]


def room_swaps(groups: dict, s: pd.DataFrame, times: dict, audience: Audience, budget: int | None) -> dict[int, str]:
    """A starting point for the solver: swap rooms between sessions of one group at one time, the swap that seats
    the most people per session moved first, while `budget` moves last. Times do not change, so the start is as
    feasible as today's timetable (speakers, unavailable times and topics depend on times only). On the bench's
    170 sessions this start alone seats about as many people as 30 s of search from today's timetable did.

    Returns session -> room, for the sessions whose room changes."""
    room = {i: str(s.room[i]) for members in groups.values() for i in members}
    left = len(room) if budget is None else budget
    by_time: dict[tuple, list[list[int]]] = {}
    for members in groups.values():
        at: dict[tuple, list[int]] = {}
        for i in members:
            at.setdefault(times[i], []).append(i)
        for t, here in at.items():
            by_time.setdefault(t, []).append(here)
    while left > 0:
        best, pair = 0.0, None
        for lists in by_time.values():
            for here in lists:
                for a in range(len(here)):
                    for b in range(a + 1, len(here)):
                        i, j = here[a], here[b]
                        cost = (str(s.room[i]) != room[j]) + (str(s.room[j]) != room[i]) \
                            - (str(s.room[i]) != room[i]) - (str(s.room[j]) != room[j])
                        gain = (audience.overflow(i, room[i]) + audience.overflow(j, room[j])
                                - audience.overflow(i, room[j]) - audience.overflow(j, room[i]))
                        if gain > 0 and cost <= left and gain / max(cost, 0.5) > best:
                            best, pair = gain / max(cost, 0.5), (i, j, cost)
        if pair is None:
            break
        i, j, cost = pair
        room[i], room[j] = room[j], room[i]
        left -= cost
    return {i: r for i, r in room.items() if r != str(s.room[i])}


def add_rooms(model, groups: dict, s: pd.DataFrame, times: dict, choice: dict, audience: Audience,
              budget: int | None = None) -> Slots:
    """A boolean per (session, room slot its group holds at a time it may take), tied to its time booleans; each
    slot keeps as many sessions as it holds today (one, unless the file double-books a room). A time that overlaps
    a speaker's unavailable time is closed to the session. The search starts from `room_swaps` within `budget`
    moves."""
    pick: dict[int, dict[tuple, object]] = {}
    today = {i: (times[i], str(s.room[i])) for members in groups.values() for i in members}
    start = {**{i: r for i, (_, r) in today.items()}, **room_swaps(groups, s, times, audience, budget)}
    for members in groups.values():
        slots = pd.Series([today[i] for i in members]).value_counts()
        for i in members:
            pick[i] = {}
            for t, var in choice[i].items():
                if audience.blocked(str(s.speakers[i]), t):
                    model.add(var == 0)
                    continue
                here = [model.new_bool_var(f"x{i}@{t[0]}{room}") for (u, room) in slots.index if u == t]
                rooms = [room for (u, room) in slots.index if u == t]
                for room, v in zip(rooms, here):
                    pick[i][(t, room)] = v
                    model.add_hint(v, (t, room) == (times[i], start[i]))
                model.add(sum(here) == var)
        for slot, count in slots.items():
            model.add(sum(pick[i][slot] for i in members if slot in pick[i]) == int(count))
    return Slots(pick, today)


def people_terms(model, slots: Slots, audience: Audience, places) -> list:
    """(people, boolean) terms: seats short in each slot a session may take, and attendees who want two sessions
    that would overlap."""
    out = [(audience.overflow(i, room), v) for i, options in slots.pick.items()
           for (_, room), v in options.items() if audience.overflow(i, room)]
    for (i, j), n in audience.shared.items():
        if (i not in slots.pick and j not in slots.pick) or not places.may_overlap(i, j):
            continue
        y = model.new_bool_var(f"together{i}_{j}")
        for here, there in places.meetings(i, j):
            model.add(y >= here + sum(there) - 1)
        out.append((n, y))
    return out
