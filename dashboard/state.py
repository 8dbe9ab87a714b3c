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
