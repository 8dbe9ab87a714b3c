"""Sentence embeddings with a content-keyed cache, so re-visiting or re-uploading an agenda costs nothing.

    vectors = embed(["A pandas tutorial", "Keynote on community"])   # shape (2, 384), rows of length 1
"""
from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from typing import Callable

import numpy as np

from core.cache import MODELS

MODEL_NAME = "embedder"
CHUNK = 256  # texts per progress step: small enough to report progress, large enough to batch well
_CACHE_LIMIT = 50_000
_cache: OrderedDict[str, np.ndarray] = OrderedDict()
_cache_lock = threading.Lock()

Progress = Callable[[int, int], None]  # (done, total)


def _key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def embed(texts: list[str], batch_size: int = 64, progress: Progress | None = None) -> np.ndarray:
    """One L2-normalised row per text; texts already embedded in this process come from the cache."""
    keys = [_key(t) for t in texts]
    with _cache_lock:
        missing = list(dict.fromkeys(k for k in keys if k not in _cache))
    if missing:
        by_key = dict(zip(keys, texts))
        # sort by length across all chunks, so each batch pads to similar lengths (encode only sorts within a call)
        missing.sort(key=lambda k: len(by_key[k]))
        model = MODELS.get(MODEL_NAME)
        for start in range(0, len(missing), CHUNK):
            chunk = missing[start:start + CHUNK]
            vectors = model.encode([by_key[k] for k in chunk], batch_size=batch_size,
                                   normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
            with _cache_lock:
                for k, v in zip(chunk, vectors.astype(np.float32)):
                    _cache[k] = v
                while len(_cache) > _CACHE_LIMIT:
                    _cache.popitem(last=False)
            if progress:
                progress(min(start + CHUNK, len(missing)), len(missing))
    if not keys:
        return np.empty((0, 0), dtype=np.float32)  # no model load just to learn the width of nothing
    with _cache_lock:
        return np.stack([_cache[k] for k in keys])


def cached_count() -> int:
    return len(_cache)


def clear_cache() -> None:
    with _cache_lock:
        _cache.clear()
