"""Every page of the dashboard, in one table: the navigation, the home page cards and the tests read it."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PAGES_DIR = Path(__file__).resolve().parent.parent / "pages"


@dataclass(frozen=True)
class PageInfo:
    file: str
    title: str
    icon: str
    section: str
    blurb: str

    @property
    def path(self) -> Path:
        return PAGES_DIR / self.file

    @property
    def url_path(self) -> str:
        return self.file.removesuffix(".py").replace("_", "-")


HOME = PageInfo("home.py", "Home", ":material/home:", "Start", "What the dashboard does, and the demo event.")

PAGES: list[PageInfo] = [
    HOME,
    PageInfo("descriptions.py", "Session descriptions", ":material/edit_note:", "Event tools",
             "A small language model drafts abstracts, teasers and social posts, with the sampling controls "
             "and the next-token probabilities in plain view."),
    PageInfo("agenda.py", "Agenda similarity", ":material/hub:", "Event tools",
             "Find near-duplicate submissions, similar talks scheduled against each other, misplaced sessions, "
             "and a personal agenda for each attendee."),
    PageInfo("model_status.py", "Model status", ":material/memory:", "About",
             "Which models are loaded, where they came from, and what they cost in time and memory."),
]

SECTIONS = list(dict.fromkeys(p.section for p in PAGES))
