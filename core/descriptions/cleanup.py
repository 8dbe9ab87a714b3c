"""Tidy a raw draft before it is checked and shown: no sentence about the writing task, no hashtags where the
kind has none, no repeated sentences, no teaser longer than asked.

A 135M model echoes its instructions ("She is writing the session abstract based on…", "Here is your
abstract:") and loops on a sentence once it has run out of facts. Each rule below removes whole sentences,
so what is left still reads as written, and says what it removed.

    tidy("Here is your abstract: Join us. Join us. Learn pandas. #data", "abstract")
    -> Tidy(text="Learn pandas.", removed=["leaked instruction", "repeated sentence", "hashtag"]) (roughly)
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.models import Completion

# Sentences about the writing itself, the prompt, or the model; written from what the decoder actually leaked.
LEAKS = [re.compile(p, re.I) for p in (
    r"\bas an ai\b|\bas a language model\b|\bi am an ai\b|\bi'm an ai\b|\bai (?:language )?model,? i\b",
    r"\bhere(?:'s| is| are)\b[^.]{0,40}\b(?:abstract|teaser|post|description|copy|draft|version)\b",
    r"\b(?:writ(?:e|es|ing|ten)|draft(?:s|ed|ing)?|compos(?:e|ed|ing))\b (?:the |this |a |an |your |my )?"
    r"(?:session |short |brief |one-sentence |new )?(?:abstract|teaser|social[- ]media post|copy)\b",
    r"\b(?:based on|according to|from) (?:the|your|this|these) (?:brief|details|facts|information|prompt|"
    r"instructions|session details|notes)\b",
    r"\b(?:the|this|your|my) (?:brief|prompt|instructions?|request)\b",
    r"\bword count\b|\b\d+\s*(?:to|-|–)\s*\d+ words\b|\b(?:in|at most|under|about) \d+ words\b",
    r"\bfacts you may use\b|\bsession details\b|\bsession abstract\b|\bcopywriter\b",
    r"\bin an? (?:professional|friendly|playful|technical) tone\b",
    r"^\W*(?:sure|certainly|of course|absolutely|okay|ok)\b[,!.:]",
    r"\bi hope (?:this|that|you)\b|\blet me know\b|\bfeel free to\b|\bi (?:can|will|would) (?:write|help)\b",
    r"\bnote:|\bdisclaimer\b|^\W*keywords?\s*:|^\W*title\s*:",
    r"\b(?:this|here) is (?:a|an|the|your|my) [\w\s-]{0,30}\b(?:abstract|teaser|post|description|tweet)\b",
    # a review of its own copy, or the task read back as an order (winners for real briefs, 2026-12-03):
    # 'The use of the phrase "in the next door" adds a touch of creativity and makes the abstract more …',
    # "Rewrite the talk abstract to include…", "Add a clear title and abstract that is clear and concise."
    # Each names the copy itself, so that copy which gives orders of its own ("Rewrite your monolith in Rust",
    # "Add a title to every chart") or quotes a word ('The use of "null"…') stays
    r"\bthe use of (?:the (?:phrase|word|term|sentence) )?[^.]{0,100}\badds? a (?:touch|sense|hint) of\b",
    r"\b(?:the|this) (?:talk |session )?abstract (?:is|was|about|sounds|reads|feels|now)\b",
    r"\bmakes? the (?:abstract|copy|teaser|post|description|rewrite) more\b",
    r"^\W*(?:rewrite|shorten|summari[sz]e|paraphrase) (?:the|this|your) (?:talk |session )?"
    r"(?:abstract|description|text|copy|teaser|post)\b",
    r"^\W*add (?:a|an|the) [\w\s-]{0,20}\b(?:title|hook)\b[^.]{0,30}\b(?:abstract|description|copy|teaser)\b",
)]
# "…, AI-powered machines, AI-powered machines, AI-powered machines" -> one: a loop inside one sentence
LOOP = re.compile(r"((?:[^,.;!?\n]{4,80}),\s+)\1+")
# "Here is your abstract:" / "Sure! Here's a teaser:" before the copy itself: the copy after the colon stays
PREAMBLE = re.compile(r"(?:^|(?<=\n)|(?<=[.!?] ))[^.!?:\n]{0,40}\bhere(?:'s| is| are)\b[^:\n]{0,60}:\s*", re.I)
HASHTAG = re.compile(r"(?<![\w&])#\w+")
# "I." "T." "II." one letter after another: an acrostic or a list the model started and never filled
FRAGMENT = re.compile(r"^\W*(?:[A-Za-z]{1,2}|[IVXivx]{1,4})\W*$")
# "In reality, however, however reality.": a word said twice running is the model losing the thread
STUTTER = re.compile(r"\b(\w{3,})\W+\1\b", re.I)
STUTTER_OK = {"that", "had"}  # "that that", "had had" are English
# A line of its own without a full stop: a heading ("Jarkman at Chaos Communication Camp 2019:") or a label
# ("Chloé Berthélémy and Andreea Belu,"), not copy
HEADING_WORDS = 12
WORD_LIMITS = {"abstract": (80, 120), "teaser": (6, 25), "social": (15, 50)}
SENTENCE_END = re.compile(r"[.!?…](?:[\"'”’)\]]*)(?=\s|$)")
SENTENCE = re.compile(r"[^.!?…\n]+(?:[.!?…]+[\"'”’)\]]*|(?=\n)|$)|\n+")


@dataclass
class Tidy:
    text: str
    removed: list[str] = field(default_factory=list)  # plain reasons, e.g. "a sentence about the writing task"


# A full stop that does not end a sentence: an initial ("Jillian C. York"), a title ("Dr. Okafor"), "e.g."
# (a name before the initial: "I. T. E." on their own are letters the model strayed into, not a name)
NOT_AN_END = re.compile(r"(?:\b[A-Z][a-z]+\s+(?:[A-Z]\.\s*)*[A-Z]"
                        r"|\b(?:Dr|Mr|Mrs|Ms|Prof|St|Jr|Sr|vs|cf|approx|e\.g|i\.e))\.$")
# "etc." ends a sentence unless the sentence goes on ("lighting, etc., means…", "etc. and more")
ETC = re.compile(r"\betc\.$")


def sentences(text: str) -> list[str]:
    """The text cut into sentences and line breaks, which join back into the text exactly.

    Example: "Join us! Learn pandas.\\nMore" -> ["Join us!", " Learn pandas.", "\\n", "More"];
    "Jillian C. York shows 500.000 things, etc., today." stays one sentence."""
    out: list[str] = []
    for part in (m.group() for m in SENTENCE.finditer(text) if m.group()):
        before = out[-1] if out and not out[-1].startswith("\n") else ""
        goes_on = before and not part.startswith("\n") and (
            not part[:1].isspace()  # "500." + "000 pacemakers", "etc." + ", means": no space after the stop
            or NOT_AN_END.search(before.rstrip())
            or (ETC.search(before.rstrip()) and part.lstrip()[:1].islower()))
        if goes_on:
            out[-1] += part
        else:
            out.append(part)
    return out


def leaked(sentence: str) -> bool:
    return any(p.search(sentence) for p in LEAKS)


def _words(sentence: str) -> set[str]:
    return set(re.findall(r"[a-z0-9']+", sentence.lower()))


def _repeats(sentence: str, earlier: list[set[str]]) -> bool:
    """Near-identical to an earlier sentence (most of its words seen together before), or a short one saying
    again part of an earlier one ("…, and the talk is ready. The talk is ready.")."""
    words = _words(sentence)
    if len(words) < 3:
        return False
    return any(len(words & seen) / len(words | seen) >= 0.7 or len(words & seen) / len(words) >= 0.85
               for seen in earlier)


def _stutters(sentence: str) -> bool:
    return any(m.group(1).lower() not in STUTTER_OK for m in STUTTER.finditer(sentence))


def tidy(text: str, kind: str = "abstract") -> Tidy:
    removed: list[str] = []
    if PREAMBLE.search(text):
        text = PREAMBLE.sub("", text)
        removed.append("an introduction to the copy (“Here is…:”)")
    if LOOP.search(text):
        text = LOOP.sub(r"\1", text)
        removed.append("a phrase repeated over and over")
    kept: list[str] = []
    seen: list[set[str]] = []
    parts = sentences(text)
    quotes = 0  # straight double quotes so far on this line
    for k, sentence in enumerate(parts):
        if not sentence.strip():
            kept.append(sentence)
            quotes = 0
            continue
        following = parts[k + 1] if k + 1 < len(parts) else ""
        opened, quotes = quotes % 2 == 0 and sentence.count('"') % 2 == 1, quotes + sentence.count('"')
        if opened and (not following or following.startswith("\n")):  # 'The talk "500.' and the line ends
            removed.append("a sentence cut off inside a quotation")
            continue
        if FRAGMENT.match(sentence):
            removed += [] if "stray letters" in removed else ["stray letters"]
            continue
        if _heading(sentence, following):
            removed.append(f"a heading (“{sentence.strip()[:60]}”)")
            continue
        if leaked(sentence):
            removed.append(f"a sentence about the writing task (“{sentence.strip()[:60]}”)")
            continue
        if _repeats(sentence, seen):
            removed.append("a repeated sentence")
            continue
        if _stutters(sentence):
            removed.append("a sentence that stutters (a word twice running)")
            continue
        seen.append(_words(sentence))
        kept.append(sentence)
    out = "".join(kept)
    if kind != "social" and HASHTAG.search(out):
        out = HASHTAG.sub("", out)
        removed.append("hashtags, which belong in social posts only")
    out = re.sub(r"[ \t]+([.,!?;:])", r"\1", re.sub(r"[ \t]{2,}", " ", out))
    out = re.sub(r"\n{3,}", "\n\n", out).strip()
    out, cut = _within_limit(out, kind)
    if cut:
        removed.append(f"sentences past the {WORD_LIMITS[kind][1]}-word limit of a {kind}")
    return Tidy(out, removed)


def _heading(sentence: str, following: str) -> bool:
    """A short line of its own that does not end a sentence: "Jarkman at Camp 2019:" followed by a line break."""
    line = sentence.strip()
    if not following.startswith("\n") or SENTENCE_END.search(line) or len(line.split()) > HEADING_WORDS:
        return line.endswith((":", ",")) and following.startswith("\n")
    return True


def _within_limit(text: str, kind: str) -> tuple[str, bool]:
    """Whole sentences up to the kind's word limit (the first sentence is always kept)."""
    limit = WORD_LIMITS.get(kind, WORD_LIMITS["abstract"])[1]
    if len(text.split()) <= limit * 1.1:  # a few words over reads fine; cutting a sentence would not
        return text, False
    kept, count = [], 0
    for sentence in sentences(text):
        n = len(sentence.split())
        if kept and count + n > limit:
            return "".join(kept).strip(), True
        kept.append(sentence)
        count += n
    return "".join(kept).strip(), False


LOOP_WINDOW = 20  # word 3-grams: about one sentence


def repetition(text: str) -> float:
    """Share of repeated word 3-grams, in the whole text or in its worst stretch of `LOOP_WINDOW`, whichever is
    higher: 0 for fresh text, towards 1 for a loop. A loop in one sentence ("the first alert was the confusion,
    the confusion was the confusion, and the confusion was the confusion") is 9 % of a 45-word draft's 3-grams,
    under the 10 % a draft may repeat, but 20 % of its stretch. Example: "a b c a b c" -> 0.25"""
    words = re.findall(r"\w+", text.lower())
    grams = [tuple(words[i:i + 3]) for i in range(len(words) - 2)]
    if not grams:
        return 0.0
    stretches = (grams[i:i + LOOP_WINDOW] for i in range(len(grams) - LOOP_WINDOW + 1))
    worst = max((1 - len(set(stretch)) / LOOP_WINDOW for stretch in stretches), default=0.0)
    return max(1 - len(set(grams)) / len(grams), worst)


def shared_phrases(text: str, others: list[str], own: str = "") -> float:
    """Share of the text's word 4-grams that other drafts already use: stock phrases a programme's copy repeats
    ("a deep dive into the world of"). A phrase of `own` (this draft's brief) is the organiser's wording, not a
    formula, and does not count: two sessions with the same abstract would otherwise be kept from both quoting it.
    Example: shared_phrases("a b c d e", ["x a b c d"]) -> 0.5; with own="a b c d" -> 0.0"""
    words = re.findall(r"\w+", text.lower())
    grams = {tuple(words[i:i + 4]) for i in range(len(words) - 3)}
    if not grams or not others:
        return 0.0
    seen = set()
    for other in others:
        theirs = re.findall(r"\w+", other.lower())
        seen.update(tuple(theirs[i:i + 4]) for i in range(len(theirs) - 3))
    mine = re.findall(r"\w+", own.lower())
    seen -= {tuple(mine[i:i + 4]) for i in range(len(mine) - 3)}
    return len(grams & seen) / len(grams)


def clean_ending(text: str, truncated: bool) -> str:
    """Drop a sentence cut off by the token limit, if a complete one precedes it.

    Example: clean_ending("Join us. We will expl", truncated=True) -> "Join us."
    """
    text = text.strip()
    if not truncated:
        return text
    ends = list(SENTENCE_END.finditer(text))
    if ends and ends[-1].end() >= len(text) * 0.3:
        return text[:ends[-1].end()].strip()
    return text.rstrip(",;:- ") + "…"


def finish(result: Completion) -> str:
    """The text the page shows for a finished generation."""
    return clean_ending(result.text, result.truncated)
