"""Tidy, fact-check and score candidate drafts of one brief, best first.

Ranking, in order: fewest facts the brief does not support; not cut off mid-sentence; at least a quarter of the
asked length; fewest sentences not drawn from the brief (their words, core/descriptions/claims.py, and the
decoder's second opinion, core/descriptions/likelihood.py); then a score of coverage of the brief's facts,
closeness in meaning to the brief (the shared embedder), length within the asked range, and no repetition inside
the draft or of the batch's other drafts.

    ranked = rank(brief, completions)      # list[Candidate]
    ranked[0].text, ranked[0].check.unsupported, ranked[0].reasons
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from core.descriptions.brief import Brief
from core.descriptions.claims import SentenceCheck, check_claims
from core.descriptions.cleanup import WORD_LIMITS, finish, repetition, sentences, shared_phrases, tidy
from core.descriptions.fact_check import Check, brief_text, check
from core.descriptions.likelihood import second_opinion
from core.descriptions.task_talk import without_task_talk
from core.models import Completion, embed as shared_embed


@dataclass
class Candidate:
    seed: int
    text: str  # tidied (and, in strict mode, without sentences holding unsupported facts)
    check: Check
    completion: Completion
    removed: list[str] = field(default_factory=list)  # what tidying and strict mode took out, in words
    similarity: float = 0.0  # cosine to the brief with the shared embedder
    reasons: list[str] = field(default_factory=list)
    score: float = 0.0
    continued: bool = False  # written by a repair round, from another candidate's supported start
    trimmed: bool = False  # another candidate's supported start as it is, its last sentences taken off (no token)
    claims: list[SentenceCheck] = field(default_factory=list)  # each sentence, drawn from the brief or not
    kind: str = "abstract"  # what was asked for, which sets the length a draft is held to
    faultless: bool = False  # passes every check the page shows (length aside): see _score

    @property
    def unsupported_sentences(self) -> int:
        return sum(not c.supported for c in self.claims)

    @property
    def cut_off(self) -> bool:
        """Ends mid-sentence ("…", stopped at the token limit or early): nobody publishes that as it is."""
        return self.completion.truncated and self.text.endswith("…")

    @property
    def too_short(self) -> bool:
        """Under a quarter of the kind's asked minimum (20 words of an abstract): a one-line brief handed back as it
        is, faithful but no abstract. Not half: on two-sentence briefs that traded a third of the drafts drawn wholly
        from the brief for length (bench/claims.py, 0.75 -> 0.47)."""
        return self.words < WORD_LIMITS.get(self.kind, WORD_LIMITS["abstract"])[0] / 4

    @property
    def words(self) -> int:
        return len(self.text.split())


decoder_opinion = second_opinion  # the default second opinion: the decoder's likelihood


Opinion = Callable[[Brief, list[list[SentenceCheck]]], list[list[SentenceCheck]]]


def strict_text(text: str, brief: Brief, embed=None, checks: list[SentenceCheck] | None = None) -> tuple[str, int]:
    """The draft without the sentences that hold unsupported facts or claims, and how many were dropped.
    `checks`: the draft's sentence checks when already made (with the decoder's opinion); by words otherwise."""
    drawn = {c.text for c in (checks if checks is not None else check_claims(text, brief, embed)) if c.supported}
    kept, dropped = [], 0
    for sentence in sentences(text):
        if sentence.strip() and sentence.strip() not in drawn:
            dropped += 1
            continue
        kept.append(sentence)
    return "".join(kept).strip(), dropped


def rank(brief: Brief, completions: list[Completion], strict: bool = False, seeds: list[int] | None = None,
         embed=None, others: list[str] | None = None, opinion: Opinion | None = decoder_opinion) -> list[Candidate]:
    """Tidy, check and score every completion; best first. `others`: drafts already written for other sessions of
    the same batch, whose phrases count against a candidate that repeats them. `opinion`: the second opinion on
    the sentences the words pass (None: words only, for tests of the write loop with scripted drafts)."""
    seeds = seeds or list(range(len(completions)))
    texts, removals = [], []
    for completion in completions:
        tidied = tidy(finish(completion), brief.kind)
        text, talk = without_task_talk(tidied.text, brief)
        texts.append(text)
        removals.append(list(tidied.removed) + [f"a sentence about the title or the writing, not the talk "
                                                f"(“{s[:60]}”)" for s in talk])
    claims = [check_claims(text, brief, embed) for text in texts]
    if opinion is not None and strict:  # strict mode drops what the decoder flags: every candidate is judged
        claims = opinion(brief, claims)
    candidates = []
    for seed, completion, text, removed, checks in zip(seeds, completions, texts, removals, claims):
        if strict:
            text, dropped = strict_text(text, brief, embed, checks)
            checks = [c for c in checks if c.supported]  # a sentence's check does not depend on its neighbours
            if dropped:
                removed.append(f"{dropped} sentence{'s' if dropped != 1 else ''} not from your brief (strict mode)")
        candidates.append(Candidate(seed, text, check(text, brief), completion, removed, claims=checks,
                                    kind=brief.kind))
    _similarities(brief, candidates, embed)
    for c in candidates:
        c.score, c.reasons, c.faultless = _score(brief, c, list(others or []))
    if opinion is not None and not strict:
        _judge_contenders(brief, candidates, opinion, list(others or []))
    return sorted(candidates, key=_order)


def _order(c: Candidate) -> tuple:
    return (not c.text, len(c.check.unsupported), c.cut_off, c.too_short, c.unsupported_sentences, -c.score)


def _judge_contenders(brief: Brief, candidates: list[Candidate], opinion: Opinion, others: list[str]) -> None:
    """The second opinion on the candidates that can still win, best first. It can only find more sentences not
    drawn from the brief, never fewer, so a candidate that the words alone already rank behind the best judged
    one cannot overtake it: the loop stops there. On the demo's briefs the decoder then reads 1-2 of 4 candidates,
    which keeps a checked best-of-4 within 1.3x of the words alone (bench/draft_speed.py). The others keep the
    words' verdict; the page judges any of them the organiser opens (core.descriptions.likelihood.check_draft)."""
    best = None
    for c in sorted(candidates, key=_order):
        if best is not None and _order(c) >= best:
            break
        c.claims = opinion(brief, [c.claims])[0]
        c.score, c.reasons, c.faultless = _score(brief, c, others)
        best = _order(c) if best is None else min(best, _order(c))


def _similarities(brief: Brief, candidates: list[Candidate], embed) -> None:
    embed = embed or shared_embed
    texts = [c.text or " " for c in candidates]
    vectors = np.asarray(embed([brief_text(brief), *texts]))
    for c, v in zip(candidates, vectors[1:]):
        c.similarity = float(v @ vectors[0])


def _score(brief: Brief, c: Candidate, others: list[str]) -> tuple[float, list[str], bool]:
    """The candidate's score, the reasons the page shows for it, and whether every one of them is a good one."""
    if not c.text.strip():  # tidying took everything: "every sentence from your brief" would be true but absurd
        return 0.0, ["nothing left after tidying"], False
    low, high = WORD_LIMITS.get(brief.kind, WORD_LIMITS["abstract"])
    offered, used = len(c.check.offered), len(c.check.used)
    coverage = used / offered if offered else 1.0
    fit = 1.0 if low <= c.words <= high * 1.1 else max(0.0, 1 - abs(c.words - (low if c.words < low else high)) / low)
    loop, stock = repetition(c.text), shared_phrases(c.text, others, own=brief_text(brief))
    score = coverage + c.similarity + 0.5 * fit - 2 * loop - stock
    bad = len(c.check.unsupported)
    loose = c.unsupported_sentences
    reasons = [("no facts outside your brief" if not bad else
                f"{bad} fact{'s' if bad != 1 else ''} not in your brief"),
               ("every sentence from your brief" if not loose else
                f"{loose} of {len(c.claims)} sentences not from your brief"),
               f"uses {used} of {offered} facts from your brief" if offered else "your brief names no checkable facts",
               f"closeness to your brief {c.similarity:.2f}",
               f"{c.words} words" + ("" if fit == 1.0 else f" (asked {low}–{high})")]
    if c.cut_off:
        reasons.append("ends mid-sentence")
    if loop > 0.1:
        reasons.append(f"repeats itself ({loop:.0%} of phrases)")
    if stock > 0.1:
        reasons.append(f"repeats other drafts of this batch ({stock:.0%} of phrases)")
    # Length is left to the score: a rewrite a little under the asked range (the demo's ~75 of 80–120 words) is
    # publishable, and asking for more sent every brief through all its candidates (13 of 40 passed, bench/NOTES.md)
    faultless = not bad and not loose and not c.cut_off and not c.too_short and loop <= 0.1 and stock <= 0.1
    return score, reasons, faultless
