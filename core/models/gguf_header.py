"""The parameter count of a GGUF file, read from its header alone.

The Model status page shows each model's parameters. `gguf.GGUFReader` builds a numpy view for every value of
the file's metadata, including the ~100,000 strings of the tokenizer's vocabulary and merges: 3.4 s of both
cores for SmolLM2-135M, seven times what llama.cpp takes to load the model itself, spent just as the first
click waits for the decoder. This walks the same header with `struct`, skipping the metadata by length, and
reads only the tensors' shapes (format: github.com/ggml-org/ggml/blob/master/docs/gguf.md).

    parameters("SmolLM2-135M-Instruct-Q4_1.gguf")  -> 134515008
"""
from __future__ import annotations

import math
import struct
from pathlib import Path

MAGIC = b"GGUF"
# Metadata value types (the spec's gguf_metadata_value_type) and their sizes; 8 is a string, 9 an array
_FIXED = {0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8}
_STRING, _ARRAY = 8, 9


class GGUFHeaderError(ValueError):
    """The file is not a GGUF file this reader understands."""


class _Cursor:
    def __init__(self, data: bytes) -> None:
        self.data, self.at = data, 0

    def take(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self.data, self.at)
        self.at += struct.calcsize("<" + fmt)
        return values

    def skip_string(self) -> None:
        (length,) = self.take("Q")
        self.at += length

    def skip_value(self, kind: int) -> None:
        if kind in _FIXED:
            self.at += _FIXED[kind]
        elif kind == _STRING:
            self.skip_string()
        elif kind == _ARRAY:
            item, count = self.take("IQ")
            if item in _FIXED:
                self.at += _FIXED[item] * count
            else:
                for _ in range(count):
                    self.skip_value(item)
        else:
            raise GGUFHeaderError(f"unknown metadata type {kind}")


def parameters(path: str | Path) -> int:
    """The number of weights in all the file's tensors."""
    with open(path, "rb") as f:
        head = f.read(24)
        if len(head) < 24 or head[:4] != MAGIC:
            raise GGUFHeaderError(f"{Path(path).name} is not a GGUF file")
        version, tensors, entries = struct.unpack_from("<IQQ", head, 4)
        if version < 2:
            raise GGUFHeaderError(f"GGUF version {version} is too old (32-bit lengths)")
        size, chunk = Path(path).stat().st_size, 1 << 22
        data = head + f.read(chunk)
        while True:  # the header's length is known only once read: grow the buffer until it holds it all
            try:
                return _count(_Cursor(data), tensors, entries)
            except struct.error:
                if len(data) >= size:
                    raise GGUFHeaderError(f"{Path(path).name} ends inside its header") from None
                chunk *= 2
                data += f.read(chunk)


def _count(cursor: _Cursor, tensors: int, entries: int) -> int:
    cursor.at = 24
    for _ in range(entries):
        cursor.skip_string()  # the key
        (kind,) = cursor.take("I")
        cursor.skip_value(kind)
    total = 0
    for _ in range(tensors):
        cursor.skip_string()  # the tensor's name
        (dims,) = cursor.take("I")
        total += math.prod(cursor.take(f"{dims}Q"))
        cursor.take("IQ")  # its type and offset
    return total
