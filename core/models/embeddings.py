"""Sentence embeddings with a content-keyed cache, so re-visiting or re-uploading an agenda costs nothing.

    vectors = embed(["A pandas tutorial", "Keynote on community"])   # shape (2, 384), rows of length 1
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Callable

import numpy as np

from core.models.batching import length_batches
from core.fingerprint import content_key
from core.models.cache import MODELS
from core.models.locks import tokenizer_lock

MODEL_NAME = "embedder"
CHUNK = 256  # texts per progress report: often enough to see it move, rarely enough not to flood the page
_CACHE_LIMIT = 50_000
_cache: OrderedDict[str, np.ndarray] = OrderedDict()
_cache_lock = threading.Lock()

Progress = Callable[[int, int], None]  # (done, total)


def token_lengths(model, texts: list[str]) -> list[int]:
    """Tokens per text as the model will see them (cut at its maximum length)."""
    limit = model.max_seq_length or min(model.tokenizer.model_max_length, 512)
    with tokenizer_lock(model.tokenizer):
        return [len(ids) for ids in model.tokenizer(texts, truncation=True, max_length=limit)["input_ids"]]


def embed(texts: list[str], batch_size: int = 64, progress: Progress | None = None) -> np.ndarray:
    """One L2-normalised row per text; texts already embedded in this process come from the cache.

    Texts are batched by token length across the whole call (see core.models.batching), which keeps padding and
    memory small: 600 abstracts took ~400 MB above the start in batches of 64, ~150 MB in length-capped
    batches, and less time."""
    keys = [content_key(t) for t in texts]
    with _cache_lock:
        missing = list(dict.fromkeys(k for k in keys if k not in _cache))
    if missing:
        by_key = dict(zip(keys, texts))
        model = MODELS.get(MODEL_NAME)
        todo = [by_key[k] for k in missing]
        done = 0
        for batch in length_batches(token_lengths(model, todo), batch_size):
            with tokenizer_lock(model.tokenizer):  # encode pads with the shared tokenizer (see tokenizer_lock)
                vectors = model.encode([todo[i] for i in batch], batch_size=len(batch),
                                       normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
            with _cache_lock:
                for i, v in zip(batch, vectors.astype(np.float32)):
                    _cache[missing[i]] = v
                while len(_cache) > _CACHE_LIMIT:
                    _cache.popitem(last=False)
            before, done = done, done + len(batch)
            if progress and (done // CHUNK > before // CHUNK or done == len(missing)):
                progress(done, len(missing))
    if not keys:
        return np.empty((0, 0), dtype=np.float32)  # no model load just to learn the width of nothing
    with _cache_lock:
        return np.stack([_cache[k] for k in keys])


def clear_cache() -> None:
    with _cache_lock:
        _cache.clear()
