"""Text generation with the decoder: a token-by-token loop that streams text and uses `core.sampling`, so
the "Why this word?" view shows exactly the distribution the text was drawn from.

    run = stream(MODELS.get("decoder"), prompt_ids(lm, Brief(title="Pandas 101")), Sampling(), 120, seed=1)
    text = "".join(run)          # pieces arrive as they are generated
    run.result.tokens_per_second
"""
from __future__ import annotations

import inspect
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Iterator

import torch

from core import sampling
from core.copywriting import Brief, clean_ending, messages, opening
from core.loaders import CausalLM


class ContextWindowError(ValueError):
    """The prompt plus the requested new tokens do not fit the model's context window."""


@dataclass
class GenerationResult:
    text: str = ""  # cleaned: no sentence cut off by the token limit
    raw_text: str = ""
    token_ids: list[int] = field(default_factory=list)
    prompt_tokens: int = 0
    seconds: float = 0.0
    truncated: bool = False  # stopped by max_new_tokens rather than by the model

    @property
    def tokens_per_second(self) -> float:
        return len(self.token_ids) / self.seconds if self.seconds else 0.0


@dataclass(frozen=True)
class Prompt:
    ids: list[int]  # chat template, then the opening words of the reply
    opening_tokens: int = 0  # how many of the last ids are the reply's opening, shown as part of the text


def prompt_ids(lm: CausalLM, brief: Brief) -> Prompt:
    encoded = lm.tokenizer.apply_chat_template(messages(brief), add_generation_prompt=True, tokenize=True)
    if hasattr(encoded, "keys"):  # some tokenizers return a BatchEncoding
        encoded = encoded["input_ids"]
    start = lm.tokenizer(opening(brief), add_special_tokens=False)["input_ids"]
    return Prompt(list(encoded) + list(start), len(start))


def check_fits(lm: CausalLM, n_prompt: int, max_new_tokens: int) -> None:
    if n_prompt + max_new_tokens > lm.context_window:
        raise ContextWindowError(
            f"The prompt is {n_prompt:,} tokens and you asked for {max_new_tokens:,} more, but this model reads at "
            f"most {lm.context_window:,} tokens at once. Shorten the background text or lower the token limit.")


def _stop_ids(lm: CausalLM) -> set[int]:
    ids = {lm.tokenizer.eos_token_id}
    for token in ("<|im_end|>", "<|endoftext|>"):
        token_id = lm.tokenizer.convert_tokens_to_ids(token)
        if isinstance(token_id, int) and token_id != lm.tokenizer.unk_token_id:
            ids.add(token_id)
    return {i for i in ids if i is not None}


class Stream:
    """Iterate to receive text pieces; afterwards `.result` holds the full text and the timing."""

    def __init__(self, lm: CausalLM, prompt: Prompt, settings: sampling.Sampling, max_new_tokens: int,
                 seed: int, repetition_penalty: float):
        ids = prompt.ids
        check_fits(lm, len(ids), max_new_tokens)
        self.lm, self.ids, self.settings = lm, ids, settings
        self.opening = ids[len(ids) - prompt.opening_tokens:] if prompt.opening_tokens else []
        self.max_new_tokens, self.seed, self.penalty = max_new_tokens, seed, repetition_penalty
        self.result = GenerationResult(prompt_tokens=len(ids))

    def __iter__(self) -> Iterator[str]:
        generator = torch.Generator().manual_seed(self.seed)
        stop, out = _stop_ids(self.lm), self.result.token_ids
        shown = self.lm.tokenizer.decode(self.opening, skip_special_tokens=True)
        if shown:
            yield shown
        start = time.perf_counter()
        with torch.inference_mode():
            past, step_input = None, torch.tensor([self.ids])
            for _ in range(self.max_new_tokens):
                output = self.lm.model(input_ids=step_input, cache=past, use_cache=True, **last_logits_only(self.lm))
                past = output.cache
                logits = sampling.penalise_repeats(output.logits[0, -1], out, self.penalty)
                token = sampling.pick(logits, self.settings, generator)
                if token in stop:
                    break
                out.append(token)
                text = self.lm.tokenizer.decode(self.opening + out, skip_special_tokens=True)
                if not text.endswith("\ufffd"):  # wait for the rest of a multi-byte character
                    yield text[len(shown):]
                    shown = text
                step_input = torch.tensor([[token]])
            else:
                self.result.truncated = True
        self.result.seconds = time.perf_counter() - start
        self.result.raw_text = self.lm.tokenizer.decode(self.opening + out, skip_special_tokens=True)
        self.result.text = clean_ending(self.result.raw_text, self.result.truncated)


def stream(lm: CausalLM, prompt: Prompt, settings: sampling.Sampling, max_new_tokens: int = 160, seed: int = 0,
           repetition_penalty: float = 1.1) -> Stream:
    return Stream(lm, prompt, settings, max_new_tokens, seed, repetition_penalty)


def generate(lm: CausalLM, brief: Brief, settings: sampling.Sampling, max_new_tokens: int = 160, seed: int = 0,
             repetition_penalty: float = 1.1) -> GenerationResult:
    """The whole text at once (batch mode and tests)."""
    run = stream(lm, prompt_ids(lm, brief), settings, max_new_tokens, seed, repetition_penalty)
    for _ in run:
        pass
    return run.result


def token_label(lm: CausalLM, token_id: int) -> str:
    """A token as a reader can see it: leading spaces as '␣', newlines as '⏎'."""
    text = lm.tokenizer.decode([token_id])
    return text.replace(" ", "␣").replace("\n", "⏎") or f"<{token_id}>"


def last_logits_only(lm: CausalLM) -> dict:
    """Ask for the last position's logits only, where the model supports it: the output head is a fifth of
    SmolLM2's compute per token, wasted on every prompt position but the last."""
    if "logits_to_keep" in inspect.signature(lm.model.forward).parameters:
        return {"logits_to_keep": 1}
    return {}


_LOGITS_KEPT = 64
_logits: OrderedDict[tuple, torch.Tensor] = OrderedDict()
_logits_lock = threading.Lock()


def next_logits(lm: CausalLM, ids: list[int]) -> torch.Tensor:
    """The model's scores for the token after `ids`, remembered for the last 64 contexts.

    Moving the temperature, top-k or top-p slider reruns the page but leaves the context as it was: the
    chart then re-ranks remembered scores instead of running the model again (0.7 s for a long prompt)."""
    key = (id(lm.model), tuple(ids))
    with _logits_lock:
        if key in _logits:
            _logits.move_to_end(key)
            return _logits[key]
    with torch.inference_mode():
        logits = lm.model(input_ids=torch.tensor([ids]), **last_logits_only(lm)).logits[0, -1]
    with _logits_lock:
        _logits[key] = logits
        while len(_logits) > _LOGITS_KEPT:
            _logits.popitem(last=False)
    return logits


def next_token_view(lm: CausalLM, ids: list[int], settings: sampling.Sampling, top_n: int = 15,
                    generated: list[int] | None = None) -> list[dict]:
    """The model's real next-token distribution after `ids`, as plain rows for a chart.

    Each row: token, id, p_raw (softmax at T=1), p_tempered (softmax(logits/T)), status ("kept",
    "cut by top-k", "cut by top-p") and p_final (what sampling draws from; 0 when cut).
    """
    logits = sampling.penalise_repeats(next_logits(lm, ids), generated or [], 1.0)
    raw = torch.softmax(logits.float(), dim=-1)
    hot = sampling.tempered(logits, settings.temperature)
    by_k = sampling.keep_mask(hot, settings.top_k, 1.0)
    by_kp = sampling.keep_mask(hot, settings.top_k, settings.top_p)
    final = sampling.probabilities(logits, settings.temperature, settings.top_k, settings.top_p)
    rows = []
    for token_id in torch.topk(hot, top_n).indices.tolist():
        status = "kept" if by_kp[token_id] else ("cut by top-k" if not by_k[token_id] else "cut by top-p")
        rows.append({"token": token_label(lm, token_id), "id": token_id, "p_raw": float(raw[token_id]),
                     "p_tempered": float(hot[token_id]), "status": status, "p_final": float(final[token_id])})
    return rows
