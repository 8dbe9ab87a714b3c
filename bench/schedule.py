"""Timetable repair (`core.agenda.schedule.repair`, OR-Tools CP-SAT) on the demo event and on synthetic programmes:
170 sessions over 5 days in 6 rooms (the issue's size), and 500 sessions over 5 days in 17 rooms.

    .venv/bin/python bench/schedule.py [--time-limit 30]

Each programme mixes 45-minute talks, 30-minute lightning talks, 90-minute workshops in their own room, a
keynote each morning and lunch; its texts are demo sessions reworded, so similar talks exist and clash, and
speakers give several sessions. Prints the clash score before and after, the moves, the solver's status and
time. Last line: clash_cut_170: <score after / score before> (goal ≤ 0.5), then seconds vs the 30 s goal.
"""
from __future__ import annotations

import argparse
import random
import time

from common import machine

import pandas as pd

from core.agenda.sessions import from_event_agenda
from core.models.embeddings import embed
from core.store.demo import load_demo_event
from core.agenda.schedule import repair

PATIENCE_S = 5  # as the Fix clashes tab runs it: stop 5 s after the last improvement
TALK_SLOTS = ["10:00", "11:00", "12:00", "14:00", "15:00", "16:00"]
WORKSHOP_SLOTS = ["10:00", "14:00"]


def programme(days: int, talk_rooms: int, seed: int = 0) -> pd.DataFrame:
    """A synthetic multi-day programme whose sessions are demo talks reworded, placed at random."""
    rng = random.Random(seed)
    demo = load_demo_event().agenda
    talks = demo[demo["format"] == "talk"].to_dict("records")
    people = [f"{first} {last}" for first in ("Ana", "Ben", "Chen", "Dara", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jo")
              for last in ("Ali", "Berg", "Cruz", "Diaz", "Eng", "Fox", "Gray", "Hu", "Ito", "Jain", "Kaur", "Lund")]
    rows = []

    def add(day: int, at: str, minutes: int, room: str, fmt: str, base: dict | None, title: str = "") -> None:
        start = pd.Timestamp("2026-06-08") + pd.Timedelta(days=day) + pd.Timedelta(at + ":00")
        speakers = "; ".join(rng.sample(people, rng.choice([1, 1, 2])))
        rows.append({"session_id": f"S{len(rows):04d}", "title": title or f"{base['title']} ({len(rows)})",
                     "abstract": base["abstract"] if base else "", "speakers": speakers if base else "",
                     "format": fmt, "track": base["track"] if base else "", "room": room, "start": start,
                     "end": start + pd.Timedelta(minutes=minutes)})

    for day in range(days):
        add(day, "09:00", 45, "Main Hall", "keynote", rng.choice(talks), f"Day {day + 1} keynote")
        add(day, "12:45", 60, "Main Hall", "networking", None, "Lunch")
        for at in TALK_SLOTS:
            for r in range(talk_rooms):
                lightning = at == "16:00" and r == talk_rooms - 1
                add(day, at, 30 if lightning else 45, "Main Hall" if r == 0 else f"Room {chr(65 + r)}",
                    "lightning" if lightning else "talk", rng.choice(talks))
        for at in WORKSHOP_SLOTS:
            add(day, at, 90, "Workshop Lab", "workshop", rng.choice(talks))
    return pd.DataFrame(rows)


def run(name: str, sessions: pd.DataFrame, limit: float) -> dict:
    agenda = from_event_agenda(sessions)
    vectors = embed(agenda.texts())
    result = repair(agenda, vectors, time_limit_s=limit, patience_s=PATIENCE_S)
    cut = result.after.score / result.before.score if result.before.score else 0.0
    print(f"{name:32} {len(agenda.sessions):5} sessions  before {result.before}  after {result.after}  "
          f"moves {len(result.moves):3}  {result.status}{f' (gap {result.gap:.1%})' if result.gap else ''}  "
          f"{result.seconds:.1f} s (best found at {result.best_found_s:.1f} s)  after/before {cut:.2f}")
    for note in result.notes:
        print("   note:", note)
    return {"cut": cut, "seconds": result.seconds}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--time-limit", type=float, default=30)
    args = parser.parse_args()
    print(machine())
    started = time.perf_counter()
    run("demo event", load_demo_event().agenda, args.time_limit)
    big = run("synthetic, 5 days × 6 rooms", programme(5, 5), args.time_limit)
    run("synthetic, 5 days × 17 rooms", programme(5, 16), args.time_limit)
    print(f"(whole run {time.perf_counter() - started:.0f} s, embedding included)")
    print(f"clash_cut_170: {big['cut']:.2f}")
    print(f"seconds_170_vs_30s: {big['seconds'] / 30:.2f}")


if __name__ == "__main__":
    main()
