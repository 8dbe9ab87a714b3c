"""Repair a timetable: move sessions so similar talks stop running against each other, with the fewest moves.

The organiser's rooms and slots stay as they are; only who sits in them changes. A session may take the time of
another session of the same length and format (a workshop stays in a workshop room), so the repaired timetable
is a reshuffle of the sessions within each (length, format) group. OR-Tools' CP-SAT solver chooses the shuffle:

- one boolean per (session, time its group occupies); each session gets one time, and each time keeps exactly
  as many sessions of the group as it has now (so every room slot stays filled, none doubles up);
- a clash variable per similar pair, forced to 1 when the two land on overlapping times;
- a speaker's sessions that did not overlap before may not overlap after;
- fixed sessions (keynotes, breaks, everything pinned) are constants;
- objective: least clash score first, then fewest moves.

Rooms are handed out afterwards: a session that keeps its time keeps its room, newcomers take the rooms freed
at that time. Example:

    result = repair(agenda, vectors, time_limit_s=10)
    result.after.score <= result.before.score; result.moves -> [{"title": ..., "from": ..., "to": ...}, ...]
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from core.agenda import similarity
from core.agenda.changes import moves_of
from core.agenda.fit import Audience, Slots, Weights, add_rooms, people_terms, terms, unavailable_problems
from core.agenda.sessions import Agenda
from core.agenda.solving import solve
from core.text_terms import speaker_names

# Formats and titles that anchor a programme: moving them would move the whole audience.
FIXED_WORDS = ("keynote", "plenary", "break", "lunch", "coffee", "networking", "registration", "opening",
               "closing", "welcome", "reception", "social", "party", "dinner")
WEIGHT = 1000  # similarities become integers for CP-SAT: 0.734 -> 734


@dataclass(frozen=True)
class Score:
    score: float  # the sum of similarity over clashing pairs
    clashes: int  # how many pairs clash

    def __str__(self) -> str:
        return f"{self.score:.2f} over {self.clashes} clash{'es' if self.clashes != 1 else ''}"


@dataclass
class Repair:
    schedule: pd.DataFrame  # one row per session: session_id, title, start, end, room, moved
    moves: list[dict]  # {session_id, title, from, to, from_end, to_end, from_room, to_room}, by new time
    before: Score
    after: Score
    status: str  # "optimal", "feasible" (then see gap) or "unchanged" (nothing could move)
    gap: float  # (found - bound) / found for a feasible answer: how far from proven best it might be
    notes: list[str] = field(default_factory=list)  # what the repair could not do, in plain words
    seconds: float = 0.0
    best_found_s: float = 0.0  # when the solver found the timetable it returned; the rest was spent proving
    terms: dict = field(default_factory=dict)  # audience terms, before and after: {"overflow": (120, 14), …}


def is_fixed(title: str, fmt: str) -> bool:
    words = set(re.findall(r"[a-z]+", f"{title} {fmt}".lower()))
    return any(w in words for w in FIXED_WORDS) or fmt.strip().lower() in FIXED_WORDS


def clash_score(starts, ends, rooms: list[str], vectors: np.ndarray, threshold: float) -> Score:
    """The Topic clashes tab's definition: similar sessions at overlapping times in different rooms."""
    found = similarity.clashes(vectors, np.asarray(starts), np.asarray(ends), rooms, threshold)
    return Score(round(sum(s for _, _, s in found), 4), len(found))


def _overlaps(a: tuple, b: tuple) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@dataclass
class _Problem:
    """A timetable ready for the solver: the sessions, their times today, and the movable ones by group."""

    s: pd.DataFrame  # the sessions, indexed 0..n-1
    vectors: np.ndarray
    times: dict[int, tuple]  # session -> (start, end), for every timed session
    groups: dict[tuple, list[int]]  # (length, format) -> the movable sessions that may swap times
    movable: list[int]
    before: Score
    notes: list[str]


@dataclass
class _Model:
    """The CP-SAT model: one boolean per (session, time its group holds), the objective set."""

    model: object
    choice: dict[int, dict[tuple, object]]  # session -> its group's time -> boolean
    slots: Slots | None = None  # with an audience: session -> (time, room) -> boolean


def repair(agenda: Agenda, vectors: np.ndarray, time_limit_s: float = 30, threshold: float = 0.5, pinned=(),
           max_moves: int | None = None, patience_s: float | None = None, workers: int | None = None,
           audience: Audience | None = None, weights: Weights | None = None) -> Repair:
    """A better timetable for `agenda`, given one unit vector per session.

    `patience_s` stops the search once that long has passed without a better timetable: on a large programme
    CP-SAT finds its answer in a second or two and may spend the rest of the limit failing to prove it best.
    With an `audience` (see `core.agenda.fit`) the solver also chooses rooms, and weighs seats, attendees' wanted
    pairs and speakers' unavailable times by `weights`.
    """
    from ortools.sat.python import cp_model  # heavy (+108 MB resident): only a repair pays for the solver

    begun = time.perf_counter()
    problem = _prepare(agenda, vectors, threshold, pinned)
    blocked = unavailable_problems(problem.s, audience, set(problem.movable), problem.times)
    if blocked:
        problem.notes.extend([*blocked, "No timetable can meet those times, so nothing was moved."])
        return _unchanged(problem, audience, "infeasible", begun)
    if not problem.movable or max_moves == 0:
        return _unchanged(problem, audience, "unchanged", begun)
    built = _build(cp_model, problem, threshold, max_moves, audience, weights)
    solver, code, timer = solve(cp_model, built.model, time_limit_s, patience_s, workers, problem.notes)
    if code == cp_model.INFEASIBLE and audience is not None and audience.unavailable:
        problem.notes.append("No timetable meets every speaker's unavailable times ("
                             + "; ".join(f"{n.title()}: " + ", ".join(f"{a:%a %H:%M}–{b:%H:%M}" for a, b in w)
                                         for n, w in audience.unavailable.items()) + "), so nothing was moved.")
        return _unchanged(problem, audience, "infeasible", begun)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        problem.notes.append("The solver found no timetable within the time limit; nothing was moved.")
        return _unchanged(problem, audience, "unchanged", begun)
    result = _assemble(problem, built, solver, code == cp_model.OPTIMAL, threshold, begun)
    result.best_found_s = round(timer.last, 2)
    after = terms(result.schedule, audience)
    result.terms = {k: (v, after[k]) for k, v in terms(problem.s, audience).items()}
    return result


def _unchanged(problem, audience, status: str, begun: float) -> Repair:
    result = _result(problem.s, {}, problem.before, problem.before, status, 0.0, problem.notes, begun)
    result.terms = {k: (v, v) for k, v in terms(problem.s, audience).items()}
    return result


def _prepare(agenda: Agenda, vectors: np.ndarray, threshold: float, pinned) -> _Problem:
    """The sessions, today's clash score, what the file itself gets wrong, and the groups of sessions that may
    swap times: same length and format, not fixed, and more than one time to choose from."""
    s = agenda.sessions.reset_index(drop=True)
    vectors = np.asarray(vectors, dtype=np.float32)
    n = len(s)
    rooms = s["room"].fillna("").astype(str).tolist()
    before = clash_score(s["start"].to_numpy(), s["end"].to_numpy(), rooms, vectors, threshold)
    timed = s["start"].notna() & s["end"].notna()
    notes = _input_problems(s, timed, rooms)
    pinned = set(map(str, pinned))
    kinds = s["kind"].tolist() if "kind" in s else [""] * n  # breaks and plenaries the programme tool marked
    fixed = [not timed[i] or not rooms[i] or s.session_id[i] in pinned or bool(kinds[i])
             or is_fixed(s.title[i], s["format"][i]) for i in range(n)]
    times = {i: (s.start[i], s.end[i]) for i in range(n) if timed[i]}
    groups: dict[tuple, list[int]] = {}
    for i in range(n):
        if not fixed[i]:
            groups.setdefault((s.end[i] - s.start[i], s["format"][i].strip().lower()), []).append(i)
    groups = {k: v for k, v in groups.items() if len(set(times[i] for i in v)) > 1}  # one time only: no choice
    movable = [i for members in groups.values() for i in members]
    return _Problem(s, vectors, times, groups, movable, before, notes)


def _build(cp_model, problem: _Problem, threshold: float, max_moves: int | None, audience: Audience | None = None,
           weights: Weights | None = None) -> _Model:
    """Each movable session takes one of its group's times, each time keeps its count; similar pairs that meet
    cost their similarity, speakers never meet themselves; least clash score first, then fewest moves. With an
    audience, rooms are chosen too and the weighted terms of `core.agenda.fit` replace that order."""
    model, times = cp_model.CpModel(), problem.times
    choice: dict[int, dict[tuple, object]] = {}
    for members in problem.groups.values():
        slots = pd.Series([times[i] for i in members]).value_counts()  # how many of the group sit at each time
        for i in members:
            choice[i] = {t: model.new_bool_var(f"s{i}@{k}") for k, t in enumerate(slots.index)}
            model.add_exactly_one(choice[i].values())
            for t, v in choice[i].items():  # today's timetable: feasible from the start
                model.add_hint(v, t == times[i])
        for t, count in slots.items():
            model.add(sum(choice[i][t] for i in members) == int(count))
    places = _Places(choice, times)
    clash_terms = []
    for i, j, sim in similarity.pairs_above(problem.vectors, threshold):
        if (i not in choice and j not in choice) or not places.may_overlap(i, j):
            continue  # a fixed pair is a constant; a pair that can never meet costs nothing
        z = model.new_bool_var(f"clash{i}_{j}")
        for here, there in places.meetings(i, j):
            model.add(z >= here + sum(there) - 1)
        clash_terms.append((round(sim * WEIGHT), z))
    for i, j in _speaker_pairs(problem.s, times):
        if i in choice or j in choice:
            for here, there in places.meetings(i, j):
                model.add(here + sum(there) <= 1)
    slots = None if audience is None else add_rooms(model, problem.groups, problem.s, times, choice, audience,
                                                    max_moves)
    # a session whose own slot is closed to it (its speaker cannot come then) moves whatever happens: a constant 1
    moved = [1 - (slots.pick[i].get(slots.today[i], 0) if slots else choice[i][times[i]]) for i in problem.movable]
    if max_moves is not None:
        model.add(sum(moved) <= max_moves)
    if slots is None:
        model.minimize((len(problem.movable) + 1) * sum(w * z for w, z in clash_terms) + sum(moved))
    else:
        people = people_terms(model, slots, audience, places)
        model.minimize((weights or Weights()).objective(sum(w // 10 * z for w, z in clash_terms),
                                                        sum(n * v for n, v in people), sum(moved)))
    return _Model(model, choice, slots)


class _Places:
    """Where a session may sit: the booleans of a movable one, the one time of a fixed one."""

    def __init__(self, choice: dict, times: dict):
        self.choice, self.times = choice, times

    def options(self, i: int) -> list[tuple]:
        return list(self.choice[i]) if i in self.choice else ([self.times[i]] if i in self.times else [])

    def at(self, i: int, window: tuple) -> list:
        """Booleans (or the constant 1) that put session i at a time overlapping `window`."""
        if i not in self.choice:
            return [1] if i in self.times and _overlaps(self.times[i], window) else []
        return [v for t, v in self.choice[i].items() if _overlaps(t, window)]

    def may_overlap(self, i: int, j: int) -> bool:
        return any(_overlaps(a, b) for a in self.options(i) for b in self.options(j))

    def meetings(self, i: int, j: int):
        """(i at time t, [j at a time overlapping t]) for each time t session i may take."""
        for t in self.options(i):
            there = self.at(j, t)
            if there:
                yield (self.choice[i][t] if i in self.choice else 1), there


def _assemble(problem: _Problem, built: _Model, solver, optimal: bool, threshold: float, begun: float) -> Repair:
    """The solver's times, each moved session given a room its group freed there (or the room the solver chose,
    with an audience), scored again."""
    if built.slots is not None:
        chosen = {i: next(slot for slot, v in built.slots.pick[i].items() if solver.value(v))
                  for i in problem.movable}
        placed = {i: slot for i, slot in chosen.items() if slot != built.slots.today[i]}
    else:
        new_time = {i: next(t for t, v in built.choice[i].items() if solver.value(v)) for i in problem.movable}
        placed = _rooms(problem.s, problem.groups, problem.times, new_time)
    found, bound = solver.objective_value, solver.best_objective_bound
    gap = 0.0 if optimal or found <= 0 else max(0.0, (found - bound) / found)
    new = problem.s.copy()
    for i, (t, room) in placed.items():
        new.loc[i, ["start", "end", "room"]] = [t[0], t[1], room]
    after = clash_score(new["start"].to_numpy(), new["end"].to_numpy(), new["room"].tolist(), problem.vectors,
                        threshold)
    return _result(problem.s, placed, problem.before, after, "optimal" if optimal else "feasible", gap,
                   problem.notes, begun)


def _speaker_pairs(s: pd.DataFrame, times: dict) -> list[tuple[int, int]]:
    """Sessions sharing a speaker that do not overlap today: they must not overlap after the repair either."""
    by_name: dict[str, list[int]] = {}
    for i, text in enumerate(s["speakers"].fillna("").astype(str)):
        for name in speaker_names(text):
            by_name.setdefault(name, []).append(i)
    pairs = set()
    for members in by_name.values():
        for a in range(len(members)):
            for b in range(a + 1, len(members)):
                i, j = members[a], members[b]
                if i in times and j in times and not _overlaps(times[i], times[j]):
                    pairs.add((i, j))
    return sorted(pairs)


def _rooms(s: pd.DataFrame, groups: dict, times: dict, new_time: dict) -> dict[int, tuple]:
    """Room for every session that moved in time: the rooms its group's leavers freed at its new time."""
    placed = {}
    for members in groups.values():
        free: dict[tuple, list[str]] = {}
        for i in members:
            if new_time[i] != times[i]:
                free.setdefault(times[i], []).append(s.room[i])
        for i in sorted(members, key=lambda i: (s.start[i], s.room[i])):
            if new_time[i] != times[i]:
                placed[i] = (new_time[i], free[new_time[i]].pop(0))
    return placed


def _input_problems(s: pd.DataFrame, timed: pd.Series, rooms: list[str]) -> list[str]:
    notes = []
    untimed = int((~timed).sum())
    if untimed:
        notes.append(f"{untimed} session{'s have' if untimed != 1 else ' has'} no start or end time and stay where "
                     "they are.")
    roomless = sum(1 for i in range(len(s)) if timed[i] and not rooms[i])
    if roomless:
        notes.append(f"{roomless} timed session{'s have' if roomless != 1 else ' has'} no room and stay where they are "
                     "(they still count in the clash score).")
    double = [(i, j) for i, j in similarity.overlapping_pairs(s["start"].to_numpy(), s["end"].to_numpy())
              if rooms[i] and rooms[i] == rooms[j]]
    if double:
        i, j = double[0]
        notes.append(f"Your file puts two sessions in one room at once {len(double)} time"
                     f"{'s' if len(double) != 1 else ''} (e.g. “{s.title[i]}” and “{s.title[j]}” in "
                     f"{rooms[i]}); "
                     "the repair leaves those as they are.")
    return notes


def _result(s: pd.DataFrame, placed: dict, before: Score, after: Score, status: str, gap: float, notes: list[str],
            begun: float) -> Repair:
    schedule = s[["session_id", "title", "start", "end", "room"]].copy()
    schedule["moved"] = False
    for i, ((start, end), room) in placed.items():
        schedule.loc[i, ["start", "end", "room", "moved"]] = [start, end, room, True]
    return Repair(schedule, moves_of(s, schedule), before, after, status, gap, notes,
                  round(time.perf_counter() - begun, 2))


def apply(agenda: Agenda, result: Repair) -> Agenda:
    """The agenda with the repaired times and rooms, its organiser's own rows rewritten to match.

    Only moved rows change in the organiser's columns, written as "2026-06-11 10:00", so a diff against their
    file shows exactly the moves. Example: apply(agenda, repair(agenda, vectors)).sessions -> the new timetable
    """
    sessions = agenda.sessions.copy()
    moved = result.schedule["moved"].to_numpy()
    for name in ("start", "end", "room"):
        sessions.loc[moved, name] = result.schedule.loc[moved, name]
    source = None if agenda.source is None else agenda.source.copy()
    if source is not None:
        for name in ("start", "end", "room"):
            column = agenda.mapping.get(name)
            if column:
                values = result.schedule.loc[moved, name]
                if name != "room" and not pd.api.types.is_datetime64_any_dtype(source[column]):
                    values = values.dt.strftime("%Y-%m-%d %H:%M")  # their column holds text: keep it text
                source.loc[moved, column] = values
    note = (f"{len(result.moves)} sessions moved; clash score {result.before.score:.2f} → "
            f"{result.after.score:.2f}.")
    return replace(agenda, sessions=sessions, notes=[*agenda.notes, note], source=source)
