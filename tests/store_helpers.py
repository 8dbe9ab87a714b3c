"""What the store tests share: hostile text, two signed-in users, two agendas, written candidates."""
from __future__ import annotations

import pandas as pd

from core.agenda.sessions import Agenda, from_event_agenda, guess_mapping, normalise
from core.store.demo import load_demo_event
from core.store.workspaces import User

HOSTILE = "'); DROP TABLE sessions;--"


ANA = User("https://accounts.example", "ana-1", "ana@example.org", "Ana")


BEN = User("https://accounts.example", "ben-2", "Ben@Example.org", "Ben")


def demo_agenda() -> Agenda:
    return from_event_agenda(load_demo_event().agenda)


def uploaded_agenda() -> Agenda:
    frame = pd.DataFrame({"Session Title": [HOSTILE, "<b>Bold</b> & “quotes” — ünïcödé 🎪", "Untimed"],
                          "Starts At": ["2026-06-11 09:00", "2026-06-11 10:00", ""],
                          "Ends At": ["2026-06-11 09:45", "2026-06-11 10:45", ""],
                          "Venue": ["Hall", "Room 2", ""], "Notes": ["keep me", "", "x"]})
    return normalise(frame, guess_mapping(list(frame.columns)))


def written(text: str) -> list[dict]:
    return [{"text": text, "seed": 1, "reasons": ["no facts outside your brief"], "removed": []}]
