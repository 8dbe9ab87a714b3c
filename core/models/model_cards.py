"""What the model cards page shows: facts from the registry, the files on disk, and this process."""
from __future__ import annotations

import json
from pathlib import Path

from core.models.cache import MODELS
from core.models.engines.base import Engine
from core.models.status import planned_engine
from core.models.registry import REGISTRY, ResolvedSource, resolve

LIMITATIONS = {
    "decoder": "135M parameters: fluent but often inaccurate, invents details, weak at following long "
               "instructions, English-centric. Always review generated copy.",
    "decoder_torch": "The decoder's weights in bf16 for PyTorch: it shows attention weights and scores how "
                     "likely each sentence of a draft is with and without its brief; it writes nothing.",
    "embedder": "Trained on English sentence pairs; texts are truncated to 256 word pieces; similarity reflects "
                "wording and topic, not quality or level.",
    "sentiment": "Trained on movie-review phrases (SST-2) and tweets (TweetEval); no sarcasm-specific data, "
                 "so sarcasm often reads as positive. Neutral comes from tweets only.",
}


def _gguf_type(source: ResolvedSource) -> str:
    """Example: SmolLM2-135M-Instruct.Q4_1.gguf -> "GGUF, quantised (Q4_1)" """
    if not source.gguf_file:
        return "served by a remote engine"
    quant = source.gguf_file.removesuffix(".gguf").replace("-", ".").split(".")[-1]
    return f"GGUF, quantised ({quant})"


def disk_mb(source: ResolvedSource) -> float | None:
    """Size of the weights on disk, for local sources (None for a Hub id not yet downloaded)."""
    if source.kind == "hub":
        return None
    path = Path(source.location)
    if source.gguf_file:
        path = path / source.gguf_file
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    total = sum(p.stat().st_size for p in files)
    if source.base is not None:
        total_base = disk_mb(source.base)
        return total / 2**20 + (total_base or 0)
    return total / 2**20


def training_facts(source: ResolvedSource) -> dict | None:
    """training.json, plus the held-out evaluation from scripts/eval_sentiment.py (eval.json) when present."""
    folder = Path(source.location)
    if source.kind != "adapter" or not (folder / "training.json").is_file():
        return None
    facts = json.loads((folder / "training.json").read_text())
    if (folder / "eval.json").is_file():
        report = json.loads((folder / "eval.json").read_text())
        facts["evaluation"] = [{"check": k.replace("_", " "), **v} for k, v in report.items() if isinstance(v, dict)]
    return facts


def cards() -> list[dict]:
    out = []
    for spec in REGISTRY.values():
        source = resolve(spec)
        record = MODELS.record_for(spec.name)
        loaded = MODELS.is_loaded(spec.name)
        model = MODELS.get(spec.name) if loaded else None
        torch_model = getattr(model, "model", None) if not isinstance(model, Engine) else None
        torch_model = torch_model or (model[0].auto_model if hasattr(model, "encode") else None)
        config = getattr(torch_model, "config", None)
        dtypes = sorted({str(p.dtype).removeprefix("torch.") for p in torch_model.parameters()}) if torch_model is not None else []
        quantized = torch_model is not None and any("quantized" in type(m).__module__ for m in torch_model.modules())
        out.append({
            "name": spec.name, "task": spec.task, "purpose": spec.purpose, "licence": spec.licence,
            "source": source.describe(), "hub_id": spec.hub_id, "disk_mb": disk_mb(source),
            "loaded": loaded,
            "parameters_m": record.parameters / 1e6 if loaded else None,
            "dtype": (" + ".join(dtypes) + (" (Linear layers int8)" if quantized else "")) if dtypes else
                     (_gguf_type(source) if loaded and isinstance(model, Engine) else None),
            "context_window": getattr(config, "max_position_embeddings", None) or getattr(model, "context_window", None),
            "engine": record.engine if loaded else planned_engine(spec),
            "load_seconds": record.seconds if loaded else None,
            "rss_delta_mb": record.rss_delta_mb if loaded else None,
            "limitations": LIMITATIONS.get(spec.name, ""),
            "training": training_facts(source),
        })
    return out
