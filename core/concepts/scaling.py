"""Chinchilla scaling and inference memory: the primer's rules of thumb as small, checked functions.

    chinchilla_tokens(70e9)            -> 1.4e12   (20 training tokens per parameter)
    training_flops(70e9, 2e12)         -> 8.4e23   (≈ 6 · N · D)
    weights_bytes(135e6, "int8")       -> 1.35e8
"""
from __future__ import annotations

from dataclasses import dataclass

TOKENS_PER_PARAMETER = 20
BYTES_PER_PARAMETER = {"fp32": 4.0, "fp16/bf16": 2.0, "int8": 1.0, "int4": 0.5}


def chinchilla_tokens(parameters: float) -> float:
    """Compute-optimal training tokens for a model of this size (Hoffmann et al., 2022)."""
    return TOKENS_PER_PARAMETER * parameters


def training_flops(parameters: float, tokens: float) -> float:
    """Forward and backward pass cost ≈ 6 floating-point operations per parameter per token."""
    return 6 * parameters * tokens


def undertrained_factor(parameters: float, tokens_seen: float) -> float:
    """How many times more tokens the model should have seen. Example: 175e9 on 300e9 -> 11.7"""
    return chinchilla_tokens(parameters) / tokens_seen


def weights_bytes(parameters: float, dtype: str) -> float:
    return parameters * BYTES_PER_PARAMETER[dtype]


@dataclass(frozen=True)
class Architecture:
    layers: int
    kv_heads: int
    head_dim: int


def kv_cache_bytes(arch: Architecture, context: int, batch: int, bytes_per_value: float) -> float:
    """Keys and values for every layer, KV head and position: 2 · layers · kv_heads · head_dim · context · batch.

    Example: SmolLM2-135M (30 layers, 3 KV heads of 64) at 8,192 tokens, batch 1, fp32
             -> 2 · 30 · 3 · 64 · 8192 · 4 B = 377,487,360 B ≈ 360 MiB
    """
    return 2 * arch.layers * arch.kv_heads * arch.head_dim * context * batch * bytes_per_value


# The primer's examples, with the figures it quotes.
EXAMPLES = [
    {"model": "GPT-3 (175B)", "parameters": 175e9, "tokens_seen": 300e9,
     "note": "trained on about 300B tokens; Chinchilla says 3.5T"},
    {"model": "Llama 2 70B", "parameters": 70e9, "tokens_seen": 2e12, "note": "2T tokens: past the 1.4T optimum"},
    {"model": "Chinchilla (70B)", "parameters": 70e9, "tokens_seen": 1.4e12, "note": "the compute-optimal recipe"},
    {"model": "SmolLM2-135M (this app)", "parameters": 135e6, "tokens_seen": 2e12,
     "note": "small models are now trained far past the optimum, to be cheap at inference"},
]
