"""Where the feedback page gets its comments: the workspace's, which pasted text or an uploaded file replace."""
from __future__ import annotations

import streamlit as st

from core.feedback import Feedback, from_pasted, guess_comment_mapping, normalise_comments
from dashboard import workspace
from dashboard.uploads import map_columns, upload_table
from dashboard.widgets import md_escape, show_error

LABELS = {"text": "Comment text", "session": "Session (id or title)", "rating": "Rating (1–5)", "timestamp": "Timestamp"}


def _keep(feedback: Feedback, source: str, filename: str, mapping: dict) -> None:
    if feedback.comments.empty:
        st.error("No comments with text were found.", icon=":material/error:")
        return
    try:
        workspace.save_comments(feedback, source, filename, mapping)
    except workspace.CapExceeded as exc:
        show_error(exc)
        return
    st.rerun()


def feedback_source():
    """The workspace's comments (a `workspace.CommentSet`), with a way to replace them."""
    found = workspace.comment_set()
    with st.expander("Comments", icon=":material/reviews:", expanded=found is None):
        if found is not None:
            st.caption(f"{len(found.feedback.comments):,} comments from **{md_escape(found.filename)}**. "
                       "Pasting or uploading others replaces them, and their labels, themes and reports' source, "
                       "for everyone in this workspace.")
            for note in found.feedback.notes:
                st.info(md_escape(note), icon=":material/info:")
        paste, upload = st.tabs(["Paste comments", "Upload a file"])
        with paste:
            text = st.text_area("One comment per line", height=160, max_chars=200_000, key="feedback_pasted")
            if st.button("Use these comments", key="feedback_paste_use"):
                _keep(from_pasted(text), "paste", "pasted comments", {})
        with upload:
            frame, filename = upload_table("feedback", "Feedback export", with_name=True)
            if frame is not None:
                mapping = map_columns("feedback", list(frame.columns), LABELS,
                                      guess_comment_mapping(list(frame.columns)), ("text",))
                if mapping["text"] and st.button("Use these comments", type="primary", key="feedback_upload_use"):
                    _keep(normalise_comments(frame, mapping), "upload", filename, mapping)
    return found
