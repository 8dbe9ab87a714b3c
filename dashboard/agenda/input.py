"""Where the agenda page gets its sessions: the workspace's programme, which an upload replaces, with the
timetable in use applied (the original, or a repair the organiser chose)."""
from __future__ import annotations

import streamlit as st

from core.agenda.table import REQUIRED, Agenda, guess_mapping, normalise
from core.store.workspaces import CapExceeded
from dashboard import workspace
from dashboard.uploads import map_columns, upload_table
from dashboard.widgets import md_escape

LABELS = {"title": "Title", "abstract": "Abstract / description", "speakers": "Speakers", "format": "Format",
          "track": "Track", "room": "Room", "start": "Start", "end": "End", "session_id": "Session id"}


def upload_programme(key: str, what: str) -> bool:
    """An uploader and column mapping whose result becomes the workspace's programme; True once it has."""
    frame, filename = upload_table(key, what, with_name=True)
    if frame is None:
        return False
    st.dataframe(frame.head(5), hide_index=True)
    mapping = map_columns(key, list(frame.columns), LABELS, guess_mapping(list(frame.columns)), REQUIRED)
    if not st.button("Use this programme", type="primary", disabled=not all(mapping.get(f) for f in REQUIRED),
                     key=f"{key}_use"):
        return False
    agenda = normalise(frame, mapping)
    if agenda.sessions.empty:
        st.error("No sessions with a title were found in that file.", icon=":material/error:")
        return False
    try:
        workspace.save_programme(agenda, filename)
    except CapExceeded as exc:
        st.error(str(exc), icon=":material/error:")
        return False
    return True


def agenda_source() -> Agenda | None:
    """The agenda in use, with the programme's notes, a way to replace it, and the way back from a repair."""
    found = workspace.programme()
    with st.expander("Programme", icon=":material/table:", expanded=found is None):
        if found is not None:
            st.caption(f"From **{md_escape(found.filename)}**, loaded by {md_escape(found.created_by)} at "
                       f"{workspace.local_time(found.created_at)}. Uploading another replaces it (and its "
                       "timetables) for everyone in this workspace.")
            for note in found.agenda.notes:
                st.info(md_escape(note), icon=":material/info:")
        if upload_programme("agenda", "Upload a programme export from Sessionize, Sched, pretalx or a spreadsheet"):
            st.rerun()
    if found is None:
        return None
    used = workspace.timetable_in_use()
    if used is not None:
        left, right = st.columns([3, 1])
        left.success(f"Using the repaired timetable: {len(used.repair.moves)} sessions moved, clash score "
                     f"{used.repair.before.score:.2f} → {used.repair.after.score:.2f} (chosen "
                     f"{workspace.local_time(used.used_at)}).", icon=":material/auto_fix_high:")
        if right.button("Back to the original timetable", icon=":material/undo:", key="agenda_repair_undo"):
            workspace.use_timetable(None)
            st.rerun()
    st.caption(f"{len(found.agenda.sessions):,} sessions.")
    return workspace.agenda()
