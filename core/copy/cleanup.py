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

from core.models.engine import Completion

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
)]
# "…, AI-powered machines, AI-powered machines, AI-powered machines" -> one: a loop inside one sentence
LOOP = re.compile(r"((?:[^,.;!?\n]{4,80}),\s+)\1+")
# "Here is your abstract:" / "Sure! Here's a teaser:" before the copy itself: the copy after the colon stays
PREAMBLE = re.compile(r"(?:^|(?<=\n)|(?<=[.!?] ))[^.!?:\n]{0,40}\bhere(?:'s| is| are)\b[^:\n]{0,60}:\s*", re.I)
HASHTAG = re.compile(r"(?<![\w&])#\w+")
WORD_LIMITS = {"abstract": (80, 120), "teaser": (6, 25), "social": (15, 50)}
SENTENCE_END = re.compile(r"[.!?…](?:[\"'”’)\]]*)(?=\s|$)")
SENTENCE = re.compile(r"[^.!?…\n]+(?:[.!?…]+[\"'”’)\]]*|(?=\n)|$)|\n+")


@dataclass
class Tidy:
    text: str
    removed: list[str] = field(default_factory=list)  # plain reasons, e.g. "a sentence about the writing task"


def sentences(text: str) -> list[str]:
    """Example: "Join us! Learn pandas.\\nMore" -> ["Join us!", " Learn pandas.", "\\n", "More"]"""
    return [m.group() for m in SENTENCE.finditer(text) if m.group()]


def leaked(sentence: str) -> bool:
    return any(p.search(sentence) for p in LEAKS)


def _words(sentence: str) -> set[str]:
    return set(re.findall(r"[a-z0-9']+", sentence.lower()))


def _repeats(sentence: str, earlier: list[set[str]]) -> bool:
    """Near-identical to an earlier sentence: most of its words seen together before."""
    words = _words(sentence)
    if len(words) < 4:
        return False
    return any(len(words & seen) / len(words | seen) >= 0.7 for seen in earlier)


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
    for sentence in sentences(text):
        if not sentence.strip():
            kept.append(sentence)
            continue
        if leaked(sentence):
            removed.append(f"a sentence about the writing task (“{sentence.strip()[:60]}”)")
            continue
        if _repeats(sentence, seen):
            removed.append("a repeated sentence")
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


def repetition(text: str) -> float:
    """Share of repeated word 3-grams: 0 for fresh text, towards 1 for a loop. Example: "a b c a b c" -> 0.25"""
    words = re.findall(r"\w+", text.lower())
    grams = [tuple(words[i:i + 3]) for i in range(len(words) - 2)]
    return 0.0 if not grams else 1 - len(set(grams)) / len(grams)


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
