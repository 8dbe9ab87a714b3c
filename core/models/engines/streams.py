"""Text pieces as an engine writes them: a `Stream` per completion, fed on a worker thread, and `SharedPrompt` for
n completions of one prompt in one request. Both engines speak the OpenAI chat-completions streaming format, so
one parser (`read_chunk`) reads both.

    run = Stream(producer, request)
    text = "".join(run)                        # pieces arrive as they are generated
    run.result.tokens_per_second
"""
from __future__ import annotations

import math
import queue
import threading
import time
from dataclasses import replace
from typing import Callable, Iterator

from core.models.engines.requests import Completion, EngineError, Request, Step


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
