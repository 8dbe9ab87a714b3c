"""Plain rows describing every registered model, for the status panel and the model cards."""
from __future__ import annotations

from core.models.cache import ENGINES, MODELS
from core.models.memory import STREAMLIT_CLOUD_LIMIT_MB, rss_mb
from core.models.registry import REGISTRY, resolve
from core.models.warm import warming


def planned_engine(spec) -> str:
    """What will run a model that is not loaded yet. Example: the default decoder -> "llama.cpp" """
    if spec.task != "text-generation":
        return ENGINES.get(spec.task, "")
    source = resolve(spec)
    return f"OpenAI-compatible {source.location}" if source.kind == "url" else "llama.cpp"


def model_status() -> list[dict]:
    """One dict per registry entry, loaded or not. Resolving a source is cheap: nothing is loaded."""
    rows, background = [], warming()
    for spec in REGISTRY.values():
        record = MODELS.record_for(spec.name)
        loaded = MODELS.is_loaded(spec.name)
        rows.append({
            "model": spec.name,
            "task": spec.task,
            "status": "loaded" if loaded else ("failed" if record and record.error else
                                               "loading" if spec.name in background else "not loaded"),
            "source": record.source if record else resolve(spec).describe(),
            "engine": record.engine if loaded else planned_engine(spec),
            "slots": getattr(MODELS.loaded(spec.name), "slots", None) if spec.task == "text-generation" else None,
            "licence": spec.licence,
            "load_seconds": round(record.seconds, 1) if loaded else None,
            "parameters_m": round(record.parameters / 1e6, 1) if loaded else None,
            "weights_mb": round(record.weights_mb) if loaded else None,
            "rss_delta_mb": round(record.rss_delta_mb) if loaded else None,
            "shared_mb": round(record.shared_mb) if loaded else None,
            "loads": record.loads if record else 0,
            "error": record.error if record else None,
        })
    return rows


def process_memory() -> dict:
    """Example: {'rss_mb': 612.0, 'limit_mb': 2764.8, 'share': 0.22}"""
    rss = rss_mb()
    return {"rss_mb": round(rss, 1), "limit_mb": STREAMLIT_CLOUD_LIMIT_MB, "share": rss / STREAMLIT_CLOUD_LIMIT_MB}
