"""Best-of-N event copy: write N candidates at once in the engine's parallel slots, tidy and fact-check each,
and rank them, so the organiser starts from the draft that invents least.

Ranking, in order: fewest facts the brief does not support; then a score of coverage of the brief's facts,
closeness in meaning to the brief (the shared embedder), length within the asked range, and no repetition.

    candidates = write(brief, n=4, seed=0)      # parallel, each stopped once it reaches the asked length
    ranked = rank(brief, candidates)            # best first, each with its reasons
    ranked[0].text, ranked[0].check.unsupported, ranked[0].reasons
"""
from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field

import numpy as np

from core.copy_cleanup import WORD_LIMITS, repetition, sentences, tidy
from core.copywriting import Brief, copy_request, finish
from core.fact_check import Check, brief_text, check
from core.models.engine import Completion, Engine, EngineError, Sampling, Stream

SENTENCE_DONE = re.compile(r"[.!?…][\"”’')\]]*$")  # "…end." or "…end.”", never an opening quote


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

    @property
    def words(self) -> int:
        return len(self.text.split())


class Writing:
    """N drafts being written in parallel slots. Each stops itself at the first sentence end inside the kind's
    word range (a 135M model left alone fills its token budget with repeats), or just past the range's top."""

    def __init__(self, brief: Brief, n: int, seed: int, sampling: Sampling, max_tokens: int | None, engine: Engine,
                 top_n: int = 0):
        n = 1 if sampling.greedy else max(1, n)  # greedy drafts would all be the same text
        self.brief = brief
        self.requests = [copy_request(brief, sampling, max_tokens, seed + i, top_n=top_n) for i in range(n)]
        self.streams: list[Stream] = [engine.stream(r) for r in self.requests]
        self.errors: list[str] = []
        self._workers = [threading.Thread(target=self._drain, args=(s,), daemon=True) for s in self.streams]
        for worker in self._workers:
            worker.start()

    def _drain(self, stream: Stream) -> None:
        low, high = WORD_LIMITS.get(self.brief.kind, WORD_LIMITS["abstract"])
        cut = None  # once closed, pieces already in flight still arrive: they are dropped
        try:
            for _ in stream:
                if cut is not None:
                    continue
                text = stream.result.text.rstrip()
                words = len(text.split())
                if words >= low and SENTENCE_DONE.search(text):
                    cut = len(text)  # a natural end inside the asked range
                elif words > high * 1.15:
                    cut = len(text)
                    stream.result.finish_reason = "length"  # tidied back to the last full sentence
                if cut is not None:
                    stream.close()
        except EngineError as exc:
            self.errors.append(str(exc))
        if cut is not None:
            stream.result.text = stream.result.text[:cut]

    def alive(self, within: float = 0.0) -> bool:
        """Whether a draft is still being written, after waiting up to `within` seconds for all to end: a
        page polling this way redraws every `within` seconds yet hears of the end at once."""
        deadline = time.monotonic() + within
        for worker in self._workers:
            worker.join(max(0.0, deadline - time.monotonic()))
        return any(w.is_alive() for w in self._workers)

    def wait(self) -> list[Completion]:
        for worker in self._workers:
            worker.join()
        if self.errors:
            raise EngineError(self.errors[0])
        return [s.result for s in self.streams]

    def stop(self) -> None:
        for stream in self.streams:
            stream.close()


def write(brief: Brief, n: int = 4, seed: int = 0, sampling: Sampling = Sampling(), max_tokens: int | None = None,
          engine: Engine | None = None) -> list[Completion]:
    from core.copywriting import _decoder

    return Writing(brief, n, seed, sampling, max_tokens, engine or _decoder()).wait()


def strict_text(text: str, brief: Brief) -> tuple[str, int]:
    """The draft without the sentences that hold unsupported facts, and how many were dropped."""
    kept, dropped = [], 0
    for sentence in sentences(text):
        if sentence.strip() and not check(sentence, brief).clean:
            dropped += 1
            continue
        kept.append(sentence)
    return "".join(kept).strip(), dropped


def rank(brief: Brief, completions: list[Completion], strict: bool = False, seeds: list[int] | None = None,
         embed=None) -> list[Candidate]:
    """Tidy, check and score every completion; best first."""
    seeds = seeds or list(range(len(completions)))
    candidates = []
    for seed, completion in zip(seeds, completions):
        tidied = tidy(finish(completion), brief.kind)
        text, removed = tidied.text, list(tidied.removed)
        if strict:
            text, dropped = strict_text(text, brief)
            if dropped:
                removed.append(f"{dropped} sentence{'s' if dropped != 1 else ''} with facts not in your brief "
                               "(strict mode)")
        candidates.append(Candidate(seed, text, check(text, brief), completion, removed))
    _similarities(brief, candidates, embed)
    for c in candidates:
        c.score, c.reasons = _score(brief, c)
    return sorted(candidates, key=lambda c: (not c.text, len(c.check.unsupported), -c.score))


def _similarities(brief: Brief, candidates: list[Candidate], embed) -> None:
    if embed is None:
        from core.embeddings import embed
    texts = [c.text or " " for c in candidates]
    vectors = np.asarray(embed([brief_text(brief), *texts]))
    for c, v in zip(candidates, vectors[1:]):
        c.similarity = float(v @ vectors[0])


def _score(brief: Brief, c: Candidate) -> tuple[float, list[str]]:
    low, high = WORD_LIMITS.get(brief.kind, WORD_LIMITS["abstract"])
    offered, used = len(c.check.offered), len(c.check.used)
    coverage = used / offered if offered else 1.0
    fit = 1.0 if low <= c.words <= high * 1.1 else max(0.0, 1 - abs(c.words - (low if c.words < low else high)) / low)
    loop = repetition(c.text)
    score = coverage + c.similarity + 0.5 * fit - 2 * loop
    bad = len(c.check.unsupported)
    reasons = [("no facts outside your brief" if not bad else
                f"{bad} fact{'s' if bad != 1 else ''} not in your brief"),
               f"uses {used} of {offered} facts from your brief" if offered else "your brief names no checkable facts",
               f"closeness to your brief {c.similarity:.2f}",
               f"{c.words} words" + ("" if fit == 1.0 else f" (asked {low}–{high})")]
    if loop > 0.1:
        reasons.append(f"repeats itself ({loop:.0%} of phrases)")
    return score, reasons


ROUNDS = 2  # when no candidate of the first round is free of unsupported facts, write one more round


def best(brief: Brief, n: int = 4, seed: int = 0, *, strict: bool = False, sampling: Sampling = Sampling(),
         max_tokens: int | None = None, engine: Engine | None = None) -> Candidate:
    """The best of `n` candidates; if none of them is clean, the best of `2n` (a second round, once)."""
    completions: list[Completion] = []
    for round_ in range(ROUNDS):
        start = seed + round_ * n
        completions += write(brief, n, start, sampling, max_tokens, engine)
        ranked = rank(brief, completions, strict, seeds=[seed + i for i in range(len(completions))])
        if ranked[0].check.clean or sampling.greedy:
            break
    return ranked[0]
