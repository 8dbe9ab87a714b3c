"""The default decoder engine: llama.cpp's own server, running inside this process through `xllamacpp`.

It reads the quantised GGUF as it is (no de-quantising, no converted copy), batches the requests of every
visitor over parallel slots, and takes OpenAI-format requests as Python dicts. The same server also listens
on a loopback port; we use that only for its tokenizer endpoints, which the Python binding does not wrap.
"""
from __future__ import annotations

import json
import math
import urllib.request
from dataclasses import replace
from pathlib import Path

from core.config import setting
from core.models.engines.base import Engine, EngineError, Request, Sampling
from core.models.engines.streams import Producer, SharedPrompt, Stream
from core.models.threads import usable_cpus

DEFAULT_CONTEXT = 8192  # SmolLM2's training window; its KV cache is ~100 MB in q8_0 (~190 MB in f16)
DEFAULT_SLOTS = 8


def _int_setting(key: str, default: int) -> int:
    value = (setting(key) or "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else default


def sampling_params(sampling: Sampling) -> dict:
    """The request fields for our sampling settings, in the order the page explains them.

    llama.cpp's default chain also applies min-p and applies temperature last; we ask for exactly
    top-k -> temperature -> top-p (top-k is unchanged by temperature, so this is temperature first),
    with no repetition penalty: the copy should repeat the names and titles of the brief.
    Example: Sampling(greedy=True) -> {"temperature": 0.0}
    """
    if sampling.greedy:
        return {"temperature": 0.0}
    return {"temperature": sampling.temperature, "top_k": sampling.top_k, "top_p": sampling.top_p, "min_p": 0.0,
            "samplers": ["top_k", "temperature", "top_p"], "repeat_penalty": 1.0}


def request_body(request: Request, stream: bool) -> dict:
    body = {"max_tokens": request.max_tokens, "seed": request.seed, "stream": stream,
            **sampling_params(request.sampling)}
    if request.prompt is not None:
        body["prompt"] = request.prompt
    else:
        body["messages"] = request.chat()
    if request.top_n:
        body.update(logprobs=True, top_logprobs=request.top_n, n_probs=request.top_n)
    if request.slot is not None:
        body["id_slot"] = request.slot
    return body


def join_pieces(tokens: list[dict]) -> list[tuple[int, str]]:
    """llama.cpp returns a piece that is not valid UTF-8 on its own (part of an emoji) as a list of bytes;
    the character goes to the token that completes it, the tokens before it get "".

    Example: [{"id": 1, "piece": [240, 159]}, {"id": 2, "piece": [154, 128]}] -> [(1, ""), (2, "🚀")]
    """
    out, pending = [], b""
    for token in tokens:
        piece = token["piece"]
        if isinstance(piece, str):
            piece, pending = pending.decode("utf-8", "replace") + piece, b""
        else:
            pending += bytes(piece)
            try:
                piece, pending = pending.decode("utf-8"), b""
            except UnicodeDecodeError:
                piece = ""
        out.append((token["id"], piece))
    return out


class LlamaCppEngine(Engine):
    kind = "llama.cpp"
    post_sampling_probs = True
    shares_prompt = True
    keeps_prompts = True  # each slot keeps the prompt it read; a request goes to the slot that shares most of it

    def __init__(self, gguf_path: str, context: int | None = None, slots: int | None = None,
                 threads: int | None = None, api_keys: list[str] | None = None,
                 listen: tuple[str, int] | None = None):
        import xllamacpp  # heavy (llama.cpp's library): only the decoder's load

        self.path = gguf_path
        self.context_window = context or _int_setting("decoder_context", DEFAULT_CONTEXT)
        self.slots = slots or _int_setting("decoder_slots", DEFAULT_SLOTS)
        self.threads = threads or _int_setting("decoder_threads", usable_cpus())
        self.version = xllamacpp.__version__
        params = xllamacpp.CommonParams()
        params.model.path = gguf_path
        params.model_alias = {Path(gguf_path).stem}  # what /v1/models lists, instead of the full path
        params.n_ctx = self.context_window
        params.n_parallel = self.slots
        # One KV cache shared by all slots: any one request may use the whole window, and memory does not
        # grow with the number of slots.
        params.kv_unified = True
        # 8-bit keys and values halve the cache (about -90 MB on Streamlit Cloud's 2.7 GB) for no loss of
        # speed here; llama.cpp needs flash attention for a quantised V cache.
        params.cache_type_k = params.cache_type_v = xllamacpp.ggml_type.GGML_TYPE_Q8_0
        params.flash_attn_type = xllamacpp.llama_flash_attn_type.LLAMA_FLASH_ATTN_TYPE_ENABLED
        # The server's default keeps up to 8 GB of old prompt states in RAM to resume them later; every new
        # brief would add one. Each slot still reuses its own cached prompt (a new seed, Why this word?).
        params.cache_ram_mib = 0
        params.cpuparams.n_threads = params.cpuparams_batch.n_threads = self.threads
        params.endpoint_metrics = True
        params.verbosity = -1  # its log lines go to stderr; errors still reach us in the responses
        if api_keys:
            params.api_keys = api_keys
        if listen:  # serving other processes (scripts/serve_decoder.py); by default a random loopback port
            params.hostnames, params.port = [listen[0]], listen[1]
        try:
            self.server = xllamacpp.Server(params)
        except Exception as exc:
            raise EngineError(f"llama.cpp could not load {gguf_path}: {exc}") from exc
        self.address = self.server.listening_address

    def describe(self) -> str:
        return f"llama.cpp (xllamacpp {self.version}), {self.slots} slots, {self.threads} threads"

    def _handler(self, request: Request):
        return self.server.handle_completions if request.prompt is not None else self.server.handle_chat_completions

    def stream_many(self, request: Request, n: int) -> list[Stream]:
        """`n` completions in one request (`n_cmpl`): the server reads the prompt in one slot, then copies its
        KV cache to the other slots, each of which samples with a seed of its own."""
        if n <= 1:
            return [self.stream(request)]
        self.check_fits(request)
        streams = []
        for first in range(0, n, self.slots):  # the server takes at most one completion per slot in a request
            size, part = min(self.slots, n - first), replace(request, seed=request.seed + first)
            streams += SharedPrompt(self._producer(part, n_cmpl=size), part, size).streams
        return streams

    def _producer(self, request: Request, n_cmpl: int = 1) -> Producer:
        body, handler = request_body(request, stream=True), self._handler(request)
        if n_cmpl > 1:
            body["n_cmpl"] = n_cmpl

        def produce(on_chunk) -> None:
            answer = handler(body, on_chunk)
            if isinstance(answer, dict) and answer.get("error"):
                raise EngineError(str(answer["error"].get("message", answer["error"])))

        return produce

    def _next_token_probs(self, request: Request, after_sampling: bool) -> list[tuple[str, float]]:
        body = {**request_body(request, stream=False), "post_sampling_probs": after_sampling}
        answer = self._handler(request)(body)
        if answer.get("error"):
            raise EngineError(str(answer["error"].get("message", answer["error"])))
        first = answer["choices"][0]["logprobs"]["content"][0]
        if after_sampling:
            return [(t["token"], float(t["prob"])) for t in first.get("top_probs") or []]
        return [(t["token"], math.exp(t["logprob"])) for t in first.get("top_logprobs") or []]

    def _http(self, path: str, payload: dict) -> dict:
        request = urllib.request.Request(self.address + path, data=json.dumps(payload).encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())

    def tokenize(self, text: str) -> list[tuple[int, str]]:
        """Example: "Hello Lisbon" -> [(19556, "Hello"), (42944, " Lisbon")]"""
        return join_pieces(self._http("/tokenize", {"content": text, "with_pieces": True})["tokens"])

    def count_tokens(self, request: Request) -> int:
        if request.prompt is not None:
            return len(self.tokenize(request.prompt))
        prompt = self._http("/apply-template", {"messages": request.chat()})["prompt"]
        return len(self._http("/tokenize", {"content": prompt, "parse_special": True})["tokens"])

    def metrics(self) -> str:
        """Prometheus counters of the server, e.g. llamacpp:n_decode_total."""
        with urllib.request.urlopen(self.address + "/metrics", timeout=10) as response:
            return response.read().decode()
