"""The brief an organiser gives for one piece of event copy, and the prompt the decoder gets for it.

What the organiser types is data: it is cleaned, length-limited and fenced off from the instructions, and
chat-template control tokens are removed so it cannot end the user turn.

    brief = brief_for(session_row, event="Harbourline Summit", kind="teaser")
    copy_request(brief, seed=1).chat()[-1] -> {"role": "assistant", "content": "Join Amara Okafor"}
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from core.agenda import bios_text
from core.descriptions.cleanup import WORD_LIMITS
from core.models import Request, Sampling

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
    mode: str = "edit"  # "edit": rewrite the notes when there are any; "scratch": write from the facts

    @property
    def edits(self) -> bool:
        return self.mode != "scratch" and bool(clean_field(self.notes, FIELD_LIMITS["notes"]))


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
    if brief.edits:
        # Edit before invent: a 135M model keeps to the organiser's claims far better rewriting their words than
        # writing from a list of facts (bench/claims.py)
        request = f'Rewrite this description of the {fmt} "{title}"'
        request += f" by {speakers}" if speakers else ""
        request += f' at "{event}"' if event else ""
        request += (f" as {kind_text} in a {tone} tone, with an inviting first sentence. Keep what it says and add "
                    f'nothing it does not say: "{notes}"')
        request += f" The audience is {audience}." if audience else ""
        request += f" Mention: {keywords}." if keywords else ""
    else:
        request = f'Write {kind_text} in a {tone} tone for the {fmt} "{title}"'
        request += f" by {speakers}" if speakers else ""
        request += f' at "{event}".' if event else "."
        request += f" The audience is {audience}." if audience else ""
        request += f" Mention: {keywords}." if keywords else ""
        request += f' Facts you may use: "{notes}"' if notes else ""
    bios = clean_field(brief.bios, FIELD_LIMITS["bios"])
    request += f' About the speakers: "{bios}"' if bios else ""
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": request}]


SELF = re.compile(r"^(?:i|i'm|i’m|i'll|i’ll|we|we'll|we’ll|my|our|in (?:this|my|our)"
                  r"|this (?:talk|session|workshop)|(?:this|the|our|my) (?:presentation|lecture|panel|keynote)"
                  r"|the (?:talk|session|workshop)|come|join|are you|have you|do you|did you|ever)\b", re.I)


# What a speaker does in the first sentence, in the present tense: a bare name as the opening lets a small model
# report the talk as past ("Trammell Hudson discussed…") or turn the name into a heading ("Jarkman at Camp 2019:")
# Not "looks at": the model read it literally ("X looks at the deck and says…", "…at a clock") in 5 of 40 drafts
VERBS = ("shows", "explains", "explores", "walks you through")


def opening(brief: Brief, seed: int = 0) -> str:
    """The first words of the reply, written for the model: small models stay on task when the answer is already
    under way. Every draft opening "In this talk, <speaker> will…" reads like a formula across a programme, so the
    opening is picked per brief: the description's own first words where they can open third-person copy (a
    rewrite then starts from the organiser's hook, and keeps its claims), else the speaker's name with a verb that
    changes with the brief and the seed. The formula is left for a brief with neither (a lower-case handle, no
    speaker).

    Example: an abstract for "Pandas at scale" by Amara Okafor whose notes open "Data frames grow…" opens
    "Data frames grow"; with notes in the first person, "Amara Okafor shows" or "Amara Okafor explores"…"""
    speaker = _lead_speaker(clean_field(brief.speakers, FIELD_LIMITS["speakers"]))
    fmt = brief.format if brief.format in FORMATS else "talk"
    pick = _stable_hash(brief.title) + seed
    if brief.kind == "teaser":
        # the bare name lets a small model continue with "'s one-sentence teaser for…": a verb keeps it on the copy
        options = [f"Join {speaker}", f"{speaker} {VERBS[pick // 2 % len(VERBS)]}"] if speaker else ["Discover"]
        return options[pick % len(options)]
    if brief.kind == "social":
        options = ["Don't miss", f"{speaker} {VERBS[pick // 2 % len(VERBS)]}"] if speaker else ["Don't miss"]
        return options[pick % len(options)]
    own = _own_start(brief)
    if own:
        return own
    if speaker[:1].isupper():  # not a handle such as "cy": copy opens capitalised
        return f"{speaker} {VERBS[pick % len(VERBS)]}"
    return f"In this {fmt}, {speaker}" if speaker else f"In this {fmt},"


TRAILING = {"and", "or", "but", "the", "a", "an", "of", "to", "in", "on", "for", "with", "at", "by", "from", "is",
            "are", "as", "that", "this", "its", "their", "your", "our"}


def _own_start(brief: Brief) -> str:
    """The notes' first words, up to the first comma or five words, when the notes are being rewritten and do not
    open in the first person or with a stock phrase. Example: "Laser cutters get more and more common…" ->
    "Laser cutters get more" """
    if not brief.edits:
        return ""
    first = clean_field(brief.notes, FIELD_LIMITS["notes"])
    if SELF.match(first) or not first[:1].isupper():
        return ""
    words = re.split(r"[,;:.!?(\"“”]", first, maxsplit=1)[0].split()[:5]
    while words and words[-1].lower() in TRAILING:  # "Laser cutters get more and" -> "Laser cutters get more"
        words.pop()
    return " ".join(words) if len(words) >= 2 else ""


def _stable_hash(text: str) -> int:
    """The same number for the same title in every process (Python's own hash() differs between runs)."""
    return sum((i + 1) * ord(ch) for i, ch in enumerate(text[:200]))


def suggested_max_tokens(kind: str) -> int:
    return KINDS.get(kind, KINDS["abstract"])[1]


def copy_request(brief: Brief, sampling: Sampling = Sampling(), max_tokens: int | None = None, seed: int = 0,
                 top_n: int = 0, slot: int | None = None) -> Request:
    """The engine request for a brief: the chat, and the reply's opening for the model to continue."""
    return Request(messages=tuple((m["role"], m["content"]) for m in messages(brief)), prefix=opening(brief, seed),
                   sampling=sampling, max_tokens=max_tokens or suggested_max_tokens(brief.kind), seed=seed,
                   top_n=top_n, slot=slot)


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
