"""One loader per task. Each takes a `ResolvedSource` and returns a ready-to-use model object.

Loaders only build objects; timing, memory accounting and the load-once guarantee live in `core.cache`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from core.registry import ModelSpec, ResolvedSource


@dataclass
class CausalLM:
    """A decoder and its tokenizer, kept together because every caller needs both."""

    model: Any
    tokenizer: Any
    context_window: int


def _hub_kwargs(source: ResolvedSource) -> dict:
    return {"revision": source.revision} if source.kind == "hub" and source.revision else {}


def load_causal_lm(source: ResolvedSource) -> CausalLM:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    kwargs = _hub_kwargs(source)
    if source.gguf_file:
        kwargs["gguf_file"] = source.gguf_file
    tokenizer = AutoTokenizer.from_pretrained(source.location, **kwargs)
    model = AutoModelForCausalLM.from_pretrained(source.location, dtype=torch.float32, **kwargs)
    model.eval()
    window = int(getattr(model.config, "max_position_embeddings", 0) or tokenizer.model_max_length)
    return CausalLM(model=model, tokenizer=tokenizer, context_window=window)


def load_sentence_embedder(source: ResolvedSource) -> Any:
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(source.location, device="cpu", **_hub_kwargs(source))


LOADERS: dict[str, Callable[[ResolvedSource], Any]] = {
    "text-generation": load_causal_lm,
    "sentence-embedding": load_sentence_embedder,
}


def load(spec: ModelSpec, source: ResolvedSource) -> Any:
    return LOADERS[spec.task](source)


def torch_module_of(obj: Any) -> Any:
    """The torch module inside a loaded object, for counting parameters and bytes."""
    return obj.model if isinstance(obj, CausalLM) else obj
