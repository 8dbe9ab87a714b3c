"""One lock per tokenizer, because a fast tokenizer is not safe to share between threads.

Hugging Face's fast tokenizers keep padding and truncation as settings on one Rust object, set afresh by
every call. Two threads using the same tokenizer at once (two users on a page, or one embedding while another
counts tokens) can each undo the other's settings: one call then returns rows of different lengths where it
asked for padded ones, and building the tensor fails ("Unable to create tensor ... excessive nesting"). The
models are shared by every session of the process, so every call that tokenises takes this lock first.

    with tokenizer_lock(model.tokenizer):
        ids = model.tokenizer(texts, truncation=True)["input_ids"]
"""
from __future__ import annotations

import threading

_locks: dict[int, threading.RLock] = {}
_guard = threading.Lock()


def tokenizer_lock(tokenizer) -> threading.RLock:
    """The lock for this tokenizer object (re-entrant, so a locked helper may call another)."""
    key = id(tokenizer)  # the models live as long as the process; a reused id after an unload only shares a lock
    with _guard:
        return _locks.setdefault(key, threading.RLock())
