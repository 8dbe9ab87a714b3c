"""Best-of-N event copy: write N candidates at once in the engine's parallel slots (`core.descriptions.writing`), tidy,
fact-check and rank each (`core.descriptions.ranking`), so the organiser starts from the draft that invents least.

`BestOf` is the one write loop, round by round, for the page (which draws each round's candidates as they are
written) and for `draft` (which only waits). Batch mode writes a brief's candidates one at a time instead
(`wave=1`), each brief in an engine slot of its own, and stops once one passes every check, since the organiser
keeps only the winner there:

    run = BestOf(brief, n=4, seed=0)
    while (writing := run.next_round()) is not None:   # None once a candidate is clean or the rounds are used
        draw(writing.streams)                          # optional: the texts fill in while the caller looks
        run.check()                                    # wait for the round; tidy, check and rank every candidate
    run.ranked[0].text, run.ranked[0].check.unsupported, run.ranked[0].reasons
"""
from __future__ import annotations

import queue
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Callable, Iterator

from core.descriptions.brief import Brief
from core.descriptions.cleanup import WORD_LIMITS, sentences
from core.descriptions.ranking import Candidate, Opinion, decoder_opinion, rank
from core.descriptions.writing import Writing, decoder
from core.models import Completion, Engine, Sampling

ROUNDS = 2  # when no candidate of the first round is free of unsupported facts, repair the best start once
# In turns, a failed draft's start before its first sentence not from the brief is a candidate as it is when it
# holds at least this share of the kind's asked minimum (60 of an abstract's 80 words): a rewrite that long is
# publishable (see ranking._score)
TRIM_SHARE = 0.75


@dataclass(frozen=True)
class Asked:
    """What the caller asked of one brief's candidates."""

    brief: Brief
    n: int  # candidates in the first round (1 under greedy decoding: every candidate would be the same text)
    seed: int
    strict: bool
    sampling: Sampling
    max_tokens: int | None
    top_n: int  # per-token alternatives to keep (for "Why this word?"); 0: none
    embed: Callable | None
    wave: int  # first-round candidates written at a time
    slot: int | None  # the engine slot turns of one candidate are written in
    others: list[str]  # the batch's drafts so far, read at each ranking
    opinion: Opinion | None = decoder_opinion  # the second opinion on sentences the words pass (ranking.rank)


@dataclass
class Pool:
    """Every candidate written for one brief so far, how each came to be, and all of them ranked."""

    completions: list[Completion] = field(default_factory=list)
    seeds: list[int] = field(default_factory=list)
    continued: set[int] = field(default_factory=set)  # ids of the completions a repair wrote
    trimmed: dict[int, int] = field(default_factory=dict)  # ids of offered starts -> sentences taken off
    ranked: list[Candidate] = field(default_factory=list)

    def take(self, writing: Writing, asked: Asked) -> None:
        self.completions += [s.result for s in writing.streams]
        if writing.repair:
            self.continued.update(id(s.result) for s in writing.streams)
        self.seeds += writing.seeds()
        self.rank(asked)

    def offer(self, start: str, source: Candidate, taken: int, asked: Asked) -> None:
        """A failed draft's supported start, as a candidate that costs no token."""
        completion = Completion(text=start, finish_reason="stop")
        self.completions.append(completion)
        self.seeds.append(source.seed)
        self.trimmed[id(completion)] = taken
        self.rank(asked)

    def rank(self, asked: Asked) -> None:
        self.ranked = rank(asked.brief, self.completions, asked.strict, seeds=self.seeds, embed=asked.embed,
                           others=asked.others, opinion=asked.opinion)
        for c in self.ranked:
            c.continued = id(c.completion) in self.continued
            taken = self.trimmed.get(id(c.completion))
            if taken:
                c.trimmed = True
                c.removed.append(f"the last {'sentence' if taken == 1 else f'{taken} sentences'}, not from your brief")


@dataclass
class Turns:
    """How far the loop has come: rounds written, first-round candidates started, repairs, and a log per round."""

    rounds: int = 0  # turns of the first round, then the repair
    written: int = 0  # first-round candidates started
    repairs: int = 0
    stopped: bool = False  # the caller stopped the loop
    stopped_early: int = 0  # candidates stopped because a clean one had already won
    repaired_from: str = ""  # the supported start the last repair continued, if there was one
    turn_repaired: bool = False  # in turns: whether a turn has continued the best supported start yet
    offered: set[str] = field(default_factory=set)  # in turns: failed drafts' supported starts offered as they are
    log: list[dict] = field(default_factory=list)  # per round: first piece, writing, checking and ranking times


class BestOf:
    """Rounds of `n` candidates for one brief, each tidied, checked and ranked with all before it, until the best
    is free of unsupported facts. A second round does not start over: it continues the longest start any draft
    so far has that the brief supports (its sentences before the first unsupported fact), so it writes only the
    rest. One round only when the organiser asked for one candidate (or greedy decoding, where every candidate
    would be the same text): more rounds would give them a draft they did not ask for.

    `wave` < n writes the first round's candidates that many at a time, and writes no more once one passes every
    check the page shows (`Candidate.faultless`): batch mode keeps only the winner, so a candidate that could only
    tie it is not worth its tokens. When a turn's candidates fail by a fact or a sentence not from the brief, the
    next turn (once) continues the longest start before it instead of writing anew; when that start is already
    long enough to publish (`TRIM_SHARE`), it is first offered as it is, a candidate that costs no token.

    `slot`: the engine slot a turn of one candidate is written in, so that every turn finds the brief's prompt
    already read there (see `Request.slot`); rounds of several candidates leave the slots to the engine."""

    def __init__(self, brief: Brief, n: int = 4, seed: int = 0, *, strict: bool = False,
                 sampling: Sampling = Sampling(), max_tokens: int | None = None, engine: Engine | None = None,
                 top_n: int = 0, embed=None, others: list[str] | None = None, wave: int | None = None,
                 slot: int | None = None, opinion: Opinion | None = decoder_opinion):
        n = 1 if sampling.greedy else max(1, n)
        self.asked = Asked(brief, n, seed, strict, sampling, max_tokens, top_n, embed, max(1, min(wave or n, n)),
                           slot, others if others is not None else [], opinion)
        self.engine = engine or decoder()
        self.max_rounds = ROUNDS if n > 1 else 1
        self.pool, self.turns = Pool(), Turns()
        self._writing: Writing | None = None
        self._long_enough = TRIM_SHARE * WORD_LIMITS.get(brief.kind, WORD_LIMITS["abstract"])[0]

    # what callers read
    n = property(lambda self: self.asked.n)
    ranked = property(lambda self: self.pool.ranked)
    completions = property(lambda self: self.pool.completions)
    rounds = property(lambda self: self.turns.rounds)
    written = property(lambda self: self.turns.written)
    repairs = property(lambda self: self.turns.repairs)
    repaired_from = property(lambda self: self.turns.repaired_from)
    turn_repaired = property(lambda self: self.turns.turn_repaired)
    stopped = property(lambda self: self.turns.stopped)
    log = property(lambda self: self.turns.log)

    @property
    def done(self) -> bool:
        if not self.ranked:
            return False
        if self.written < self.n:  # writing in turns: another only while no candidate so far passes every check
            return any(c.faultless for c in self.ranked)
        return self.ranked[0].check.clean or self.repairs >= self.max_rounds - 1

    def next_round(self) -> Writing | None:
        """Start writing the next round's (or turn's) candidates, or None when no more are needed."""
        if self._writing is not None:
            self.check()
        if self.done or self.stopped:
            return None
        start = ""
        if 0 < self.written < self.n:  # writing in turns
            start = self._turn_start()
            if self.done:  # a failed draft's start alone passes every check: no token written for it
                return None
        asked, turns = self.asked, self.turns
        if start:
            # a turn that continues the best start so far, every sentence of it drawn from the brief: the fault
            # is usually a draft's last sentence, so this writes a sentence or two where a fresh turn writes all
            size, prefix, seed = asked.wave, start, asked.seed + 2 * asked.n
            turns.turn_repaired, turns.repaired_from = True, start
        elif turns.written < asked.n:
            size, prefix, seed = min(asked.wave, asked.n - turns.written), None, asked.seed + turns.written
            turns.written += size
        else:
            turns.repaired_from = supported_start(self.ranked)
            size, prefix, seed = asked.n, turns.repaired_from or None, asked.seed + asked.n
            turns.repairs += 1
        self._writing = Writing(asked.brief, size, seed, asked.sampling, asked.max_tokens, self.engine,
                                top_n=asked.top_n, prefix=prefix, slot=asked.slot if size == 1 else None)
        turns.rounds += 1
        return self._writing

    def _turn_start(self) -> str:
        """In turns: offer the failed drafts' supported start as it is when it is long enough to publish, and
        return it for the next turn to continue, once, when the drafts failed only by a sentence added."""
        faulty = [c for c in self.ranked if c.unsupported_sentences or c.check.unsupported]
        cut = supported_start(faulty, claims=True)
        if len(cut.split()) >= self._long_enough and cut not in self.turns.offered:
            self._offer(faulty, cut)
        return "" if self.turns.turn_repaired else cut

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
                self.turns.log.append({"repair": writing.repair, "drafts": len(writing.streams),
                                       "stopped_early": len(writing.stopped_early),
                                       "first_piece_s": min(firsts) if firsts else None,
                                       "writing_s": written - writing.started,
                                       "check_s": time.perf_counter() - written,
                                       "tokens": sum(s.result.completion_tokens for s in writing.streams)})
        return self.ranked

    def stop(self) -> list[Candidate]:
        """Stop the round being written (the page's Stop) and rank what was written so far."""
        writing, self._writing = self._writing, None
        if writing is not None:
            self.turns.stopped = True
            writing.stop()
            writing.alive(within=5.0)  # stopped streams end at their next piece
            self._take(writing)
        return self.ranked

    def _offer(self, faulty: list[Candidate], start: str) -> None:
        """Offer the failed draft's supported start as a candidate of its own: its faults were only its last
        sentences, and what is left is long enough to publish."""
        self.turns.offered.add(start)
        source = next((c for c in faulty if c.text.startswith(start)), faulty[0])
        whole = [s for s in sentences(source.text) if s.strip()]
        taken = max(1, len(whole) - len([s for s in sentences(start) if s.strip()]))
        self.pool.offer(start, source, taken, self.asked)

    def _take(self, writing: Writing) -> None:
        self.turns.stopped_early += len(writing.stopped_early)
        self.pool.take(writing, self.asked)


def supported_start(ranked: list[Candidate], claims: bool = False) -> str:
    """The longest start of any candidate that its check supports: its whole sentences before the first
    unsupported fact ("" when every candidate's first sentence has one). `claims`: and before the first sentence
    not drawn from the brief.

    Example: "In this talk, Ana shows pandas. She won a Nobel prize in 2019." -> "In this talk, Ana shows pandas."
    """
    best = ""
    for c in ranked:
        first = min((claim.start for claim in c.check.unsupported), default=len(c.text))
        loose = {s.text for s in c.claims if not s.supported} if claims else set()
        start, at = "", 0
        for sentence in sentences(c.text):
            if at + len(sentence) > first or sentence.strip() in loose:
                break
            start, at = start + sentence, at + len(sentence)
        if len(start.split()) > len(best.split()):
            best = start
    return best.strip()


def best_draft(brief: Brief, seed: int = 0, *, n: int = 4, strict: bool = False, sampling: Sampling = Sampling(),
               max_tokens: int | None = None, engine: Engine | None = None,
               others: list[str] | None = None, wave: int | None = None, slot: int | None = None,
               opinion: Opinion | None = decoder_opinion) -> Candidate:
    """The best of `n` candidates, with its check and reasons; if none of them is clean, `n` more continue the
    longest supported start among them (a second round, once). `others`: the batch's drafts so far; `wave`: write
    the candidates that many at a time, stopping at the first that passes every check; `slot`: the engine slot
    for turns of one (see BestOf); `opinion`: the second opinion on sentences (ranking.rank)."""
    run = BestOf(brief, n, seed, strict=strict, sampling=sampling, max_tokens=max_tokens, engine=engine,
                 others=others, wave=wave, slot=slot, opinion=opinion)
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
               engine: Engine | None = None, wave: int = 1,
               opinion: Opinion | None = decoder_opinion) -> Iterator[tuple[int, Candidate | Exception]]:
    """The best draft for every brief, several briefs at once over the engine's slots; yield (index, Candidate
    or the error) as each finishes, so a page can show progress. Leaving the loop early cancels the drafts not
    yet started.

    Each brief's `n` candidates are written `wave` at a time, and no more once one passes every check: the batch
    keeps only the winner, so a candidate that could only tie it is not worth its tokens. The engine's slots go
    to more briefs at once instead. One at a time writes the fewest tokens; each brief then keeps one slot for
    all its turns (an engine that keeps prompts reads the brief once, not once a turn), which made it the
    fastest way to write the demo's 40 sessions (bench/NOTES.md, Draft speed)."""
    engine = engine or decoder()
    wave = max(1, min(wave, n))
    workers = max(1, engine.slots // wave)
    free: queue.SimpleQueue[int | None] = queue.SimpleQueue()  # the slots no brief is being written in
    for slot in range(workers):
        free.put(slot if wave == 1 and engine.keeps_prompts else None)
    written: list[str] = []  # every finished draft: the later ones are ranked against their phrases

    def one(brief: Brief) -> Candidate:
        slot = free.get()
        try:
            return best_draft(brief, seed, n=n, strict=strict, sampling=sampling, max_tokens=max_tokens,
                              engine=engine, others=written, wave=wave, slot=slot, opinion=opinion)
        finally:
            free.put(slot)

    pool = ThreadPoolExecutor(max_workers=workers)
    futures = {pool.submit(one, brief): i for i, brief in enumerate(briefs)}
    try:
        for future in as_completed(futures):
            error = future.exception()
            if error is None:
                written.append(future.result().text)
            yield futures[future], error if error is not None else future.result()
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
