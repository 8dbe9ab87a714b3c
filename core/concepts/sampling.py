"""How temperature, top-k and top-p reshape a next-token distribution. Pure torch, no model: the maths the
engine applies, written out for the concept views and checked against the engine in the tests. The "Why this
word?" view uses it where the engine reports only the model's own probabilities (a server reached by URL).

The order follows transformers' logits processors: temperature first, then top-k, then top-p (nucleus) on
what top-k left, then renormalise.

    >>> probabilities(torch.tensor([2.0, 1.0, 0.0]), temperature=1.0, top_k=2)
    tensor([0.7311, 0.2689, 0.0000])
"""
from __future__ import annotations

import torch

from core.models import Sampling, status_of


def tempered(logits: torch.Tensor, temperature: float) -> torch.Tensor:
    """softmax(logits / T). T < 1 sharpens, T > 1 flattens."""
    return torch.softmax(logits.float() / max(temperature, 1e-5), dim=-1)


def keep_mask(probs: torch.Tensor, top_k: int = 0, top_p: float = 1.0) -> torch.Tensor:
    """Which tokens survive top-k and top-p, given already-tempered probabilities.

    Top-k keeps the k most likely tokens. Top-p then keeps the smallest set of the most likely survivors whose
    probability, renormalised over the survivors, adds up to at least p (the token that crosses p is kept), as
    transformers' and llama.cpp's samplers do. Example: probs [0.5, 0.3, 0.2], top_p 0.7 -> [True, True, False].
    """
    keep = torch.ones_like(probs, dtype=torch.bool)
    if 0 < top_k < probs.numel():
        kth = torch.topk(probs, top_k).values[-1]
        keep &= probs >= kth
    if top_p < 1.0:
        survivors = probs * keep
        sorted_probs, order = torch.sort(survivors / survivors.sum(), descending=True)
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


def after_settings(rows: list[dict], sampling: Sampling) -> list[dict]:
    """Next-token rows (token, rank, p_raw; see `Engine.next_token`) with `p_final` and `status` worked out here
    from the model's own probabilities, for an engine that cannot report them after sampling.

    Only the tokens listed are counted, so where top-k is larger than the list or top-p reaches past it, the
    result leaves out the rest of the vocabulary: rows say `computed: True` so a view can say so.
    Example: p_raw [0.5, 0.3, 0.2], greedy -> p_final [1.0, 0.0, 0.0], statuses kept, cut by greedy, cut by greedy
    """
    if not rows:
        return []
    raw = torch.tensor([max(r["p_raw"], 1e-12) for r in rows])
    if sampling.greedy:
        final = (torch.arange(len(rows)) == int(torch.argmax(raw))).float()
    else:
        final = probabilities(torch.log(raw), sampling.temperature, sampling.top_k, sampling.top_p)
    out = []
    for row, p in zip(rows, final.tolist()):
        out.append({**row, "p_final": p, "status": status_of(row["rank"] - 1, p, sampling), "computed": True})
    return out
