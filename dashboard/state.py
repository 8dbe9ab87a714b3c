"""Session state: every key kept in a browser session is named here, once.

What the organiser loads or makes is kept in their workspace (see `dashboard.workspace`); the session holds only
which workspace is open, copies of what it read, and the state of widgets. Streamlit drops a widget's value
when a page that owns it is not drawn; `persist` mirrors the widgets that must outlive a page switch.
"""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from core.fingerprint import content_key

# The workspace (dashboard.workspace)
WORKSPACE = "workspace"  # the open workspace, with this session's copies of what it read
VISITOR = "visitor_name"  # the name a visitor without login gives, for the change log
NOTICE = "workspace_notice"  # a message for the next page run: a dead link, a change made elsewhere



@dataclass(frozen=True)
class Cached:
    """A value of the open workspace as this session keeps a copy of it (`Opened.cache`), and the areas of the
    workspace whose change makes that copy stale (see `dashboard.workspace.reads`)."""

    name: str
    areas: tuple[str, ...]


_BOTH = ("programme", "timetable")
CACHED_PROGRAMME = Cached("programme", ("programme",))
CACHED_AGENDA = Cached("agenda", _BOTH)  # the programme with the timetable in use applied
CACHED_IN_USE = Cached("in_use", _BOTH)
CACHED_LATEST_TIMETABLE = Cached("latest_timetable", _BOTH)
CACHED_PINS = Cached("pins", _BOTH)
CACHED_DRAFTS = Cached("drafts", ("copy",))
CACHED_JOB = Cached("job", ("copy",))
CACHED_COMMENTS = Cached("comments", ("feedback",))
CACHED_THEMES = Cached("themes", ("feedback",))
CACHED_REPORTS = Cached("reports", ("feedback",))
CACHED_FEEDBACK_SETTINGS = Cached("feedback_settings", ("feedback",))
CACHED_COUNTS = Cached("counts", ("programme", "timetable", "copy", "feedback"))
# forms on, when they open, the feed token, approved copy only
CACHED_COLLECTION = Cached("collection", ("feedback", "programme", "copy"))
CACHED_FORM_LINKS = Cached("form_links", ("feedback",))
CACHED_NEW_RESPONSES = Cached("new_responses", ("feedback",))  # every answer raises the feedback counter
CACHED_SPEAKERS = Cached("speakers", ("programme", "copy"))  # new names come with the programme
CACHED_PICKS = Cached("picks", ("audience",))  # attendees' sets of picks
CACHED_EXPECTED = Cached("expected", ("audience",))  # the organiser's expected audience per session
CACHED_UNAVAILABLE = Cached("unavailable", ("audience",))  # speakers' unavailable times
CACHED = (CACHED_PROGRAMME, CACHED_AGENDA, CACHED_IN_USE, CACHED_LATEST_TIMETABLE, CACHED_PINS, CACHED_DRAFTS,
          CACHED_JOB, CACHED_COMMENTS, CACHED_THEMES, CACHED_REPORTS, CACHED_FEEDBACK_SETTINGS, CACHED_COUNTS,
          CACHED_COLLECTION, CACHED_FORM_LINKS, CACHED_NEW_RESPONSES, CACHED_SPEAKERS,
          CACHED_PICKS, CACHED_EXPECTED, CACHED_UNAVAILABLE)

# Data that no widget owns
RESULTS = "results"  # this session's page results, by the names below (see remember / recall)
PERSISTED = "_persisted"  # mirrored widget values (see persist)

# Page results, under RESULTS
COPY_RESULTS = "copy_results"  # which draft this session wrote last, and its token-level probabilities
SPEAKER_SAID = "speaker_said"  # what a speaker's last decision did, shown once on the next run
SIGN_OFF_SAID = "sign_off_said"  # what the organiser's last "Send for approval" did, shown once on the next run

# Widgets whose options come from the data (see data_key)
COPY_SESSION_PICK = "copy_session_pick"  # the programme's sessions, to fill in the brief
AGENDA_EXPORT_ROOM = "agenda_export_room"  # the timetable's rooms
AGENDA_MAP_SESSION = "agenda_map_session"  # the programme's sessions
AGENDA_PIN_EDITOR = "agenda_fix_pin_editor"  # the programme's sessions, each with its pin
FB_FILTER_SESSIONS = "fb_filter_sessions"  # the comments' sessions
FB_FILTER_CATEGORIES = "fb_filter_cats"  # the organiser's categories
FB_CATEGORY_PICK = "fb_category_pick"  # the organiser's categories
FB_THEME_PICK = "fb_theme_pick"  # the themes found in the comments
FB_DIGEST_PICK = "fb_digest_pick"  # the sessions with comments
FB_PACK_SPEAKER = "fb_pack_speaker"  # the speakers with comments
FB_WHY_COMMENT = "fb_why_comment"  # the comments
FB_QUEUE_SESSIONS = "fb_queue_sessions"  # the sessions with form answers
COLLECT_QR_SESSION = "collect_qr_session"  # the programme's sessions
COLLECT_FORM_STATE = "collect_form_state"  # the chosen session's form state, as stored
SPEAKER_PICK = "speaker_pick"  # the workspace's speakers
SPEAKER_MERGE = "speaker_merge"  # the workspace's speakers, twice
SIGN_OFF_PICK = "sign_off_pick"  # the session drafts that can be sent
AGENDA_EXPECTED_EDITOR = "agenda_expected_editor"  # each session's expected audience, as stored
AGENDA_UNAVAILABLE_EDITOR = "agenda_unavailable_editor"  # speakers' unavailable times, as stored
AGENDA_SEATS_EDITOR = "agenda_seats_editor"  # each room's seats, as the programme says
# Editors of stored rows: keyed by the area's revision, so a change saved elsewhere redraws them with it
COPY_BATCH_EDITOR = "copy_batch_editor"  # a batch job's drafts
FB_COMMENTS_EDITOR = "fb_editor"  # the comments shown under the filters
FB_QUEUE_EDITOR = "fb_queue_editor"  # the form answers shown under the queue's filters
COLLECT_FORMS_EDITOR = "collect_forms_editor"  # each session's form state

# Widgets that other code reads or fills in
COPY_FORM = {field: f"copy_{field}" for field in
             ("title", "speakers", "event", "audience", "format", "tone", "kind", "keywords", "notes", "bios",
              "mode")}


def data_key(name: str, *data) -> str:
    """The key of a widget whose options come from data, with that data's version in it: a new upload, or a
    change made elsewhere, draws the widget afresh. Streamlit keeps a keyed widget's value while its options
    change under it, so a theme picker would go on naming a theme of the comments that were replaced.

    Pass what the options are made of (their labels, or the frame they come from):
    `st.selectbox("Theme", labels, key=data_key(FB_THEME_PICK, labels))` -> "fb_theme_pick@3f8a1c0b2d9e".
    """
    return f"{name}@{content_key(*data)[:12]}"


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
