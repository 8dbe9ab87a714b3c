"""Where the feedback page gets its comments: the loaded event, pasted text, or an uploaded file."""
from __future__ import annotations

import streamlit as st

from core.feedback import comments as core_feedback
from core.feedback.comments import Feedback
from dashboard.state import FEEDBACK_UPLOADED, current_event, persist
from dashboard.uploads import map_columns, upload_table

LABELS = {"text": "Comment text", "session": "Session (id or title)", "rating": "Rating (1–5)", "timestamp": "Timestamp"}
SOURCES = ("The loaded event", "Paste comments", "Upload a file")


def feedback_source() -> Feedback | None:
    event = current_event()
    source = st.radio("Comments", SOURCES, horizontal=True, **persist("feedback_source_kind", SOURCES[0]))
    if source == SOURCES[0]:
        if event is None:
            st.info("Load the demo event on **Home**, paste comments, or upload a file.", icon=":material/info:")
            return None
        return core_feedback.from_event(event.feedback, event.agenda)
    if source == SOURCES[1]:
        text = st.text_area("One comment per line", height=160, max_chars=200_000, **persist("feedback_pasted", ""))
        return core_feedback.from_pasted(text) if text.strip() else None
    frame = upload_table("feedback", "Feedback export")
    if frame is not None:
        mapping = map_columns("feedback", list(frame.columns), LABELS,
                              core_feedback.guess_mapping(list(frame.columns)), ("text",))
        if mapping["text"] and st.button("Use these comments", type="primary"):
            st.session_state[FEEDBACK_UPLOADED] = core_feedback.normalise(frame, mapping)
    return st.session_state.get(FEEDBACK_UPLOADED)
