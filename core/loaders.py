"""One loader per task. Each takes a `ResolvedSource` and returns a ready-to-use model object.

Loaders only build objects; timing, memory accounting and the load-once guarantee live in `core.cache`.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from core import gguf_cache
from core.config import setting
from core.registry import ModelSpec, ResolvedSource
from core.threads import apply_torch_threads

PRECISIONS = ("bf16", "int8", "fp32")


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

    precision = decoder_precision()
    # Asking for bf16 up front casts each GGUF tensor as it is de-quantised: the same weights, bit for bit,
    # as loading fp32 and casting afterwards, without a whole fp32 copy alive at once (load peak 932 MB
    # instead of 1,177 MB, bench/decoder_load.py). int8 quantises from fp32, so it loads fp32.
    dtype = torch.bfloat16 if precision == "bf16" else torch.float32
    if source.gguf_file:  # the registry resolves GGUF files to local paths only (package or configured file)
        model, tokenizer, _ = gguf_cache.load(source.location, source.gguf_file, dtype)
    else:
        tokenizer = AutoTokenizer.from_pretrained(source.location, **_hub_kwargs(source))
        model = AutoModelForCausalLM.from_pretrained(source.location, dtype=dtype, **_hub_kwargs(source))
    model = to_precision(model.eval(), precision)
    window = int(getattr(model.config, "max_position_embeddings", 0) or tokenizer.model_max_length)
    return CausalLM(model=model, tokenizer=tokenizer, context_window=window)


def decoder_precision() -> str:
    """EVENTS_LLM_DECODER_PRECISION: bf16 (default), int8 or fp32.

    bf16 halves the weights and is faster than fp32 with near-identical output (98% top-1 agreement);
    torch's dynamic int8 is faster still but changes half of SmolLM2's next-token choices, so it is opt-in.
    bench/generation.py measures all three.
    """
    value = (setting("decoder_precision") or "bf16").lower()
    return value if value in PRECISIONS else "bf16"


def to_precision(model: Any, precision: str, quantize_head: bool = False) -> Any:
    """int8: dynamic quantisation of Linear layers (weights stored as int8, activations quantised on the
    fly). By default the output head stays fp32: it is tied to the embedding matrix, so quantising it keeps
    a second copy, and it is where rounding changes word choice most (bench/generation.py measures both)."""
    import torch

    if precision == "bf16":
        from core.prefill import prefill_in_fp32

        return prefill_in_fp32(model.to(torch.bfloat16))
    if precision != "int8":
        return model
    from torch.ao.quantization import default_dynamic_qconfig, quantize_dynamic

    spec = {name: default_dynamic_qconfig for name, module in model.named_modules()
            if isinstance(module, torch.nn.Linear) and (quantize_head or not name.endswith("lm_head"))}
    return quantize_dynamic(model, spec, dtype=torch.qint8)


def load_sentence_embedder(source: ResolvedSource) -> Any:
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(source.location, device="cpu", **_hub_kwargs(source))


@dataclass
class Classifier:
    """A sequence classifier, its tokenizer, and our label for each of its output columns."""

    model: Any
    tokenizer: Any
    labels: list[str | None]  # "negative" / "neutral" / "positive", or None for a class we cannot map


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
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    if source.kind == "adapter":
        import json

        from peft import PeftModel

        labels = json.loads((Path(source.location) / "training.json").read_text())["labels"]
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
    return Classifier(model=model, tokenizer=tokenizer, labels=map_labels(model.config.id2label))


LOADERS: dict[str, Callable[[ResolvedSource], Any]] = {
    "text-generation": load_causal_lm,
    "sentence-embedding": load_sentence_embedder,
    "text-classification": load_classifier,
}


def load(spec: ModelSpec, source: ResolvedSource) -> Any:
    apply_torch_threads()  # before the first model exists, so no inference runs on an oversized pool
    return LOADERS[spec.task](source)


def torch_module_of(obj: Any) -> Any:
    """The torch module inside a loaded object, for counting parameters and bytes."""
    return obj.model if isinstance(obj, (CausalLM, Classifier)) else obj
