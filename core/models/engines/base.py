"""One interface for the decoder, whatever runs it: llama.cpp inside this process (`core.models.engines.llamacpp`)
or any OpenAI-compatible server reached by URL (`core.models.engines.openai_server`).

The rest of the app speaks only the types re-exported here: a `Request` goes in (`core.models.engines.requests`); text
pieces stream out (`core.models.engines.streams`), and a `Completion` with every generated token and its top-N
alternatives (the model's probabilities before sampling) remains.

    engine = MODELS.get("decoder")
    run = engine.stream(Request(messages=(("user", "Write a teaser for Pandas 101"),), max_tokens=40))
    text = "".join(run)                        # pieces arrive as they are generated
    run.result.tokens_per_second
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

# The engine's vocabulary, importable from here as the one place pages and features take it from
from core.models.engines.requests import (Completion, ContextWindowError, EngineError, Request, Sampling, Step,
                                  context_window_error)
from core.models.engines.streams import Producer, SharedPrompt, Stream, read_chunk

__all__ = ["Completion", "ContextWindowError", "Engine", "EngineError", "Producer", "Request", "Sampling",
           "SharedPrompt", "Step", "Stream", "context_window_error", "read_chunk", "status_of"]


class Engine:
    """What every decoder engine offers. Subclasses implement `_producer`, `_next_token_probs` and
    `tokenize`; the rest is shared."""

    kind = "engine"
    context_window = 0
    slots = 1
    post_sampling_probs = False  # can report probabilities after temperature / top-k / top-p
    shares_prompt = False  # n completions of one prompt read it once (`stream_many`)
    keeps_prompts = False  # a prompt read once is kept, and a later request that starts with it skips reading it

    def describe(self) -> str:
        return self.kind

    def stream(self, request: Request) -> Stream:
        """Check the request fits the context window, then start generating."""
        self.check_fits(request)
        return Stream(self._producer(request), request)

    def stream_many(self, request: Request, n: int) -> list[Stream]:
        """`n` completions of one request, with seeds seed, seed + 1, …, each a Stream. Here: one request each;
        an engine that can share the prompt between them (`shares_prompt`) reads it once."""
        return [self.stream(replace(request, seed=request.seed + i)) for i in range(n)]

    def complete(self, request: Request) -> Completion:
        run = self.stream(request)
        for _ in run:
            pass
        return run.result

    def complete_many(self, requests: list[Request]) -> list[Completion]:
        """Run requests side by side, one per engine slot, and return them in order."""
        if len(requests) <= 1:
            return [self.complete(r) for r in requests]
        with ThreadPoolExecutor(max_workers=min(len(requests), self.slots)) as pool:
            return list(pool.map(self.complete, requests))

    def next_token(self, request: Request, top_n: int = 15, with_sampling: bool = True) -> list[dict]:
        """The model's next-token distribution after the request's prompt (and prefix), as rows:
        token, p_raw (before sampling, temperature 1), and p_final (after the request's sampling settings; None
        when the engine cannot report it, or when not asked for). Nothing is invented: rows are what the
        engine returned."""
        probe = replace(request, max_tokens=1, top_n=top_n)
        raw = self._next_token_probs(probe, after_sampling=False)
        final = (self._next_token_probs(probe, after_sampling=True)
                 if with_sampling and self.post_sampling_probs else None)
        rows = []
        for rank, (token, p) in enumerate(raw):
            p_final = None if final is None else dict(final).get(token, 0.0)
            rows.append({"token": token, "rank": rank + 1, "p_raw": p, "p_final": p_final,
                         "status": status_of(rank, p_final, request.sampling)})
        return rows

    def check_fits(self, request: Request) -> None:
        counted = self.count_tokens(request)
        if counted is not None and self.context_window and counted + request.max_tokens > self.context_window:
            raise context_window_error(counted, request.max_tokens, self.context_window)

    def count_tokens(self, request: Request) -> int | None:
        """Prompt tokens of the request, or None where the engine cannot count before it runs."""
        return None

    def tokenize(self, text: str) -> list[tuple[int, str]]:
        """(token id, text piece) for every token of a plain text."""
        raise EngineError(f"The {self.describe()} engine cannot show its tokens.")

    def _producer(self, request: Request) -> Producer:
        raise NotImplementedError

    def _next_token_probs(self, request: Request, after_sampling: bool) -> list[tuple[str, float]]:
        raise NotImplementedError


def status_of(rank: int, p_final: float | None, sampling: Sampling) -> str:
    """What the sampling settings did to the token at this rank. Example: rank 60, top-k 50 -> "cut by top-k" """
    if p_final is None:
        return "not reported"
    if p_final > 0:
        return "kept"
    if sampling.greedy:
        return "cut by greedy"
    return "cut by top-k" if 0 < sampling.top_k <= rank else "cut by top-p"
