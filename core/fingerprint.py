"""One content key for everything the app caches or remembers by content: the same content gives the same key
in every process and on every machine, different content a different key.

    content_key("Keynote")                      -> "3f8a…" (40 hex digits)
    content_key(sessions_frame)                 # a DataFrame: its columns, index and values
    content_key("Report title", ["a", "b"])     # several parts at once
"""
from __future__ import annotations

import hashlib

import pandas as pd


def content_key(*parts) -> str:
    digest = hashlib.sha1()
    for part in parts:
        digest.update(_bytes(part))
        digest.update(b"\x1e")  # a separator: ("ab", "c") and ("a", "bc") must not share a key
    return digest.hexdigest()


def _bytes(part) -> bytes:
    if isinstance(part, bytes):
        return part
    if isinstance(part, str):
        return part.encode("utf-8")
    if isinstance(part, (pd.DataFrame, pd.Series)):
        columns = "\x1f".join(map(str, part.columns)) if isinstance(part, pd.DataFrame) else str(part.name)
        values = pd.util.hash_pandas_object(part.astype(str), index=True).to_numpy().tobytes()
        return columns.encode("utf-8") + b"\x1d" + values
    if isinstance(part, (list, tuple)):
        return b"\x1f".join(_bytes(p) for p in part)
    return repr(part).encode("utf-8")
