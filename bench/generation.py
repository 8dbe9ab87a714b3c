"""Decoder speed: the app's path (core, llama.cpp engine) against raw xllamacpp on the same GGUF and settings,
and against plain transformers fp32 `generate` on that GGUF de-quantised. One process, interleaved rounds.

    .venv/bin/python bench/generation.py [--tokens 128] [--rounds 2]

Every path writes greedily to the same chat prompts (and the same reply opening), up to --tokens new tokens,
stopping at end-of-text as the app does; tok/s counts the whole request, prompt included. Also prints the
wait for the first word on a long brief.
Last lines: speedup_vs_plain_generate: <app tok/s> / <generate tok/s>; app_vs_raw_llamacpp: <app> / <raw>.
"""
from __future__ import annotations

import time
from pathlib import Path

from common import options

from core.descriptions.brief import Brief, brief_for, copy_request
from core.store.demo import load_demo_event
from core.models.cache import MODELS
from core.models.engines import Sampling
from core.models.engines.llamacpp import request_body
from core.models.registry import get_spec, resolve

BRIEFS = [
    Brief(title="Pandas for Event Analytics", speakers="Amara Okafor (Head of Data)", event="Harbourline Summit"),
    Brief(title="Kubernetes Cost Control for Small Teams", speakers="Rafael Souza", kind="social"),
    Brief(title="Accessibility First", speakers="Grace Mensah", format="keynote", tone="professional"),
]


def app_path(engine, requests) -> tuple[int, float]:
    tokens, start = 0, time.perf_counter()
    for request in requests:
        run = engine.stream(request)  # what the page does: check the window, stream, collect steps
        for _ in run:
            pass
        tokens += run.result.completion_tokens
    return tokens, time.perf_counter() - start


def raw_llamacpp(engine, requests) -> tuple[int, float]:
    """The same server, called directly with the same request bodies and no app code around it."""
    counted, start = [], time.perf_counter()
    for request in requests:
        engine.server.handle_chat_completions(request_body(request, stream=True),
                                              lambda chunk: counted.append(chunk.get("timings")) and False)
    return sum(t["predicted_n"] for t in counted if t), time.perf_counter() - start


def plain_generate(lm, requests) -> tuple[int, float]:
    import torch

    tokens, start = 0, time.perf_counter()
    for request in requests:
        ids = lm.tokenizer.apply_chat_template(request.chat()[:-1], add_generation_prompt=True, return_tensors="pt")
        ids = ids["input_ids"] if hasattr(ids, "keys") else ids
        prefix = lm.tokenizer(request.prefix, add_special_tokens=False, return_tensors="pt")["input_ids"]
        ids = torch.cat([ids, prefix], dim=1)
        with torch.inference_mode():
            out = lm.model.generate(ids, max_new_tokens=request.max_tokens, do_sample=False)
        tokens += out.shape[1] - ids.shape[1]
    return tokens, time.perf_counter() - start


def main() -> None:
    args = options(tokens=128, rounds=2)
    engine = MODELS.get("decoder")
    print(f"engine: {engine.describe()}")
    requests = [copy_request(b, Sampling(greedy=True), args.tokens) for b in BRIEFS]

    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    source = resolve(get_spec("decoder_torch"))
    start = time.perf_counter()
    model = AutoModelForCausalLM.from_pretrained(source.location, gguf_file=source.gguf_file, dtype=torch.float32)
    tokenizer = AutoTokenizer.from_pretrained(source.location, gguf_file=source.gguf_file)
    print(f"transformers fp32 load (GGUF de-quantised): {time.perf_counter() - start:.1f} s")
    lm = type("LM", (), {"model": model.eval(), "tokenizer": tokenizer})()

    best = {"app": 0.0, "raw": 0.0, "generate": 0.0}
    for round_ in range(args.rounds):
        for name, fn, target in (("raw", raw_llamacpp, engine), ("app", app_path, engine),
                                 ("generate", plain_generate, lm)):
            tokens, seconds = fn(target, requests)
            best[name] = max(best[name], tokens / seconds)
            print(f"round {round_ + 1}: {name:9s} {tokens} tokens in {seconds:.2f} s = {tokens / seconds:.1f} tok/s")

    first = []
    for talk in load_demo_event().agenda.head(3).itertuples():  # a new prompt each time: no prompt cache
        long_brief = brief_for(talk)
        run = engine.stream(copy_request(long_brief, Sampling(temperature=0.7), 8))
        for _ in run:
            pass
        first.append(run.result.first_token_seconds)
    print(f"first word on a {run.result.prompt_tokens}-token prompt (app path): best {min(first):.2f} s")
    print(f"tok/s, best round: app {best['app']:.1f}, raw xllamacpp {best['raw']:.1f}, "
          f"transformers generate {best['generate']:.1f}; GGUF {Path(engine.path).name}")
    print(f"speedup_vs_plain_generate: {best['app'] / best['generate']:.2f}x")
    print(f"app_vs_raw_llamacpp: {best['app'] / best['raw']:.2f}x")


if __name__ == "__main__":
    main()
