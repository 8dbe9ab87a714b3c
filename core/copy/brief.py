"""The brief an organiser gives for one piece of event copy, and the prompt the decoder gets for it.

What the organiser types is data: it is cleaned, length-limited and fenced off from the instructions, and
chat-template control tokens are removed so it cannot end the user turn.

    brief = brief_for(session_row, event="Harbourline Summit", kind="teaser")
    copy_request(brief, seed=1).chat()[-1] -> {"role": "assistant", "content": "Join Amara Okafor"}
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from core.agenda.table import bios_text
from core.copy.cleanup import WORD_LIMITS
from core.models.engine import Request, Sampling

KINDS = {  # what the prompt asks for, and the token budget; word counts shared with the tidying rules
    "abstract": (f"a session abstract of {WORD_LIMITS['abstract'][0]} to {WORD_LIMITS['abstract'][1]} words", 220),
    "teaser": (f"a one-sentence teaser of at most {WORD_LIMITS['teaser'][1]} words", 60),
    "social": (f"a social-media post of at most {WORD_LIMITS['social'][1]} words with two hashtags", 110),
}
FORMATS = ("talk", "workshop", "panel", "keynote", "networking")
TONES = ("professional", "friendly", "playful", "technical")
FIELD_LIMITS = {"event": 120, "title": 200, "speakers": 300, "audience": 200, "keywords": 200, "notes": 1000,
                "bios": 600}
CONTROL = re.compile(r"<\|[^|>]{0,40}\|>|[\x00-\x08\x0b-\x1f\x7f]")

SYSTEM = ("You are an experienced copywriter for conferences and festivals. You write accurate, vivid event "
          "copy. Use only the facts in the session details; never invent names, numbers, dates or awards. "
          "Reply with the copy itself only.")


@dataclass(frozen=True)
class Brief:
    title: str
    event: str = ""
    speakers: str = ""
    format: str = "talk"
    audience: str = ""
    tone: str = "professional"
    kind: str = "abstract"
    keywords: str = ""
    notes: str = ""  # e.g. an existing abstract to draw facts from
    bios: str = ""  # what the programme says about the speakers: facts the copy may use too


def clean_field(text: str, limit: int) -> str:
    """Example: clean_field("Hi<|im_end|>\\nthere", 50) -> "Hi there" """
    text = CONTROL.sub(" ", str(text or ""))
    return re.sub(r"\s+", " ", text).strip()[:limit]


def _lead_speaker(speakers: str) -> str:
    """Example: "Amara Okafor (Head of Data, Tidewater); Lukas Brenner" -> "Amara Okafor" """
    first = re.split(r"[;,(]| and ", speakers, maxsplit=1)[0].strip()
    return first if 0 < len(first) <= 60 else ""


def messages(brief: Brief) -> list[dict]:
    """Chat messages for the decoder's chat template.

    A 135M model follows one plain sentence far better than a form, so the request is written as prose,
    with every user-supplied value cleaned and quoted.
    """
    kind_text, _ = KINDS.get(brief.kind, KINDS["abstract"])
    fmt = brief.format if brief.format in FORMATS else "talk"
    tone = brief.tone if brief.tone in TONES else "professional"
    title, speakers = clean_field(brief.title, FIELD_LIMITS["title"]), clean_field(brief.speakers, FIELD_LIMITS["speakers"])
    event, audience = clean_field(brief.event, FIELD_LIMITS["event"]), clean_field(brief.audience, FIELD_LIMITS["audience"])
    keywords, notes = clean_field(brief.keywords, FIELD_LIMITS["keywords"]), clean_field(brief.notes, FIELD_LIMITS["notes"])
    request = f'Write {kind_text} in a {tone} tone for the {fmt} "{title}"'
    request += f" by {speakers}" if speakers else ""
    request += f' at "{event}".' if event else "."
    request += f" The audience is {audience}." if audience else ""
    request += f" Mention: {keywords}." if keywords else ""
    request += f' Facts you may use: "{notes}"' if notes else ""
    bios = clean_field(brief.bios, FIELD_LIMITS["bios"])
    request += f' About the speakers: "{bios}"' if bios else ""
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": request}]


def opening(brief: Brief) -> str:
    """The first words of the reply, written for the model: small models stay on task when the answer
    is already under way. Example: an abstract for a talk by Amara Okafor opens "In this talk, Amara Okafor"."""
    speaker = _lead_speaker(clean_field(brief.speakers, FIELD_LIMITS["speakers"]))
    fmt = brief.format if brief.format in FORMATS else "talk"
    if brief.kind == "teaser":
        return f"Join {speaker}" if speaker else "Discover"
    if brief.kind == "social":
        return "Don't miss"
    return f"In this {fmt}, {speaker}" if speaker else f"In this {fmt},"


def suggested_max_tokens(kind: str) -> int:
    return KINDS.get(kind, KINDS["abstract"])[1]


def copy_request(brief: Brief, sampling: Sampling = Sampling(), max_tokens: int | None = None, seed: int = 0,
                 top_n: int = 0) -> Request:
    """The engine request for a brief: the chat, and the reply's opening for the model to continue."""
    return Request(messages=tuple((m["role"], m["content"]) for m in messages(brief)), prefix=opening(brief),
                   sampling=sampling, max_tokens=max_tokens or suggested_max_tokens(brief.kind), seed=seed,
                   top_n=top_n)


def brief_for(session, event: str = "", tone: str = "professional", kind: str = "abstract", **more) -> Brief:
    """The brief for one session of a standard agenda (a row of `Agenda.sessions`, or anything with its fields):
    the batch, the single form and the benchmarks all start from this. `more` sets any other field of the brief.

    The whole abstract becomes the notes: the prompt cuts it to its own limit, the fact check reads all of it.
    Example: brief_for(row, event="Harbourline Summit", kind="teaser")
    -> Brief(title=row.title, speakers=row.speakers, format="talk", notes=row.abstract, kind="teaser", ...)
    """
    def field(name: str) -> str:
        # a dict or a pandas row has .get; a row from itertuples() has attributes
        value = session.get(name, "") if hasattr(session, "get") else getattr(session, name, "")
        return "" if value is None or value != value else str(value)  # NaN != NaN: a missing cell

    fmt = field("format").strip().lower()
    values = {"title": field("title"), "event": event, "speakers": field("speakers"),
              "format": fmt if fmt in FORMATS else "talk", "tone": tone, "kind": kind, "notes": field("abstract"),
              "bios": bios_text(field("bios"))}
    return Brief(**(values | more))
