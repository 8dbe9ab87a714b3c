"""One loader per task. Each takes a `ResolvedSource` and returns a ready-to-use model object.

Loaders only build objects; timing, memory accounting and the load-once guarantee live in `core.models.cache`.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from core.config import setting
from core.models import gguf_cache, gguf_header
from core.models.engines.base import Engine, EngineError
from core.models.engines.llamacpp import LlamaCppEngine
from core.models.engines.openai_server import DEFAULT_TIMEOUT_S, OpenAIEngine
from core.models.registry import ModelSpec, ResolvedSource
from core.models.threads import apply_torch_threads


@dataclass
class CausalLM:
    """A decoder in PyTorch and its tokenizer, for what only the torch model gives: attention weights."""

    model: Any
    tokenizer: Any
    context_window: int


def _hub_kwargs(source: ResolvedSource) -> dict:
    return {"revision": source.revision} if source.kind == "hub" and source.revision else {}


def load_engine(source: ResolvedSource) -> Engine:
    """The decoder's engine: a server by URL, or llama.cpp in this process on a GGUF file."""
    if source.kind == "url":
        timeout = setting("decoder_timeout") or ""
        return OpenAIEngine(source.location, model=setting("decoder_model"), api_key=setting("decoder_api_key"),
                            timeout=float(timeout) if timeout.replace(".", "", 1).isdigit() else DEFAULT_TIMEOUT_S)
    if not source.gguf_file:
        raise EngineError(f"{source.location!r} has no GGUF file, and the decoder runs on llama.cpp, which reads "
                          "GGUF. Set EVENTS_LLM_DECODER to a .gguf file, a folder holding one, or a Hub file "
                          "such as org/repo/model.gguf; or set EVENTS_LLM_DECODER_URL to an OpenAI-compatible server.")
    if source.kind == "hub":
        from huggingface_hub import hf_hub_download  # heavy: only a load needs it

        path = hf_hub_download(source.location, source.gguf_file, revision=source.revision)
    else:
        path = str(Path(source.location) / source.gguf_file)
    return LlamaCppEngine(path)


def load_causal_lm(source: ResolvedSource) -> CausalLM:
    """bf16 weights: half of fp32's memory, for a page that runs one short sentence at a time."""
    import torch  # heavy: only a load needs it
    from transformers import AutoModelForCausalLM, AutoTokenizer  # heavy: only a load needs it

    if source.gguf_file:  # the package's GGUF, de-quantised once and kept as a bf16 copy (core.models.gguf_cache)
        model, tokenizer, _ = gguf_cache.load(source.location, source.gguf_file, torch.bfloat16)
    else:
        tokenizer = AutoTokenizer.from_pretrained(source.location, **_hub_kwargs(source))
        model = AutoModelForCausalLM.from_pretrained(source.location, dtype=torch.bfloat16, **_hub_kwargs(source))
    model.eval()
    window = int(getattr(model.config, "max_position_embeddings", 0) or tokenizer.model_max_length)
    return CausalLM(model=model, tokenizer=tokenizer, context_window=window)


def load_sentence_embedder(source: ResolvedSource) -> Any:
    from sentence_transformers import SentenceTransformer  # heavy: only a load needs it

    return SentenceTransformer(source.location, device="cpu", **_hub_kwargs(source))


@dataclass
class Classifier:
    """A sequence classifier, its tokenizer, and our label for each of its output columns."""

    model: Any
    tokenizer: Any
    labels: list[str | None]  # "negative" / "neutral" / "positive", or None for a class we cannot map
    fold_neutral: bool = True  # read cancelling evidence as neutral (core.feedback.sentiment); off when neutral is learned


def map_labels(id2label: dict) -> list[str | None]:
    """Turn a model's own label names into ours.

    Example: {0: "NEGATIVE", 1: "POSITIVE"} -> ["negative", "positive"];
             {0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"} -> ["negative", "neutral", "positive"]
    """
    names = [str(id2label[i]).lower() for i in sorted(id2label)]
    mapped = [next((ours for ours in ("negative", "neutral", "positive") if name.startswith(ours[:3])), None)
              for name in names]
    if all(name.startswith("label_") for name in names):  # anonymous LABEL_i: the usual order for 2 or 3 classes
        mapped = {2: ["negative", "positive"], 3: ["negative", "neutral", "positive"]}.get(len(names), mapped)
    return mapped


def load_classifier(source: ResolvedSource) -> Classifier:
    from transformers import AutoModelForSequenceClassification, AutoTokenizer  # heavy: only a load needs it

    if source.kind == "adapter":

        from peft import PeftModel  # heavy: only a load needs it

        training = json.loads((Path(source.location) / "training.json").read_text())
        labels = training["labels"]
        base = source.base
        tokenizer = AutoTokenizer.from_pretrained(base.location, **_hub_kwargs(base))
        model = AutoModelForSequenceClassification.from_pretrained(
            base.location, num_labels=len(labels), id2label=dict(enumerate(labels)),
            label2id={label: i for i, label in enumerate(labels)}, **_hub_kwargs(base))
        # Merging folds the low-rank update into the base weights: inference then costs no more than
        # the plain encoder.
        model = PeftModel.from_pretrained(model, source.location).merge_and_unload()
    else:
        tokenizer = AutoTokenizer.from_pretrained(source.location, **_hub_kwargs(source))
        model = AutoModelForSequenceClassification.from_pretrained(source.location, **_hub_kwargs(source))
    model.eval()
    learned = source.kind == "adapter" and training.get("neutral") == "learned"
    return Classifier(model=model, tokenizer=tokenizer, labels=map_labels(model.config.id2label),
                      fold_neutral=not learned)


LOADERS: dict[str, Callable[[ResolvedSource], Any]] = {
    "text-generation": load_engine,
    "attention": load_causal_lm,
    "sentence-embedding": load_sentence_embedder,
    "text-classification": load_classifier,
}


def load(spec: ModelSpec, source: ResolvedSource) -> Any:
    if spec.task != "text-generation":  # the engine never imports torch
        apply_torch_threads()  # before the first model exists, so no inference runs on an oversized pool
    return LOADERS[spec.task](source)


def torch_module_of(obj: Any) -> Any:
    """The torch module inside a loaded object, for counting parameters and bytes (None for an engine)."""
    if isinstance(obj, Engine):
        return None
    return obj.model if isinstance(obj, (CausalLM, Classifier)) else obj


def engine_footprint(engine: Any) -> tuple[int, float]:
    """(parameters, MiB) of the GGUF an in-process engine serves; (0, 0) for a remote server.

    Example: the packaged SmolLM2 Q4_1 file -> (134515008, 86.6)
    """
    path = getattr(engine, "path", None)
    if not path:
        return 0, 0.0
    return gguf_header.parameters(path), Path(path).stat().st_size / 2**20
