"""Where the agenda page gets its sessions: the loaded event, or a file the organiser uploads."""
from __future__ import annotations

import streamlit as st

from core.agenda import REQUIRED, Agenda, from_event_agenda, guess_mapping, normalise
from dashboard.state import current_event
from dashboard.uploads import map_columns, upload_table
from dashboard.widgets import md_escape

KEY = "agenda_uploaded"
LABELS = {"title": "Title", "abstract": "Abstract / description", "speakers": "Speakers", "format": "Format",
          "track": "Track", "room": "Room", "start": "Start", "end": "End", "session_id": "Session id"}


def agenda_source() -> Agenda | None:
    uploaded: Agenda | None = st.session_state.get(KEY)
    event = current_event()
    with st.expander("Agenda data", icon=":material/table:", expanded=uploaded is None and event is None):
        frame = upload_table("agenda", "Upload an agenda export (Sessionize, Sched, pretalx, or any CSV / XLSX / JSON)")
        if frame is not None:
            st.dataframe(frame.head(5), hide_index=True)
            mapping = map_columns("agenda", list(frame.columns), LABELS, guess_mapping(list(frame.columns)), REQUIRED)
            if st.button("Use this agenda", type="primary", disabled=not all(mapping.get(f) for f in REQUIRED)):
                agenda = normalise(frame, mapping)
                if agenda.sessions.empty:
                    st.error("No sessions with a title were found in that file.", icon=":material/error:")
                else:
                    st.session_state[KEY] = uploaded = agenda
        if uploaded is not None:
            for note in uploaded.notes:
                st.info(note, icon=":material/info:")
            if st.button("Forget the uploaded agenda", icon=":material/delete:"):
                del st.session_state[KEY]
                st.rerun()
    if uploaded is not None:
        st.caption(f"Using your uploaded agenda: {len(uploaded.sessions)} sessions.")
        return uploaded
    if event is not None:
        st.caption(f"Using the agenda of **{md_escape(event.name)}** ({len(event.agenda)} sessions).")
        return from_event_agenda(event.agenda)
    return None
