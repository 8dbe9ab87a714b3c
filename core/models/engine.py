"""One interface for the decoder, whatever runs it: llama.cpp inside this process (`core.models.llamacpp`)
or any OpenAI-compatible server reached by URL (`core.models.openai_engine`).

The rest of the app speaks only this module's types: a `Request` goes in; text pieces stream out, and a
`Completion` with every generated token and its top-N alternatives (the model's probabilities before
sampling) remains. Both engines speak the OpenAI chat-completions format, so one parser reads both.

    engine = MODELS.get("decoder")
    run = engine.stream(Request(messages=(("user", "Write a teaser for Pandas 101"),), max_tokens=40))
    text = "".join(run)                        # pieces arrive as they are generated
    run.result.tokens_per_second
"""
from __future__ import annotations

import math
import queue
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Callable, Iterator


@dataclass(frozen=True)
class Sampling:
    """The order the page explains: temperature, then top-k, then top-p (nucleus)."""

    temperature: float = 0.7
    top_k: int = 50  # 0 = off
    top_p: float = 0.9  # 1.0 = off
    greedy: bool = False


@dataclass(frozen=True)
class Request:
    """What to generate. Frozen and hashable, so pages can cache results by request.

    `messages` is a chat as (role, content) pairs; `prefix` is the start of the reply, which the model
    continues (small models stay on task when the answer is already under way). `prompt` asks for a plain
    continuation of raw text instead of a chat reply.
    """

    messages: tuple[tuple[str, str], ...] = ()
    prefix: str = ""
    prompt: str | None = None
    sampling: Sampling = Sampling()
    max_tokens: int = 160
    seed: int = 0
    top_n: int = 0  # how many alternatives to report for every generated token

    def chat(self) -> list[dict]:
        """OpenAI chat messages; a prefix becomes an unfinished assistant turn that the engine continues."""
        chat = [{"role": role, "content": content} for role, content in self.messages]
        if self.prefix:
            chat.append({"role": "assistant", "content": self.prefix})
        return chat


@dataclass
class Step:
    """One generated token, with the model's probabilities at that position before sampling."""

    token: str
    probability: float | None
    alternatives: list[tuple[str, float]] = field(default_factory=list)


@dataclass
class Completion:
    text: str = ""  # the prefix and everything generated after it
    steps: list[Step] = field(default_factory=list)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0
    first_token_seconds: float | None = None
    finish_reason: str = ""

    @property
    def truncated(self) -> bool:
        """Stopped by the token limit rather than by the model."""
        return self.finish_reason == "length"

    @property
    def tokens_per_second(self) -> float:
        return self.completion_tokens / self.seconds if self.seconds else 0.0


class EngineError(RuntimeError):
    """The engine could not answer; the message says why in words an organiser can act on."""


class ContextWindowError(EngineError):
    """The prompt plus the requested new tokens do not fit the model's context window."""


def context_window_error(prompt_tokens: int, max_tokens: int, window: int) -> ContextWindowError:
    return ContextWindowError(
        f"The prompt is {prompt_tokens:,} tokens and you asked for {max_tokens:,} more, but this model reads at "
        f"most {window:,} tokens at once. Shorten the background text or lower the token limit.")


def _probability(logprob) -> float | None:
    return math.exp(logprob) if isinstance(logprob, (int, float)) and logprob > -1e30 else None


def read_chunk(chunk: dict, result: Completion) -> str:
    """Fold one OpenAI-format streaming chunk into `result`; return its new text.

    Reads chat deltas (`delta.content`) and plain completions (`text`), per-token logprobs in the current
    format (`logprobs.content`) or the legacy one (`tokens` + `top_logprobs` dicts), and token counts from
    `usage` (OpenAI) or `timings` (llama.cpp).
    Example: {"choices": [{"delta": {"content": " Join"}, "finish_reason": None}]} -> " Join"
    """
    if chunk.get("error"):
        raise EngineError(str(chunk["error"].get("message", chunk["error"])))
    usage, timings = chunk.get("usage"), chunk.get("timings")
    if usage:
        result.prompt_tokens = usage.get("prompt_tokens") or result.prompt_tokens
        result.completion_tokens = usage.get("completion_tokens") or result.completion_tokens
    elif timings:
        result.prompt_tokens = (timings.get("prompt_n") or 0) + (timings.get("cache_n") or 0)
        result.completion_tokens = timings.get("predicted_n") or result.completion_tokens
    text = ""
    for choice in chunk.get("choices") or []:
        text += (choice.get("delta") or {}).get("content") or choice.get("text") or ""
        result.finish_reason = choice.get("finish_reason") or result.finish_reason
        logprobs = choice.get("logprobs") or {}
        for item in logprobs.get("content") or []:
            result.steps.append(Step(item.get("token", ""), _probability(item.get("logprob")),
                                     [(alt.get("token", ""), _probability(alt.get("logprob")) or 0.0)
                                      for alt in item.get("top_logprobs") or []]))
        for token, logprob, top in zip(logprobs.get("tokens") or [], logprobs.get("token_logprobs") or [],
                                       logprobs.get("top_logprobs") or []):
            alternatives = sorted(((t, _probability(lp) or 0.0) for t, lp in (top or {}).items()), key=lambda a: -a[1])
            result.steps.append(Step(token, _probability(logprob), alternatives))
    return text


Producer = Callable[[Callable[[dict], bool]], None]


class Stream:
    """Iterate to receive text pieces as the engine writes them; afterwards `.result` is the Completion.

    The engine runs on a worker thread and hands chunks over a queue, so a page can draw each piece as it
    arrives. Stopping early (Stop button, `close()`, or simply dropping the iterator) tells the engine to
    stop generating, which frees its slot for other visitors.
    """

    def __init__(self, produce: Producer, request: Request):
        self.request = request
        self.result = Completion(text=request.prefix)
        self._produce = produce
        self._stop = threading.Event()

    def __iter__(self) -> Iterator[str]:
        chunks: queue.Queue = queue.Queue()
        done = object()
        failure: list[BaseException] = []

        def work() -> None:
            try:
                self._produce(lambda chunk: chunks.put(chunk) or self._stop.is_set())
            except BaseException as exc:  # handed to the reading thread, which raises it
                failure.append(exc)
            finally:
                chunks.put(done)

        start = time.perf_counter()
        threading.Thread(target=work, daemon=True, name="engine-stream").start()
        if self.request.prefix:
            yield self.request.prefix
        try:
            while True:
                try:
                    chunk = chunks.get(timeout=0.1)  # wake up often, so Streamlit can interrupt a stopped run
                except queue.Empty:
                    continue
                if chunk is done:
                    break
                text = read_chunk(chunk, self.result)
                if text:
                    if self.result.first_token_seconds is None:
                        self.result.first_token_seconds = time.perf_counter() - start
                    self.result.text += text
                    yield text
        finally:
            self._stop.set()
            self.result.seconds = time.perf_counter() - start
        if failure:
            raise failure[0] if isinstance(failure[0], EngineError) else EngineError(str(failure[0]))
        if not self.result.completion_tokens:
            self.result.completion_tokens = len(self.result.steps)

    def close(self) -> None:
        self._stop.set()


class Engine:
    """What every decoder engine offers. Subclasses implement `_producer`, `_next_token_probs` and
    `tokenize`; the rest is shared."""

    kind = "engine"
    context_window = 0
    slots = 1
    post_sampling_probs = False  # can report probabilities after temperature / top-k / top-p

    def describe(self) -> str:
        return self.kind

    def stream(self, request: Request) -> Stream:
        """Check the request fits the context window, then start generating."""
        self.check_fits(request)
        return Stream(self._producer(request), request)

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
