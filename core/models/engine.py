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
    stop generating, which frees its slot for other visitors. Streams of one `SharedPrompt` are fed by one
    request instead: the engine stops it once every one of them is closed.
    """

    def __init__(self, produce: Producer | None, request: Request, shared: "SharedPrompt | None" = None):
        self.request = request
        self.result = Completion(text=request.prefix)
        self._produce = produce
        self._shared = shared
        self._stop = threading.Event()
        self._chunks: queue.Queue = queue.Queue()
        self._failure: list[BaseException] = []

    def _start(self) -> None:
        if self._shared is not None:
            self._shared.start()
            return

        def work() -> None:
            try:
                self._produce(lambda chunk: self._chunks.put(chunk) or self._stop.is_set())
            except BaseException as exc:  # handed to the reading thread, which raises it
                self._failure.append(exc)
            finally:
                self._chunks.put(_DONE)

        threading.Thread(target=work, daemon=True, name="engine-stream").start()

    def __iter__(self) -> Iterator[str]:
        start, pieces = time.perf_counter(), 0
        self._start()
        if self.request.prefix:
            yield self.request.prefix
        try:
            while True:
                try:
                    chunk = self._chunks.get(timeout=0.1)  # wake up often, so Streamlit can interrupt a stopped run
                except queue.Empty:
                    continue
                if chunk is _DONE:
                    break
                if self._stop.is_set() and self._shared is not None:
                    continue  # closed: the rest of a shared request's pieces for it are not wanted
                text = read_chunk(chunk, self.result)
                if text:
                    if self.result.first_token_seconds is None:
                        self.result.first_token_seconds = time.perf_counter() - start
                    self.result.text += text
                    pieces += 1
                    yield text
        finally:  # also when the reader stops early: what was written is counted
            self.close()
            if self._shared is not None:
                self._shared.settle()
            self.result.seconds = time.perf_counter() - start
            # llama.cpp streams one piece per token; its own count arrives with the last chunk, if read
            self.result.completion_tokens = self.result.completion_tokens or len(self.result.steps) or pieces
        if self._failure:
            failure = self._failure[0]
            raise failure if isinstance(failure, EngineError) else EngineError(str(failure))

    def close(self) -> None:
        self._stop.set()
        if self._shared is not None:
            self._shared.closed()


_DONE = object()


class SharedPrompt:
    """`n` completions of one prompt in one request (llama.cpp's `n_cmpl`): the engine reads the prompt once and
    copies what it computed to the other slots, instead of reading it once per slot. Each completion is a
    `Stream` of its own; the request ends when all of them are closed or finished."""

    def __init__(self, produce: Producer, request: Request, n: int):
        self._produce = produce
        self.streams = [Stream(None, replace(request, seed=request.seed + i), shared=self) for i in range(n)]
        self._lock = threading.Lock()
        self._started = False
        self._thread: threading.Thread | None = None
        self._finished: set[int] = set()  # completions the engine has ended
        self._all_closed = threading.Event()

    def start(self) -> None:
        with self._lock:
            if self._started:
                return
            self._started = True
        self._thread = threading.Thread(target=self._work, daemon=True, name="engine-shared-prompt")
        self._thread.start()

    def closed(self) -> None:
        """A stream was closed by its reader, or its completion finished: stop once none is wanted any more."""
        if all(s._stop.is_set() or i in self._finished for i, s in enumerate(self.streams)):
            self._all_closed.set()

    def settle(self, timeout: float = 10.0) -> None:
        """Once no stream is wanted any more, wait for the engine's request to return: a process must not exit
        while a thread is still inside the engine's native code."""
        if self._all_closed.is_set() and self._thread is not None:
            self._thread.join(timeout)

    def _route(self, chunk: dict) -> bool:
        """One chunk to the stream of its completion (a chunk without choices, e.g. usage, to all of them);
        True asks the engine to stop."""
        choices = chunk.get("choices") or []
        if not choices or chunk.get("error"):
            for stream in self.streams:
                stream._chunks.put(chunk)
        for choice in choices:
            index = choice.get("index") or 0
            if 0 <= index < len(self.streams):
                stream = self.streams[index]
                stream._chunks.put({**chunk, "choices": [choice]})
                if choice.get("finish_reason"):  # this completion is over, while the others go on
                    stream._chunks.put(_DONE)
                    self._finished.add(index)
                    self.closed()
        return self._all_closed.is_set()

    def _work(self) -> None:
        try:
            self._produce(self._route)
        except BaseException as exc:
            for stream in self.streams:
                stream._failure.append(exc)
        finally:
            for stream in self.streams:
                stream._chunks.put(_DONE)


class Engine:
    """What every decoder engine offers. Subclasses implement `_producer`, `_next_token_probs` and
    `tokenize`; the rest is shared."""

    kind = "engine"
    context_window = 0
    slots = 1
    post_sampling_probs = False  # can report probabilities after temperature / top-k / top-p
    shares_prompt = False  # n completions of one prompt read it once (`stream_many`)

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
