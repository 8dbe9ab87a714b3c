"""Real attention weights from the app's encoder and decoder, for the attention page.

PyTorch's fused attention kernel (SDPA) does not return its weights, so the model switches to the eager
implementation for the one forward pass, under a lock, and switches back. Both compute the same result.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
import torch

from core.models import MODELS, tokenizer_lock

_switch = threading.Lock()


@dataclass
class Attention:
    tokens: list[str]
    weights: np.ndarray  # (layers, heads, query, key), rows sum to 1


def _eager_forward(model, **inputs):
    with _switch:
        previous = model.config._attn_implementation
        model.set_attn_implementation("eager")
        try:
            with torch.inference_mode():
                return model(**inputs, output_attentions=True)
        finally:
            model.set_attn_implementation(previous)


def _labels(tokenizer, ids: list[int]) -> list[str]:
    return [tokenizer.decode([i]).replace(" ", "␣") or f"<{i}>" for i in ids]


def encoder_attention(text: str) -> Attention:
    st_model = MODELS.get("embedder")
    bert = st_model[0].auto_model
    with tokenizer_lock(st_model.tokenizer):
        enc = st_model.tokenizer(text, return_tensors="pt", truncation=True, max_length=64)
    out = _eager_forward(bert, **enc)
    ids = enc["input_ids"][0].tolist()
    return Attention(_labels(st_model.tokenizer, ids), torch.stack(out.attentions)[:, 0].float().numpy())


def decoder_attention(text: str) -> tuple[Attention, list[dict]]:
    """Attention of the decoder over the sentence (each token sees only earlier ones), and its real
    next-token probabilities after the sentence: [{"token", "probability"}] for the top 10."""
    lm = MODELS.get("decoder_torch")  # llama.cpp does not expose attention weights; PyTorch does
    with tokenizer_lock(lm.tokenizer):
        ids = lm.tokenizer(text, return_tensors="pt", truncation=True, max_length=64)["input_ids"]
    out = _eager_forward(lm.model, input_ids=ids)
    probs = torch.softmax(out.logits[0, -1].float(), dim=-1)
    top = torch.topk(probs, 10)
    nxt = [{"token": lm.tokenizer.decode([i]).replace(" ", "␣"), "probability": float(p)}
           for i, p in zip(top.indices.tolist(), top.values.tolist())]
    return Attention(_labels(lm.tokenizer, ids[0].tolist()), torch.stack(out.attentions)[:, 0].float().numpy()), nxt


def looks_at(att: Attention, query: int, layer: int, head: int | None = None, top: int = 5) -> list[tuple[str, float]]:
    """Which tokens one token attends to most, in one layer (one head, or averaged over heads).

    Example: for "it" in the pink-elephant sentence -> [("elephant", 0.31), ("car", 0.12), ...]
    """
    w = att.weights[layer, head] if head is not None else att.weights[layer].mean(axis=0)
    row = w[query]
    order = np.argsort(-row)[:top]
    return [(att.tokens[i], float(row[i])) for i in order]
