"""Getting a model from a page: a spinner while it loads, and a readable error instead of a traceback."""
from __future__ import annotations

import streamlit as st

from core.models.cache import MODELS, ModelUnavailableError


def model_or_stop(name: str, what: str = "model"):
    """The loaded model, or an error box and the end of this page run."""
    try:
        if not MODELS.is_loaded(name):
            with st.spinner(f"Loading the {what} (once per server)…"):
                return MODELS.get(name)
        return MODELS.get(name)
    except ModelUnavailableError as exc:
        st.error(str(exc), icon=":material/error:")
        st.stop()
