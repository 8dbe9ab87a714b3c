"""The demo event that ships with the dashboard (`core/sample_data/`), and the same event as a workspace's
contents: each visitor who loads it gets a fresh copy, so no two visitors ever write over each other.

    event = load_demo_event()     # event.agenda: one row per session; event.feedback: one row per comment
    event.summary()               # 'Harbourline Tech Summit 2026 · 40 sessions · 308 comments'
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from sqlalchemy import Connection

from core.agenda import from_event_agenda
from core.feedback import STARTER_CATEGORIES, from_event
from core.store.feedback import save_categories, save_comments
from core.store.programme import save as save_programme

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "sample_data"
FEEDBACK_COLUMNS = ["comment_id", "session_id", "text", "rating", "timestamp"]
FILENAME = "the demo event"


@dataclass
class EventData:
    """One event: its facts, its agenda (one row per session) and its feedback (one row per comment)."""

    info: dict
    agenda: pd.DataFrame
    feedback: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=FEEDBACK_COLUMNS))

    @property
    def name(self) -> str:
        return str(self.info.get("name") or "Untitled event")

    def summary(self) -> str:
        """Example: 'Harbourline Tech Summit 2026 · 40 sessions · 308 comments'"""
        return f"{self.name} · {len(self.agenda)} sessions · {len(self.feedback)} comments"


def load_demo_event() -> EventData:
    """Read the built-in sample event from `core/sample_data/`."""
    info = pd.read_csv(SAMPLE_DIR / "event.csv", dtype=str).iloc[0].to_dict()
    agenda = pd.read_csv(SAMPLE_DIR / "agenda.csv", dtype=str, keep_default_na=False)
    agenda["start"] = pd.to_datetime(agenda["start"])
    agenda["end"] = pd.to_datetime(agenda["end"])
    feedback = pd.read_csv(SAMPLE_DIR / "feedback.csv", dtype={"comment_id": str, "session_id": str, "text": str})
    feedback["timestamp"] = pd.to_datetime(feedback["timestamp"])
    return EventData(info=info, agenda=agenda, feedback=feedback)


def fill(conn: Connection, ws_id: str, who: str) -> None:
    """Inside the transaction that creates the workspace: the demo's programme, its comments, and the starter
    categories (so a visitor sees comments sorted at once)."""
    event = load_demo_event()
    save_programme(conn, ws_id, from_event_agenda(event.agenda), FILENAME, who)
    set_id = save_comments(conn, ws_id, from_event(event.feedback, event.agenda), "demo", FILENAME, {}, who)
    save_categories(conn, ws_id, set_id, dict(STARTER_CATEGORIES), who)


def name() -> str:
    return load_demo_event().name
