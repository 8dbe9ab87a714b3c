"""Plain rows describing every registered model, for the status panel and the model cards."""
from __future__ import annotations

from core.cache import MODELS
from core.memory import STREAMLIT_CLOUD_LIMIT_MB, rss_mb
from core.registry import REGISTRY, resolve


def model_status() -> list[dict]:
    """One dict per registry entry, loaded or not. Resolving a source is cheap: nothing is loaded."""
    rows = []
    for spec in REGISTRY.values():
        record = MODELS.record_for(spec.name)
        loaded = MODELS.is_loaded(spec.name)
        rows.append({
            "model": spec.name,
            "task": spec.task,
            "status": "loaded" if loaded else ("failed" if record and record.error else "not loaded"),
            "source": record.source if record else resolve(spec).describe(),
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
