"""Runtime settings, read from environment variables and `.streamlit/secrets.toml`.

Streamlit Community Cloud exposes root-level secrets as environment variables, and locally we read the
secrets file ourselves, so `core` never needs to import streamlit to be configured.

Example `.streamlit/secrets.toml`:

    EVENTS_LLM_DECODER = "HuggingFaceTB/SmolLM2-135M-Instruct"
    EVENTS_LLM_EMBEDDER = "/models/all-MiniLM-L6-v2"
"""
from __future__ import annotations

import os
import tomllib
from pathlib import Path

ENV_PREFIX = "EVENTS_LLM_"
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _secrets_files() -> list[Path]:
    # Same places streamlit looks, project file last so it wins.
    return [Path.home() / ".streamlit" / "secrets.toml", Path.cwd() / ".streamlit" / "secrets.toml",
            PROJECT_ROOT / ".streamlit" / "secrets.toml"]


def _read_secrets_files() -> dict:
    merged: dict = {}
    for path in _secrets_files():
        if not path.is_file():
            continue
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError):
            continue  # a broken secrets file must not take the app down; env vars still work
        merged.update(data)
    return merged


def _read_secrets() -> dict[str, str]:
    return {k: str(v) for k, v in _read_secrets_files().items() if isinstance(v, (str, int, float))}


def setting(key: str, default: str | None = None) -> str | None:
    """Look up `EVENTS_LLM_<KEY>`: the environment first, then secrets.toml, then `default`.

    Example: setting("decoder") reads EVENTS_LLM_DECODER.
    """
    return value(ENV_PREFIX + key.upper(), default)


def value(name: str, default: str | None = None) -> str | None:
    """Any setting by its full name: the environment first, then a top-level key of secrets.toml.

    Example: value("EVENTS_DB_URL")"""
    if os.environ.get(name):
        return os.environ[name]
    return _read_secrets().get(name, default)


def secret_section(*path: str) -> dict:
    """A table of secrets.toml. Example: secret_section("connections", "events") -> {"url": "sqlite:///…"}"""
    section = _read_secrets_files()
    for key in path:
        section = section.get(key) if isinstance(section, dict) else None
    return dict(section) if isinstance(section, dict) else {}


def model_override(model_name: str) -> str | None:
    """A user-configured source for one model: a local directory or a Hugging Face Hub id."""
    value = setting(model_name)
    return value.strip() if value and value.strip() else None
