"""Tokens and context windows: how the app's tokenizers cut event text, and what fits in a window."""
from __future__ import annotations

from dataclasses import dataclass

from core.models import tokenizer_lock

WELL_KNOWN_WINDOWS = {"BERT-style 512": 512, "2k": 2048, "8k": 8192, "128k": 131_072, "200k": 200_000}


@dataclass(frozen=True)
class Token:
    text: str  # as it appears in the input (spaces kept)
    id: int


def tokenize(tokenizer, text: str) -> list[Token]:
    """Each token with the exact slice of text it covers, using the tokenizer's offsets.

    Example (MiniLM WordPiece): "Keynotes!" -> [Token("Key", 3145), Token("notes", 5090), Token("!", 999)]
    """
    with tokenizer_lock(tokenizer):
        enc = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
    return [Token(text[a:b] or tokenizer.convert_ids_to_tokens(i), i) for i, (a, b) in zip(enc["input_ids"], enc["offset_mapping"])]


def count(tokenizer, texts: list[str]) -> list[int]:
    with tokenizer_lock(tokenizer):
        return [len(ids) for ids in tokenizer(texts, add_special_tokens=False)["input_ids"]]


def fits(counts: list[int], windows: dict[str, int]) -> list[dict]:
    """For each window: does the whole list fit, and how many items fit if read in order.

    Example: counts [300, 300, 300], windows {"512": 512} -> [{"window": "512", "tokens": 512, "fits_all": False, "items_that_fit": 1}]
    """
    rows = []
    for name, size in windows.items():
        running, fitted = 0, 0
        for c in counts:
            if running + c > size:
                break
            running += c
            fitted += 1
        rows.append({"window": name, "tokens": size, "fits_all": sum(counts) <= size, "items_that_fit": fitted,
                     "share_used": min(1.0, sum(counts) / size)})
    return rows


def tokenize_with_engine(engine, text: str) -> list[Token]:
    """The decoder's own tokens, from the engine that runs it (llama.cpp's tokenizer for the GGUF)."""
    return [Token(piece, token_id) for token_id, piece in engine.tokenize(text)] if text else []


def count_with_engine(engine, texts: list[str]) -> list[int]:
    return [len(engine.tokenize(t)) if t else 0 for t in texts]
