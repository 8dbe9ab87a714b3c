"""Sentences about the task rather than the talk: a small model announcing the title it was given ("The talk will
be titled …"), reading the prompt back ("Your first sentence will be: …"), or reporting its own edits ("I added a
new part of the talk to make it more interesting"). None of them says anything an attendee wants to read, the claim
check passes them (they are made of the brief's own words), and they were the commonest reason a winning draft
needed a sentence cut (real briefs, 2026-12-07). They are dropped before ranking, as leaked instructions are.

Two tests, either enough:
- the sentence speaks of the copy or its title as such (`TASK`);
- it announces the title and says nothing else: it frames the title as the talk's ("a session on", "titled"),
  and once the title, the speakers, the event and the words every piece of event copy uses are taken away, no
  content word is left ("In this talk, João will present a session on 'Legacy apps, deadlines and project
  pragmatism'."). "Jorge explains the use of <title>" is not framed so: it says what the talk is about.

    task_talk('The talk will be titled "Rust on ESP32".', brief) -> True
    task_talk('Ana shows how Rust runs on ESP32 boards, in a talk titled "Rust on ESP32".', brief) -> False
"""
from __future__ import annotations

import re

from core.descriptions.claims import content_words, stem
from core.descriptions.cleanup import sentences

TASK = [re.compile(p, re.I) for p in (
    r"\bfirst (?:sentence|line)\b",  # "Your first sentence will be:", "Use a first sentence that is engaging"
    r"\b(?:talk|session|presentation|workshop|keynote|panel|lecture|it)\b[^.!?]{0,40}\b(?:will be|is|was|has been) "
    r"(?:titled|entitled|called|named)\b",  # "The talk will be titled …", "it will be called …"
    r"\b(?:the|its|this|his|her|their) (?:talk|session|presentation|workshop)(?:'s|’s)? title\b",
    r"\bthe title of (?:the|this|his|her|their) (?:talk|session|presentation|workshop)\b",
    r"\bI (?:added|changed|rewrote|removed|kept|included|made|tried|wanted)\b[^.!?]{0,60}"
    r"\b(?:abstract|description|text|copy|sentence|paragraph|part of the talk|part of the session)\b",
    r"\bto make (?:it|the (?:talk|abstract|description|text)) (?:more |sound )?"
    r"(?:interesting|engaging|inviting|appealing|exciting|catchy)\b",
    # the copy named as such: "The abstract now reads…", "…added to this description." (not "the abstract syntax
    # tree", not "the description of the protocol")
    r"\b(?:this|the) (?:abstract|description|rewrite|rewritten text)"
    r"(?= (?:is|was|now|reads|sounds|has|will|should|above|below)\b|\s*[.,!?:;]|$)",
)]


def task_talk(sentence: str, brief) -> bool:
    if any(p.search(sentence) for p in TASK):
        return True
    if not FRAMED.search(sentence):  # "Jorge explains the use of <title>" says what the talk is about: it stays
        return False
    title = (getattr(brief, "title", "") or "").strip()
    # the title, or one half of a two-part title ("Legacy apps - Delivering messages…"): models quote either
    parts = [p for p in [title, *re.split(r"\s+[-–—|]\s+|:\s+", title)] if len(p) >= 8]
    if not any(_squash(p) in _squash(sentence) for p in parts):
        return False
    known = {stem(w) for field in ("title", "speakers", "event", "format")
             for w in content_words(getattr(brief, field, "") or "")}
    return not [w for w in content_words(sentence) if stem(w) not in known and w not in EMPTY]


# An announcement frames the title as the talk's: "a session on", "talk titled", "presentation called"
FRAMED = re.compile(r"\b(?:talk|session|presentation|workshop|keynote|lecture|panel|titled|entitled|called)\b", re.I)
# Words of an announcement that make no claim about the talk ("deliver", "present", "held"…), beyond claims.STOCK
EMPTY = frozenset("""deliver delivers delivering present presenting presented held hold holds host hosts hosted
entitled called named give given giving speak speaks speaking talk titled conference camp""".split())


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def without_task_talk(text: str, brief) -> tuple[str, list[str]]:
    """The draft without its sentences about the task, and those sentences (to say what was taken out)."""
    kept, dropped = [], []
    for sentence in sentences(text):
        if sentence.strip() and task_talk(sentence, brief):
            dropped.append(sentence.strip())
            continue
        kept.append(sentence)
    return re.sub(r"[ \t]{2,}", " ", "".join(kept)).strip(), dropped
