"""Session state: every key the pages keep data under is named here, once.

Everything the user loads or makes lives under these keys, so it survives reruns and page switches. Widget
values are dropped by Streamlit when a page that owns them is not rendered; data therefore lives under plain
keys that no widget owns, and `persist` mirrors the widgets that must outlive a page switch.
"""
from __future__ import annotations

import streamlit as st

from core.events import EventData, load_demo_event

# Data that no widget owns
EVENT = "event"  # the loaded EventData
RESULTS = "results"  # page results, by the names below (see remember / recall)
PERSISTED = "_persisted"  # mirrored widget values (see persist)
AGENDA_UPLOADED = "agenda_uploaded"  # an Agenda from the organiser's file
AGENDA_REPAIRED = "agenda_repaired"  # {"base": content key of the agenda it repaired, "agenda": the repaired Agenda}
AGENDA_BASE = "_agenda_base"  # content key of the agenda the page works on now
FEEDBACK_UPLOADED = "feedback_source"  # a Feedback from the organiser's file
COPY_BATCH = "copy_batch"  # batch mode's job: sessions, kind, drafts done, running

# Page results, under RESULTS
COPY_RESULTS = "copy_results"  # the ranked candidates of the last brief
AGENDA_FIX = "agenda_fix"  # the last timetable repair, with the content key of its agenda
AGENDA_FIX_PINS = "agenda_fix_pins"  # the pin ticks, with the content key of their agenda
FEEDBACK_SCORED = "feedback_scored"  # {content key of the comments: the labelled comments}
FEEDBACK_THEMES = "feedback_themes"  # {content key of the texts: their themes}
FEEDBACK_REPORT = "fb_report"  # the last built report, with its content key

# Widgets that other code reads or fills in
COPY_SESSION_PICK = "copy_session_pick"
COPY_FORM = {field: f"copy_{field}" for field in
             ("title", "speakers", "event", "audience", "format", "tone", "kind", "keywords", "notes")}


def current_event() -> EventData | None:
    return st.session_state.get(EVENT)


def set_event(event: EventData) -> None:
    st.session_state[EVENT] = event


def load_demo() -> EventData:
    event = load_demo_event()
    set_event(event)
    return event


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
