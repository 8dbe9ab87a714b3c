"""Where the agenda page gets its sessions: the loaded event, or a file the organiser uploads."""
from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from core.agenda import REQUIRED, Agenda, from_event_agenda, guess_mapping, normalise
from dashboard.state import current_event
from dashboard.uploads import map_columns, upload_table
from dashboard.widgets import md_escape

KEY = "agenda_uploaded"
REPAIRED = "agenda_repaired"  # {"base": digest of the agenda it was repaired from, "agenda": the repaired one}
LABELS = {"title": "Title", "abstract": "Abstract / description", "speakers": "Speakers", "format": "Format",
          "track": "Track", "room": "Room", "start": "Start", "end": "End", "session_id": "Session id"}


def agenda_digest(sessions: pd.DataFrame) -> str:
    return hashlib.sha1(pd.util.hash_pandas_object(sessions.astype(str), index=True).values.tobytes()).hexdigest()


def use_repaired(repaired: Agenda) -> None:
    """From the Fix clashes tab: every tab works on the repaired timetable until the organiser goes back."""
    st.session_state[REPAIRED] = {"base": st.session_state.get("_agenda_base"), "agenda": repaired}


def agenda_source() -> Agenda | None:
    base = _base_agenda()
    if base is None:
        return None
    st.session_state["_agenda_base"] = digest = agenda_digest(base.sessions)
    repaired = st.session_state.get(REPAIRED)
    if repaired and repaired["base"] == digest:  # a new upload or event replaces an old repair
        left, right = st.columns([3, 1])
        left.success(f"Using the repaired timetable: {md_escape(repaired['agenda'].notes[-1])}",
                     icon=":material/auto_fix_high:")
        if right.button("Back to the original timetable", icon=":material/undo:", key="agenda_repair_undo"):
            del st.session_state[REPAIRED]
            st.rerun()
        return repaired["agenda"]
    return base


def _base_agenda() -> Agenda | None:
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
