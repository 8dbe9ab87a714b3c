"""Where the agenda page gets its sessions: the loaded event, or a file the organiser uploads."""
from __future__ import annotations

import streamlit as st

from core.agenda.table import REQUIRED, Agenda, from_event_agenda, guess_mapping, normalise
from core.fingerprint import content_key
from dashboard.state import AGENDA_BASE, AGENDA_REPAIRED, AGENDA_UPLOADED, current_event
from dashboard.uploads import map_columns, upload_table
from dashboard.widgets import md_escape

LABELS = {"title": "Title", "abstract": "Abstract / description", "speakers": "Speakers", "format": "Format",
          "track": "Track", "room": "Room", "start": "Start", "end": "End", "session_id": "Session id"}


def use_repaired(repaired: Agenda) -> None:
    """From the Fix clashes tab: every tab works on the repaired timetable until the organiser goes back."""
    st.session_state[AGENDA_REPAIRED] = {"base": st.session_state.get(AGENDA_BASE), "agenda": repaired}


def agenda_source() -> Agenda | None:
    base = _base_agenda()
    if base is None:
        return None
    st.session_state[AGENDA_BASE] = digest = content_key(base.sessions)
    repaired = st.session_state.get(AGENDA_REPAIRED)
    if repaired and repaired["base"] == digest:  # a new upload or event replaces an old repair
        left, right = st.columns([3, 1])
        left.success(f"Using the repaired timetable: {md_escape(repaired['agenda'].notes[-1])}",
                     icon=":material/auto_fix_high:")
        if right.button("Back to the original timetable", icon=":material/undo:", key="agenda_repair_undo"):
            del st.session_state[AGENDA_REPAIRED]
            st.rerun()
        return repaired["agenda"]
    return base


def _base_agenda() -> Agenda | None:
    uploaded: Agenda | None = st.session_state.get(AGENDA_UPLOADED)
    event = current_event()
    with st.expander("Agenda data", icon=":material/table:", expanded=uploaded is None and event is None):
        frame = upload_table("agenda", "Upload an agenda export from Sessionize, Sched, pretalx or a spreadsheet")
        if frame is not None:
            st.dataframe(frame.head(5), hide_index=True)
            mapping = map_columns("agenda", list(frame.columns), LABELS, guess_mapping(list(frame.columns)), REQUIRED)
            if st.button("Use this agenda", type="primary", disabled=not all(mapping.get(f) for f in REQUIRED)):
                agenda = normalise(frame, mapping)
                if agenda.sessions.empty:
                    st.error("No sessions with a title were found in that file.", icon=":material/error:")
                else:
                    st.session_state[AGENDA_UPLOADED] = uploaded = agenda
        if uploaded is not None:
            for note in uploaded.notes:
                st.info(note, icon=":material/info:")
            if st.button("Forget the uploaded agenda", icon=":material/delete:"):
                del st.session_state[AGENDA_UPLOADED]
                st.rerun()
    if uploaded is not None:
        st.caption(f"Using your uploaded agenda: {len(uploaded.sessions)} sessions.")
        return uploaded
    if event is not None:
        st.caption(f"Using the agenda of **{md_escape(event.name)}** ({len(event.agenda)} sessions).")
        return from_event_agenda(event.agenda)
    return None
