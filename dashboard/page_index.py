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
WORKSPACE = PageInfo("workspace.py", "Workspace", ":material/folder_shared:", "Start",
                     "The open workspace: its link, the team it is shared with, a backup file, its history.")

# A speaker's own page, opened by their private link (?s=<token>) and by nothing else: not in the navigation
SPEAKER_LINK = "s"
SPEAKER_PAGE = PageInfo("speaker.py", "Your speaker page", ":material/record_voice_over:", "Speakers",
                        "A speaker's sessions, the copy sent for their approval, and their feedback.")

PAGES: list[PageInfo] = [
    HOME,
    WORKSPACE,
    PageInfo("descriptions.py", "Session descriptions", ":material/edit_note:", "Event tools",
             "A small language model drafts abstracts, teasers and social posts: four candidates at once, each "
             "fact-checked against your brief, the best first, with the sampling controls and the next-token "
             "probabilities in plain view."),
    PageInfo("feedback.py", "Attendee feedback", ":material/reviews:", "Event tools",
             "Read every comment: sentiment per session, the most negative remarks, ratings that disagree "
             "with the words, and why the model decided."),
    PageInfo("agenda.py", "Agenda similarity", ":material/hub:", "Event tools",
             "Find near-duplicate submissions, similar talks scheduled against each other, misplaced sessions, "
             "and a personal agenda for each attendee."),
    PageInfo("generative.py", "Generative vs discriminative", ":material/scatter_plot:", "How LLMs work",
             "The primer's box model on attendee home locations: generate new points, count the errors, "
             "and compare with a model that only learns a boundary."),
    PageInfo("tokens.py", "Tokens and context windows", ":material/text_fields:", "How LLMs work",
             "See how each model cuts event text into tokens, and whether the whole agenda fits its window."),
    PageInfo("attention.py", "Attention", ":material/visibility:", "How LLMs work",
             "Real attention weights from both models: which words does “it” look at?"),
    PageInfo("families.py", "Model families", ":material/account_tree:", "How LLMs work",
             "One event text through an encoder, a decoder, and what an encoder-decoder would do."),
    PageInfo("scaling.py", "Scaling and memory", ":material/straighten:", "How LLMs work",
             "Chinchilla's 20 tokens per parameter, training compute, and what a model needs in memory."),
    PageInfo("model_cards.py", "Model cards", ":material/badge:", "About",
             "Source, licence, size, measured load time and memory, training data and limitations."),
    PageInfo("model_status.py", "Model status", ":material/memory:", "About",
             "Which models are loaded, where they came from, and what they cost in time and memory."),
]

SECTIONS = list(dict.fromkeys(p.section for p in PAGES))
