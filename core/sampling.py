"""How temperature, top-k and top-p reshape a next-token distribution. Pure torch, no model: the maths the
engine applies, written out for the concept views and checked against the engine in the tests.

The order follows transformers' logits processors: temperature first, then top-k, then top-p
(nucleus), then renormalise.

    >>> probabilities(torch.tensor([2.0, 1.0, 0.0]), temperature=1.0, top_k=2)
    tensor([0.7311, 0.2689, 0.0000])
"""
from __future__ import annotations

import torch

from core.models.engine import Sampling  # noqa: F401  (the settings live with the engine that applies them)


def tempered(logits: torch.Tensor, temperature: float) -> torch.Tensor:
    """softmax(logits / T). T < 1 sharpens, T > 1 flattens."""
    return torch.softmax(logits.float() / max(temperature, 1e-5), dim=-1)


def keep_mask(probs: torch.Tensor, top_k: int = 0, top_p: float = 1.0) -> torch.Tensor:
    """Which tokens survive top-k and top-p, given already-tempered probabilities.

    Top-p keeps the smallest set of most likely tokens whose probability adds up to at least p (the token
    that crosses p is kept). Example: probs [0.5, 0.3, 0.2], top_p 0.7 -> keep [True, True, False].
    """
    keep = torch.ones_like(probs, dtype=torch.bool)
    if 0 < top_k < probs.numel():
        kth = torch.topk(probs, top_k).values[-1]
        keep &= probs >= kth
    if top_p < 1.0:
        sorted_probs, order = torch.sort(probs, descending=True)
        before = torch.cumsum(sorted_probs, dim=-1) - sorted_probs  # mass of the more likely tokens
        keep_sorted = before < top_p
        keep_sorted[0] = True
        nucleus = torch.zeros_like(keep)
        nucleus[order] = keep_sorted
        keep &= nucleus
    return keep


def probabilities(logits: torch.Tensor, temperature: float = 1.0, top_k: int = 0, top_p: float = 1.0) -> torch.Tensor:
    """The distribution a token is actually drawn from: tempered, filtered, renormalised to sum to 1."""
    probs = tempered(logits, temperature)
    probs = probs * keep_mask(probs, top_k, top_p)
    return probs / probs.sum()


def pick(logits: torch.Tensor, settings: Sampling, generator: torch.Generator | None = None) -> int:
    if settings.greedy:
        return int(torch.argmax(logits))
    probs = probabilities(logits, settings.temperature, settings.top_k, settings.top_p)
    return int(torch.multinomial(probs, 1, generator=generator))


def penalise_repeats(logits: torch.Tensor, token_ids: list[int], penalty: float) -> torch.Tensor:
    """CTRL-style repetition penalty on tokens already generated (not on the prompt, whose names and
    titles the copy should repeat). Positive logits are divided, negative ones multiplied."""
    if penalty == 1.0 or not token_ids:
        return logits
    logits = logits.clone()
    ids = torch.tensor(sorted(set(token_ids)))
    seen = logits[ids]
    logits[ids] = torch.where(seen > 0, seen / penalty, seen * penalty)
    return logits
