"""Best-of-N event copy: write N candidates at once in the engine's parallel slots, tidy and fact-check each,
and rank them, so the organiser starts from the draft that invents least.

Ranking, in order: fewest facts the brief does not support; then a score of coverage of the brief's facts,
closeness in meaning to the brief (the shared embedder), length within the asked range, and no repetition.

`BestOf` is the one write loop, round by round, for the page (which draws each round's candidates as they are
written) and for `draft` (which only waits):

    run = BestOf(brief, n=4, seed=0)
    while (writing := run.next_round()) is not None:   # None once a candidate is clean or the rounds are used
        draw(writing.streams)                          # optional: the texts fill in while the caller looks
        run.check()                                    # wait for the round; tidy, check and rank every candidate
    run.ranked[0].text, run.ranked[0].check.unsupported, run.ranked[0].reasons
"""
from __future__ import annotations

import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from typing import Iterator

import numpy as np

from core.copy.brief import Brief, copy_request
from core.copy.cleanup import WORD_LIMITS, finish, repetition, sentences, tidy
from core.copy.fact_check import Check, brief_text, check
from core.embeddings import embed as shared_embed
from core.models.cache import MODELS
from core.models.engine import Completion, Engine, EngineError, Sampling, Stream

# Once a draft has ended clean inside the asked range, one still writing at 1.3 times its length has run past
# that range without ending a sentence in it: it stops, tidied back to its last full sentence, and is ranked as is
OVERRUN = 1.3
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
    continued: bool = False  # written by a repair round, from another candidate's supported start

    @property
    def words(self) -> int:
        return len(self.text.split())


class Writing:
    """N drafts being written in parallel slots, from one reading of the prompt where the engine can share it.
    Each stops itself at the first sentence end inside the kind's word range (a 135M model left alone fills its
    token budget with repeats), or just past the range's top. Once one draft has ended free of unsupported
    facts, the drafts that already hold such a fact can no longer beat it: they stop (on a shared prompt the
    engine stops once all its drafts have); so does a draft still writing at OVERRUN times the clean one's
    length.

    `prefix` continues a draft from its supported start (a repair) instead of the brief's usual opening."""

    def __init__(self, brief: Brief, n: int, seed: int, sampling: Sampling, max_tokens: int | None, engine: Engine,
                 top_n: int = 0, prefix: str | None = None):
        n = 1 if sampling.greedy else max(1, n)  # greedy drafts would all be the same text
        self.brief, self.started, self.repair = brief, time.perf_counter(), prefix is not None
        request = copy_request(brief, sampling, max_tokens, seed, top_n=top_n)
        if prefix is not None:
            request = replace(request, prefix=prefix)
        self.streams: list[Stream] = engine.stream_many(request, n)
        self.requests = [stream.request for stream in self.streams]
        self.errors: list[str] = []
        self.stopped_early: set[int] = set()  # drafts stopped because they could no longer win
        self._lock = threading.Lock()
        self._state = ["writing"] * n  # -> "dirty" (holds an unsupported fact), "clean" or "done" when ended
        self._winner_pieces = 0  # the length of the first draft that ended clean
        self._workers = [threading.Thread(target=self._drain, args=(k, s), daemon=True)
                         for k, s in enumerate(self.streams)]
        for worker in self._workers:
            worker.start()

    def _drain(self, k: int, stream: Stream) -> None:
        low, high = WORD_LIMITS.get(self.brief.kind, WORD_LIMITS["abstract"])
        cut, pieces = None, 0
        try:
            for _ in stream:
                pieces += 1
                text = stream.result.text.rstrip()
                words = len(text.split())
                ended = bool(SENTENCE_DONE.search(text))
                if words >= low and ended:
                    cut = len(text)  # a natural end inside the asked range
                elif words > high * 1.15:
                    cut = len(text)
                    stream.result.finish_reason = "length"  # tidied back to the last full sentence
                elif ended and self._state[k] == "writing" and not self._clean(text):
                    self._settle(k, "dirty")
                elif self._winner_pieces and pieces > OVERRUN * self._winner_pieces:
                    with self._lock:
                        self.stopped_early.add(k)
                if cut is not None or stream._stop.is_set() or k in self.stopped_early:
                    break  # closing the stream tells the engine to stop this draft
        except EngineError as exc:
            self.errors.append(str(exc))
        if cut is not None:
            stream.result.text = stream.result.text[:cut]
        elif k in self.stopped_early:
            stream.result.finish_reason = "length"  # cut short: tidied back to the last full sentence
        stream.close()
        clean = not self.errors and self._clean(stream.result.text)
        if clean and not self._winner_pieces and len(stream.result.text.split()) >= low:
            self._winner_pieces = pieces  # a clean draft inside the asked range sets the others' budget
        self._settle(k, "clean" if clean else "done")

    def _clean(self, text: str) -> bool:
        return check(tidy(text, self.brief.kind).text, self.brief).clean

    def _settle(self, k: int, state: str) -> None:
        """Record draft k's state; once one draft has ended clean, stop every draft that holds an unsupported
        fact already (it can no longer win)."""
        with self._lock:
            self._state[k] = state
            if "clean" not in self._state:
                return
            losing = [i for i, s in enumerate(self._state) if s == "dirty" and i not in self.stopped_early]
            self.stopped_early.update(losing)
        for i in losing:
            self.streams[i].close()

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

    def seeds(self) -> list[int]:
        return [r.seed for r in self.requests]


def _decoder() -> Engine:
    return MODELS.get("decoder")


def write(brief: Brief, n: int = 4, seed: int = 0, sampling: Sampling = Sampling(), max_tokens: int | None = None,
          engine: Engine | None = None) -> list[Completion]:
    """One round of `n` raw candidates, untidied and unranked (for labelling and benchmarks)."""
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
    embed = embed or shared_embed
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


ROUNDS = 2  # when no candidate of the first round is free of unsupported facts, repair the best start once


class BestOf:
    """Rounds of `n` candidates for one brief, each tidied, checked and ranked with all before it, until the best
    is free of unsupported facts. A second round does not start over: it continues the longest start any draft
    so far has that the brief supports (its sentences before the first unsupported fact), so it writes only the
    rest. One round only when the organiser asked for one candidate (or greedy decoding, where every candidate
    would be the same text): more rounds would give them a draft they did not ask for."""

    def __init__(self, brief: Brief, n: int = 4, seed: int = 0, *, strict: bool = False,
                 sampling: Sampling = Sampling(), max_tokens: int | None = None, engine: Engine | None = None,
                 top_n: int = 0, embed=None):
        self.brief, self.seed, self.strict, self.sampling = brief, seed, strict, sampling
        self.n = 1 if sampling.greedy else max(1, n)
        self.max_rounds = ROUNDS if self.n > 1 else 1
        self.max_tokens, self.top_n, self.embed = max_tokens, top_n, embed
        self.engine = engine or _decoder()
        self.completions: list[Completion] = []
        self.seeds: list[int] = []
        self.ranked: list[Candidate] = []
        self.rounds = 0
        self.stopped = False
        self.stopped_early = 0  # drafts stopped because a clean one had already won
        self.repaired_from = ""  # the supported start the second round continued, if there was one
        self.log: list[dict] = []  # per round: seconds to the first piece, writing, checking and ranking
        self._writing: Writing | None = None
        self._continued: set[int] = set()  # ids of the completions a repair round wrote

    @property
    def done(self) -> bool:
        return bool(self.ranked and self.ranked[0].check.clean) or self.rounds >= self.max_rounds

    def next_round(self) -> Writing | None:
        """Start writing the next round's candidates, or None when no round is needed any more."""
        if self._writing is not None:
            self.check()
        if self.done or self.stopped:
            return None
        prefix = None
        if self.rounds:
            self.repaired_from = supported_start(self.ranked)
            prefix = self.repaired_from or None
        self._writing = Writing(self.brief, self.n, self.seed + self.rounds * self.n, self.sampling,
                                self.max_tokens, self.engine, top_n=self.top_n, prefix=prefix)
        self.rounds += 1
        return self._writing

    def check(self) -> list[Candidate]:
        """Wait for the round being written, then tidy, check and rank every candidate so far (raises
        EngineError when the engine failed)."""
        writing, self._writing = self._writing, None
        if writing is not None:
            try:
                writing.wait()
            finally:
                written = time.perf_counter()
                self._take(writing)
                firsts = [s.result.first_token_seconds for s in writing.streams if s.result.first_token_seconds]
                self.log.append({"repair": writing.repair, "drafts": len(writing.streams),
                                 "stopped_early": len(writing.stopped_early),
                                 "first_piece_s": min(firsts) if firsts else None,
                                 "writing_s": written - writing.started, "check_s": time.perf_counter() - written,
                                 "tokens": sum(s.result.completion_tokens for s in writing.streams)})
        return self.ranked

    def stop(self) -> list[Candidate]:
        """Stop the round being written (the page's Stop) and rank what was written so far."""
        writing, self._writing = self._writing, None
        if writing is not None:
            self.stopped = True
            writing.stop()
            writing.alive(within=5.0)  # stopped streams end at their next piece
            self._take(writing)
        return self.ranked

    def _take(self, writing: Writing) -> None:
        self.stopped_early += len(writing.stopped_early)
        self.completions += [s.result for s in writing.streams]
        if writing.repair:
            self._continued.update(id(s.result) for s in writing.streams)
        self.seeds += writing.seeds()
        self.ranked = rank(self.brief, self.completions, self.strict, seeds=self.seeds, embed=self.embed)
        for c in self.ranked:
            c.continued = id(c.completion) in self._continued


def supported_start(ranked: list[Candidate]) -> str:
    """The longest start of any candidate that its check supports: its whole sentences before the first
    unsupported fact ("" when every candidate's first sentence has one).

    Example: "In this talk, Ana shows pandas. She won a Nobel prize in 2019." -> "In this talk, Ana shows pandas."
    """
    best = ""
    for c in ranked:
        first = min((claim.start for claim in c.check.unsupported), default=len(c.text))
        start, at = "", 0
        for sentence in sentences(c.text):
            if at + len(sentence) > first:
                break
            start, at = start + sentence, at + len(sentence)
        if len(start.split()) > len(best.split()):
            best = start
    return best.strip()


def best_draft(brief: Brief, seed: int = 0, *, n: int = 4, strict: bool = False, sampling: Sampling = Sampling(),
               max_tokens: int | None = None, engine: Engine | None = None) -> Candidate:
    """The best of `n` candidates, with its check and reasons; if none of them is clean, `n` more continue the
    longest supported start among them (a second round, once)."""
    run = BestOf(brief, n, seed, strict=strict, sampling=sampling, max_tokens=max_tokens, engine=engine)
    while run.next_round() is not None:
        run.check()
    return run.ranked[0]


def draft(brief: Brief, seed: int = 0, *, n: int = 4, strict: bool = False, sampling: Sampling = Sampling(),
          max_tokens: int | None = None, engine: Engine | None = None) -> str:
    """Exactly the text the descriptions page shows first for this brief and seed: the best of `n` candidates,
    tidied and fact-checked.

    Example: draft(Brief(title="Pandas for Event Analytics", speakers="Amara Okafor"), seed=1)
    -> "In this talk, Amara Okafor shows how …"
    """
    return best_draft(brief, seed, n=n, strict=strict, sampling=sampling, max_tokens=max_tokens, engine=engine).text


def draft_many(briefs: list[Brief], seed: int = 0, *, n: int = 4, strict: bool = False,
               sampling: Sampling = Sampling(), max_tokens: int | None = None,
               engine: Engine | None = None) -> Iterator[tuple[int, Candidate | Exception]]:
    """The best draft for every brief, several briefs at once over the engine's slots; yield (index, Candidate
    or the error) as each finishes, so a page can show progress. Leaving the loop early cancels the drafts not
    yet started."""
    engine = engine or _decoder()
    pool = ThreadPoolExecutor(max_workers=max(1, engine.slots // max(1, n)))
    futures = {pool.submit(best_draft, brief, seed, n=n, strict=strict, sampling=sampling, max_tokens=max_tokens,
                           engine=engine): i for i, brief in enumerate(briefs)}
    try:
        for future in as_completed(futures):
            error = future.exception()
            yield futures[future], error if error is not None else future.result()
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
