"""Shared fixtures. Real models load once per test session: they are slow to load and read-only."""
from __future__ import annotations

import os

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from core.models.cache import MODELS  # noqa: E402


@pytest.fixture(scope="session")
def decoder():
    return MODELS.get("decoder")


@pytest.fixture(scope="session")
def embedder():
    return MODELS.get("embedder")


@pytest.fixture(autouse=True)
def _no_model_overrides(monkeypatch):
    """A developer's own EVENTS_LLM_* settings must not leak into the tests."""
    for key in list(os.environ):
        if key.startswith("EVENTS_LLM_"):
            monkeypatch.delenv(key)
