"""N drafts of one brief written at once in the engine's parallel slots, each stopped as soon as it can no longer
win: the raw material `core.descriptions.best_of` ranks.

    writing = Writing(brief, n=4, seed=0, sampling=Sampling(), max_tokens=None, engine=MODELS.get("decoder"))
    for stream in writing.streams: ...      # optional: draw the texts as they arrive
    completions = writing.wait()
"""
from __future__ import annotations

import re
import threading
import time
from dataclasses import replace

from core.descriptions.brief import Brief, copy_request
from core.descriptions.cleanup import WORD_LIMITS, tidy
from core.descriptions.fact_check import check
from core.models import MODELS, Completion, Engine, EngineError, Sampling, Stream

# Once a draft has ended clean inside the asked range, one still writing at 1.3 times its length has run past
# that range without ending a sentence in it: it stops, tidied back to its last full sentence, and is ranked as is
OVERRUN = 1.3
SENTENCE_DONE = re.compile(r"[.!?…][\"”’')\]]*$")  # "…end." or "…end.”", never an opening quote


class Writing:
    """N drafts being written in parallel slots, from one reading of the prompt where the engine can share it.
    Each stops itself at the first sentence end inside the kind's word range (a 135M model left alone fills its
    token budget with repeats), or just past the range's top. Once one draft has ended free of unsupported
    facts, the drafts that already hold such a fact can no longer beat it: they stop (on a shared prompt the
    engine stops once all its drafts have); so does a draft still writing at OVERRUN times the clean one's
    length.

    `prefix` continues a draft from its supported start (a repair) instead of the brief's usual opening; `slot`
    writes in that engine slot (see `Request.slot`)."""

    def __init__(self, brief: Brief, n: int, seed: int, sampling: Sampling, max_tokens: int | None, engine: Engine,
                 top_n: int = 0, prefix: str | None = None, slot: int | None = None):
        n = 1 if sampling.greedy else max(1, n)  # greedy drafts would all be the same text
        self.brief, self.started, self.repair = brief, time.perf_counter(), prefix is not None
        request = copy_request(brief, sampling, max_tokens, seed, top_n=top_n, slot=slot)
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


# Reading ahead. The page knows the brief before Generate is clicked, and the engine keeps a prompt it has read:
# reading it while the organiser looks over the form takes ~1 s off the click, for the first word and the draft.
_ahead_lock = threading.Lock()
_ahead: dict[int, tuple[tuple, threading.Thread]] = {}  # per engine: the last prompt read ahead, and its reader


def read_ahead(brief: Brief, sampling: Sampling, max_tokens: int | None, seed: int, engine: Engine) -> bool:
    """Start the engine reading the prompt that writing this brief with these settings will send, in the
    background; once per prompt. True when a reading started (only engines that keep prompts read ahead)."""
    if not engine.keeps_prompts:
        return False
    request = copy_request(brief, sampling, max_tokens, seed)
    key = (request.messages, request.prefix)
    with _ahead_lock:
        last = _ahead.get(id(engine))
        if last is not None and last[0] == key:
            return False
        reader = threading.Thread(target=_read, args=(engine, replace(request, max_tokens=1)), daemon=True,
                                  name="read-ahead")
        _ahead[id(engine)] = (key, reader)
    reader.start()
    return True


def _read(engine: Engine, request) -> None:
    try:
        engine.complete(request)  # one token: the point is the prompt, which the engine now keeps
    except EngineError:
        pass  # only a head start: writing reads the prompt itself


def wait_for_read_ahead(engine: Engine, timeout: float = 5.0) -> None:
    """Let a reading under way finish before writing starts: two readings of one prompt at once on two cores
    would each take twice as long, and the one writing needs would not find the other's."""
    with _ahead_lock:
        last = _ahead.get(id(engine))
    if last is not None:
        last[1].join(timeout)


def decoder() -> Engine:
    return MODELS.get("decoder")


def write(brief: Brief, n: int = 4, seed: int = 0, sampling: Sampling = Sampling(), max_tokens: int | None = None,
          engine: Engine | None = None) -> list[Completion]:
    """One round of `n` raw candidates, untidied and unranked (for labelling and benchmarks)."""
    return Writing(brief, n, seed, sampling, max_tokens, engine or decoder()).wait()
