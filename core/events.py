"""The demo event that ships with the dashboard, and the shape every page expects event data in."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

SAMPLE_DIR = Path(__file__).resolve().parent / "sample_data"
AGENDA_COLUMNS = ["session_id", "title", "speakers", "format", "track", "room", "start", "end", "abstract"]
FEEDBACK_COLUMNS = ["comment_id", "session_id", "text", "rating", "timestamp"]


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
