"""Session-state helpers. Everything the user loads lives here, so it survives reruns and page switches.

Widget values are dropped by Streamlit when a page that owns them is not rendered; data therefore lives
under plain keys that no widget owns.
"""
from __future__ import annotations

import streamlit as st

from core.events import EventData, load_demo_event

EVENT_KEY = "event"


def current_event() -> EventData | None:
    return st.session_state.get(EVENT_KEY)


def set_event(event: EventData) -> None:
    st.session_state[EVENT_KEY] = event


def load_demo() -> EventData:
    event = load_demo_event()
    set_event(event)
    return event


def remember(key: str, value) -> None:
    """Keep a page's result (tables, generated text) across reruns and page switches."""
    st.session_state.setdefault("results", {})[key] = value


def recall(key: str, default=None):
    return st.session_state.get("results", {}).get(key, default)


def persist(key: str, default=None) -> dict:
    """Widget kwargs that keep the widget's value when the user visits another page and comes back.

    Streamlit deletes a widget's state when a run does not draw it; we mirror the value under a plain key
    and put it back before the widget is drawn again. Use as `st.text_area("Interests", **persist("k"))`.
    """
    saved = st.session_state.setdefault("_persisted", {})
    if key not in st.session_state:
        st.session_state[key] = saved.get(key, default)

    def save() -> None:
        saved[key] = st.session_state[key]

    saved.setdefault(key, st.session_state[key])
    return {"key": key, "on_change": save}
