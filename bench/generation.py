"""Decoder speed: the app's generation path against plain `model.generate`, same SmolLM2 GGUF, one run.

    .venv/bin/python bench/generation.py [--tokens 96]

Prints tokens/s for each setup, the wait for the first word on a long brief (a ~300-token prompt: the demo's
abstract as notes), and its quality cost, measured as top-1 agreement with the fp32 model
while both read the fp32 model's own greedy continuation (teacher forcing), and the mean KL divergence.
Last line: speedup_vs_plain_generate: <app path tok/s> / <plain fp32 generate tok/s>.
"""
from __future__ import annotations

import argparse
import copy
import importlib.util
import time

from common import machine

import torch

from core.copywriting import Brief
from core.events import load_demo_event
from core.generation import Prompt, prompt_ids, stream
from core.memory import tensor_footprint
from core.loaders import CausalLM, decoder_precision, load_causal_lm, to_precision
from core.registry import get_spec, resolve
from core.sampling import Sampling

BRIEFS = [
    Brief(title="Pandas for Event Analytics", speakers="Amara Okafor (Head of Data)", event="Harbourline Summit"),
    Brief(title="Kubernetes Cost Control for Small Teams", speakers="Rafael Souza", kind="social"),
    Brief(title="Accessibility First", speakers="Grace Mensah", format="keynote", tone="professional"),
]


def app_tokens_per_second(lm: CausalLM, prompts: list[Prompt], n: int) -> float:
    total_tokens, total_seconds = 0, 0.0
    for prompt in prompts:
        run = stream(lm, prompt, Sampling(greedy=True), n)
        for _ in run:
            pass
        total_tokens += len(run.result.token_ids)
        total_seconds += run.result.seconds
    return total_tokens / total_seconds


def first_word_seconds(lm: CausalLM, prompt: Prompt, repeats: int = 2) -> float:
    """Best of a few: from the start of a stream to the first generated word (the prompt's forward pass)."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in stream(lm, prompt, Sampling(greedy=True), 1):
            pass
        best = min(best, time.perf_counter() - start)
    return best


def long_brief() -> Brief:
    talk = load_demo_event().agenda.iloc[0]
    return Brief(title=talk["title"], speakers=talk["speakers"], event="Harbourline Tech Summit 2026",
                 notes=talk["abstract"], keywords="festival, data, operations")


def plain_generate_tokens_per_second(lm: CausalLM, prompts: list[Prompt], n: int) -> float:
    total_tokens, total_seconds = 0, 0.0
    for prompt in prompts:
        ids = torch.tensor([prompt.ids])
        start = time.perf_counter()
        out = lm.model.generate(ids, max_new_tokens=n, do_sample=False, pad_token_id=lm.tokenizer.eos_token_id)
        total_seconds += time.perf_counter() - start
        total_tokens += out.shape[1] - ids.shape[1]
    return total_tokens / total_seconds


def agreement(reference: CausalLM, candidate: CausalLM, prompts: list[Prompt], n: int) -> tuple[float, float]:
    """(top-1 agreement, mean KL(reference || candidate)) along the reference's greedy continuation."""
    agree, kl, count = 0, 0.0, 0
    with torch.inference_mode():
        for prompt in prompts:
            ids = torch.tensor([prompt.ids])
            full = reference.model.generate(ids, max_new_tokens=n, do_sample=False,
                                            pad_token_id=reference.tokenizer.eos_token_id)
            ref = torch.log_softmax(reference.model(full).logits[0, ids.shape[1] - 1:-1].float(), -1)
            cand = torch.log_softmax(candidate.model(full).logits[0, ids.shape[1] - 1:-1].float(), -1)
            agree += int((ref.argmax(-1) == cand.argmax(-1)).sum())
            kl += float((ref.exp() * (ref - cand)).sum())
            count += ref.shape[0]
    return agree / count, kl / count


def llama_cpp_tokens_per_second(prompts: list[Prompt], n: int) -> float | None:
    if importlib.util.find_spec("llama_cpp") is None:
        return None
    from llama_cpp import Llama

    source = resolve(get_spec("decoder"))
    llm = Llama(model_path=f"{source.location}/{source.gguf_file}", n_ctx=2048, verbose=False)
    tokens, seconds = 0, 0.0
    for prompt in prompts:
        start = time.perf_counter()
        out = llm(prompt=llm.detokenize(prompt.ids).decode("utf-8", "ignore"), max_tokens=n, temperature=0)
        seconds += time.perf_counter() - start
        tokens += out["usage"]["completion_tokens"]
    return tokens / seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tokens", type=int, default=96)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    start = time.perf_counter()
    import os
    os.environ["EVENTS_LLM_DECODER_PRECISION"] = "fp32"
    fp32 = load_causal_lm(resolve(get_spec("decoder")))
    print(f"load_fp32_seconds: {time.perf_counter() - start:.1f}")
    del os.environ["EVENTS_LLM_DECODER_PRECISION"]
    prompts = [prompt_ids(fp32, b) for b in BRIEFS]
    variants = {"fp32": fp32}
    for name, precision, head in [("bf16", "bf16", False), ("int8 (blocks)", "int8", False),
                                  ("int8 (blocks + head)", "int8", True)]:
        variants[name] = CausalLM(to_precision(copy.deepcopy(fp32.model), precision, head), fp32.tokenizer,
                                  fp32.context_window)
    # bf16 all the way, prompt included: what the default was before the prompt ran in fp32
    variants["bf16, prompt in bf16 too"] = CausalLM(copy.deepcopy(fp32.model).to(torch.bfloat16), fp32.tokenizer,
                                                    fp32.context_window)
    long_prompt = prompt_ids(fp32, long_brief())

    for lm in variants.values():  # warm-up: first calls allocate buffers and pick kernels
        app_tokens_per_second(lm, prompts[:1], 8)
    # Interleaved rounds, best of each: a burst of load on the machine hits every setup alike.
    plain, app_speed = 0.0, dict.fromkeys(variants, 0.0)
    for _ in range(args.rounds):
        plain = max(plain, plain_generate_tokens_per_second(fp32, prompts, args.tokens))
        for name, lm in variants.items():
            app_speed[name] = max(app_speed[name], app_tokens_per_second(lm, prompts, args.tokens))
    print(f"\nfirst word on a long brief: a {len(long_prompt.ids)}-token prompt")
    print(f"\n{'setup':36} {'tok/s':>7} {'vs plain':>9} {'first word s':>12} {'top-1 agree':>12} {'KL':>8} "
          f"{'weights MB':>11}")
    print(f"{'plain model.generate (fp32)':36} {plain:7.1f} {1.0:8.2f}x {'':>12} {'1.000':>12} {0.0:8.4f} "
          f"{tensor_footprint(fp32.model)[1]:11.0f}")
    for name, lm in variants.items():
        speed = app_speed[name]
        agree, kl = agreement(fp32, lm, prompts, args.tokens) if lm is not fp32 else (1.0, 0.0)
        print(f"{'app loop, ' + name:36} {speed:7.1f} {speed / plain:8.2f}x {first_word_seconds(lm, long_prompt):12.2f} "
              f"{agree:12.3f} {kl:8.4f} {tensor_footprint(lm.model)[1]:11.0f}")
    llama = llama_cpp_tokens_per_second(prompts, args.tokens)
    print(f"llama.cpp on the same GGUF: {f'{llama:.1f} tok/s' if llama else 'not installed (llama_cpp not importable)'}")
    default = {"fp32": "fp32", "bf16": "bf16", "int8": "int8 (blocks)"}[decoder_precision()]
    print(f"app default precision: {default}")
    print(f"speedup_vs_plain_generate: {app_speed[default] / plain:.2f}x")


if __name__ == "__main__":
    main()
