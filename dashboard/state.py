"""Session state: every key kept in a browser session is named here, once.

What the organiser loads or makes is kept in their workspace (see `dashboard.workspace`); the session holds only
which workspace is open, copies of what it read, and the state of widgets. Streamlit drops a widget's value
when a page that owns it is not drawn; `persist` mirrors the widgets that must outlive a page switch.
"""
from __future__ import annotations

import streamlit as st

# The workspace (dashboard.workspace)
WORKSPACE = "workspace"  # the open workspace, with this session's copies of what it read
VISITOR = "visitor_name"  # the name a visitor without login gives, for the change log
NOTICE = "workspace_notice"  # a message for the next page run: a dead link, a change made elsewhere

# Data that no widget owns
RESULTS = "results"  # this session's page results, by the names below (see remember / recall)
PERSISTED = "_persisted"  # mirrored widget values (see persist)

# Page results, under RESULTS
COPY_RESULTS = "copy_results"  # which draft this session wrote last, and its token-level probabilities

# Widgets that other code reads or fills in
COPY_SESSION_PICK = "copy_session_pick"
COPY_FORM = {field: f"copy_{field}" for field in
             ("title", "speakers", "event", "audience", "format", "tone", "kind", "keywords", "notes", "bios",
              "mode")}


def remember(key: str, value) -> None:
    """Keep a page's result (tables, generated text) across reruns and page switches."""
    st.session_state.setdefault(RESULTS, {})[key] = value


def recall(key: str, default=None):
    return st.session_state.get(RESULTS, {}).get(key, default)


def persist(key: str, default=None) -> dict:
    """Widget kwargs that keep the widget's value when the user visits another page and comes back.

    Streamlit deletes a widget's state when a run does not draw it; we mirror the value under a plain key
    and put it back before the widget is drawn again. Use as `st.text_area("Interests", **persist("k"))`.
    """
    saved = st.session_state.setdefault(PERSISTED, {})
    if key not in st.session_state:
        st.session_state[key] = saved.get(key, default)

    def save() -> None:
        saved[key] = st.session_state[key]

    saved.setdefault(key, st.session_state[key])
    return {"key": key, "on_change": save}


def fill_in(values: dict) -> None:
    """Set persisted widgets' values from code (a session picked to fill in a form)."""
    saved = st.session_state.setdefault(PERSISTED, {})
    for key, value in values.items():
        st.session_state[key] = value
        saved[key] = value
