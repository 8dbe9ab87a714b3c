"""A timetable fitted to its audience (`core.agenda.schedule.repair` with `core.agenda.fit`): 170 sessions in
6 rooms over 3 days (9 hourly slots a day, a keynote, lunch, a closing and a reception), 3,000 synthetic
attendees picking 8–15 sessions each.

    .venv/bin/python bench/audience.py [--attendees 3000] [--time-limit 30] [--seed 0]

The programme: 3 days of 9 hourly slots in 6 rooms (Main Hall 500 seats down to Room F 100: 1,470 seats a slot,
about the attendees a slot draws), talks drawn from
the demo event's sessions reworded, a keynote each morning in the Main Hall, lunch pinned. Interest: each
session gets a popularity from a Zipf-like law (rank^-0.6, ranks shuffled, so popularity has nothing to do with
the room a talk was given); each attendee has a taste, the embedding of one or two random sessions, and picks
sessions with probability ∝ popularity × exp(6 × cosine(taste, session)): people follow topics and skew toward
popular talks. Expected audience = picks.

Measured against the timetable as uploaded, in one run: people without a seat, audience clashes (attendee-pairs
who want two sessions at the same time, among the 600 pairs sharing the most), the topic clash score (and what
today's topic-only repair reaches), sessions moved, seconds. Last line: overflow_cut (after / before).
"""
from __future__ import annotations

import time

from common import machine, options

import numpy as np
import pandas as pd

from core.agenda import count_interest, repair
from core.agenda.fit import Audience, Weights, room_swaps, terms
from core.agenda.schedule import _prepare
from core.agenda.sessions import Agenda, from_event_agenda
from core.models.embeddings import embed
from core.store.demo import load_demo_event

ROOMS = {"Main Hall": 500, "Room B": 350, "Room C": 250, "Room D": 150, "Room E": 120, "Room F": 100}
SLOTS = ["09:30", "10:30", "11:30", "13:30", "14:30", "15:30", "16:30", "17:30", "18:30"]


def programme(seed: int) -> Agenda:
    rng = np.random.default_rng(seed)
    demo = from_event_agenda(load_demo_event().agenda).sessions
    talks = demo[demo["format"].str.lower() == "talk"].reset_index(drop=True)
    rows = []

    def add(day, at, minutes, room, fmt, title, abstract="", speakers="", kind=""):
        start = pd.Timestamp("2026-06-08") + pd.Timedelta(days=day) + pd.Timedelta(at + ":00")
        rows.append({"session_id": f"S{len(rows):04d}", "title": title, "abstract": abstract, "speakers": speakers,
                     "format": fmt, "track": "", "room": room, "start": start,
                     "end": start + pd.Timedelta(minutes=minutes), "kind": kind})

    for day in range(3):
        add(day, "08:45", 40, "Main Hall", "keynote", f"Day {day + 1} keynote", kind="plenary")
        add(day, "12:30", 60, "Main Hall", "break", "Lunch", kind="break")
        for at in SLOTS:
            for room in ROOMS:
                base = talks.iloc[int(rng.integers(len(talks)))]
                add(day, at, 45, room, "talk", f"{base.title} ({len(rows)})", base.abstract,
                    f"Speaker {int(rng.integers(120))}")
    add(2, "19:30", 30, "Main Hall", "closing", "Closing", kind="plenary")
    add(2, "20:00", 90, "Main Hall", "reception", "Reception", kind="break")
    return Agenda(pd.DataFrame(rows), capacity=dict(ROOMS))


def interest(agenda: Agenda, vectors: np.ndarray, attendees: int, seed: int) -> list[list[str]]:
    rng = np.random.default_rng(seed + 1)
    s = agenda.sessions
    talk = (s["kind"] == "").to_numpy()
    ranks = rng.permutation(int(talk.sum())) + 1
    popularity = np.zeros(len(s))
    popularity[talk] = ranks ** -0.6
    ids = s["session_id"].to_numpy()
    picks = []
    for _ in range(attendees):
        taste = vectors[rng.choice(np.flatnonzero(talk), size=int(rng.integers(1, 3)))].mean(axis=0)
        weight = popularity * np.exp(6 * (vectors @ taste))
        k = int(rng.integers(8, 16))
        picks.append(list(ids[rng.choice(len(s), size=k, replace=False, p=weight / weight.sum())]))
    return picks


def main() -> None:
    args = options(attendees=3000, time_limit=25, seed=0)
    print(machine())
    agenda = programme(args.seed)
    vectors = embed(agenda.texts())
    picks = interest(agenda, vectors, args.attendees, args.seed)
    counted = count_interest(agenda, picks)
    audience = Audience.from_interest(agenda, counted)
    before = terms(agenda.sessions, audience)
    print(f"{len(agenda.sessions)} sessions, {len(ROOMS)} rooms, 3 days; {counted.attendees:,} attendees, "
          f"{sum(map(len, picks)):,} picks; as uploaded: {before['overflow']:,} people without a seat, "
          f"{before['audience_clashes']:,} audience clashes")
    started = time.perf_counter()
    topics_only = repair(agenda, vectors, time_limit_s=args.time_limit, patience_s=5)
    topics_s = time.perf_counter() - started
    print(f"today's repair (topics only): clash score {topics_only.before.score:.2f} -> {topics_only.after.score:.2f}, "
          f"{len(topics_only.moves)} moved, {topics_s:.1f} s; its audience terms: "
          f"{terms(topics_only.schedule, audience)}")
    seats = max(ROOMS.values())
    floor = sum(max(0, audience.expected[i] - seats) for i in audience.expected)
    print(f"unavoidable: {floor:,} people want a session more than the largest room holds")
    cap = len(agenda.sessions) // 4
    problem = _prepare(agenda, vectors, 0.5, ())
    swapped = room_swaps(problem.groups, problem.s, problem.times, audience, cap)
    start = agenda.sessions.assign(room=[swapped.get(i, r) for i, r in enumerate(agenda.sessions["room"])])
    print(f"the solver's start at most {cap} moves (room swaps at the same time, most people seated per move "
          f"first): overflow {terms(start, audience)['overflow']:,}, {len(swapped)} moved")
    for label, weights, most in (("balanced", Weights(topics=5, demand=5, moves=5), None),
                                 ("fit rooms to demand", Weights(topics=3, demand=10, moves=5), None),
                                 (f"fit rooms to demand, at most {cap} moves", Weights(topics=3, demand=10, moves=5),
                                  cap)):
        started = time.perf_counter()
        fitted = repair(agenda, vectors, time_limit_s=args.time_limit, patience_s=5, audience=audience,
                        weights=weights, max_moves=most)
        seconds = time.perf_counter() - started
        over, lost = fitted.terms["overflow"], fitted.terms["audience_clashes"]
        avoidable = (over[1] - floor) / max(over[0] - floor, 1)
        print(f"{label} {weights}: overflow {over[0]:,} -> {over[1]:,} ({over[1] / max(over[0], 1):.2f}×; "
              f"of what a timetable can fix: {avoidable:.2f}×), "
              f"audience clashes {lost[0]:,} -> {lost[1]:,} ({lost[1] / max(lost[0], 1):.2f}×), "
              f"topic clash score {fitted.before.score:.2f} -> {fitted.after.score:.2f} "
              f"(today's repair: {topics_only.after.score:.2f}), {len(fitted.moves)} of {len(agenda.sessions)} "
              f"moved ({len(fitted.moves) / len(agenda.sessions):.0%}), {seconds:.1f} s, {fitted.status}")
    compare(agenda, audience, args.time_limit)
    print(f"overflow_cut: {over[1] / max(over[0], 1):.2f}")


def compare(agenda: Agenda, audience: Audience, time_limit: int) -> None:
    """The same talks and slots through PyconUK's conference-scheduler (PuLP and CBC), with its capacity/demand
    objective (the "equity" one: the largest shortfall of seats; its "efficiency" objective is a constant when
    every slot is filled). Optional: `pip install conference-scheduler` (not a dependency of the app)."""
    try:
        import pulp
        from conference_scheduler import scheduler
        from conference_scheduler.lp_problem import objective_functions
        from conference_scheduler.resources import Event, Slot
    except ImportError:
        print("conference-scheduler: not installed (pip install conference-scheduler) — comparison skipped")
        return
    s = agenda.sessions
    talks = [i for i in range(len(s)) if s.kind[i] == ""]
    events = [Event(s.session_id[i], 45, audience.expected[i]) for i in talks]
    slots = [Slot(s.room[i], s.start[i].to_pydatetime(), 45, audience.capacity[s.room[i]], f"{s.start[i]:%a %H:%M}")
             for i in talks]
    started = time.perf_counter()
    try:
        equity = objective_functions.equity_capacity_demand_difference
        found = scheduler.schedule(events, slots, objective_function=equity,
                                   solver=pulp.PULP_CBC_CMD(msg=False, timeLimit=time_limit))
    except Exception as exc:  # its solver says "infeasible" or runs out of time without an answer
        print(f"conference-scheduler: no schedule ({type(exc).__name__}: {exc}) after "
              f"{time.perf_counter() - started:.1f} s")
        return
    seconds = time.perf_counter() - started
    placed = s.copy()
    where = {s.session_id[i]: i for i in talks}
    for item in found:
        i = where[item.event.name]
        placed.loc[i, ["start", "room"]] = [pd.Timestamp(item.slot.starts_at), item.slot.venue]
        placed.loc[i, "end"] = placed.loc[i, "start"] + pd.Timedelta(minutes=45)
    after, before = terms(placed, audience), terms(s, audience)
    moved = int(((placed["start"] != s["start"]) | (placed["room"] != s["room"])).sum())
    print(f"conference-scheduler (equity objective): overflow {before['overflow']:,} -> {after['overflow']:,} "
          f"({after['overflow'] / max(before['overflow'], 1):.2f}×), audience clashes {before['audience_clashes']:,} "
          f"-> {after['audience_clashes']:,}, {moved} of {len(s)} moved, {seconds:.1f} s (topics: not modelled)")


if __name__ == "__main__":
    main()
