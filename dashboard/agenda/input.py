"""Where the agenda page gets its sessions: the workspace's programme, which an upload replaces, with the
timetable in use applied (the original, or a repair the organiser chose)."""
from __future__ import annotations

import streamlit as st

from core.agenda import (EXPECTED, PROGRAMME_NAMES, REQUIRED, Agenda, ProgrammeError, guess_mapping, normalise,
                         programme_suffixes, read_if_programme)
from core.readers import formats_phrase, suffixes
from dashboard import workspace
from dashboard.uploads import map_columns, read_uploaded
from dashboard.widgets import counted, md_escape, show_error

LABELS = {"title": "Title", "abstract": "Abstract / description", "speakers": "Speakers", "format": "Format",
          "track": "Track", "room": "Room", "start": "Start", "end": "End", "session_id": "Session id",
          "language": "Language", "level": "Level", "bios": "Speaker bios"}


def upload_programme(key: str, what: str) -> bool:
    """An uploader whose file becomes the workspace's programme; True once it has. A pretalx, frab, Sessionize
    or iCalendar export is read as it is; any other table goes through the column mapping."""
    upload = st.file_uploader(f"{what}: {PROGRAMME_NAMES} read as they are; or {formats_phrase()} with columns you "
                              "map",
                              type=list(dict.fromkeys([*suffixes(), *programme_suffixes()])), key=f"{key}_file")
    if upload is None:
        return False
    data = upload.getvalue()
    try:
        with st.spinner(f"Reading {md_escape(upload.name)}…"):  # an iCalendar file of a whole programme takes a second
            agenda = read_if_programme(data, upload.name)
    except ProgrammeError as exc:
        st.error(f"**{md_escape(upload.name)}**: {exc}", icon=":material/error:")
        return False
    if agenda is not None:
        st.success(f"Read as a **{agenda.source_format}** export: {describe(agenda)}. No columns to map.",
                   icon=":material/check_circle:")
        for note in agenda.notes:
            st.info(md_escape(note), icon=":material/info:")
        s = agenda.sessions
        shown = ["title", "speakers", "room", "start", "end", *[c for c in ("language", "level") if (s[c] != "").any()]]
        st.dataframe(s[shown].head(5), hide_index=True)
        return _keep(agenda, upload.name, key)
    if upload.name.lower().endswith((".xml", ".ics")):
        st.error(f"**{md_escape(upload.name)}**: it is not a programme export this page reads: expected {EXPECTED}.",
                 icon=":material/error:")
        return False
    frame = read_uploaded(data, upload.name)
    if frame is None:
        return False
    st.dataframe(frame.head(5), hide_index=True)
    mapping = map_columns(key, list(frame.columns), LABELS, guess_mapping(list(frame.columns)), REQUIRED)
    if not all(mapping.get(f) for f in REQUIRED):
        return False
    agenda = normalise(frame, mapping)
    if agenda.sessions.empty:
        st.error("No sessions with a title were found in that file.", icon=":material/error:")
        return False
    return _keep(agenda, upload.name, key)


def describe(agenda: Agenda) -> str:
    """Example: "36 sessions in 2 rooms (Hall A: 300 seats), times in Europe/Berlin" """
    s = agenda.sessions
    rooms = s.loc[s["room"] != "", "room"].nunique()
    seats = ", ".join(f"{md_escape(r)}: {c:,} seats" for r, c in list(agenda.capacity.items())[:4])
    return (f"{counted(len(s), 'session')} in {counted(rooms, 'room')}" + (f" ({seats})" if seats else "")
            + (f", times in {agenda.timezone}" if agenda.timezone else ""))


def _keep(agenda: Agenda, filename: str, key: str) -> bool:
    if not st.button("Use this programme", type="primary", key=f"{key}_use"):
        return False
    try:
        workspace.save_programme(agenda, filename)
    except workspace.CapExceeded as exc:
        show_error(exc)
        return False
    return True


def agenda_source() -> Agenda | None:
    """The agenda in use, with the programme's notes, a way to replace it, and the way back from a repair."""
    found = workspace.programme()
    with st.expander("Programme", icon=":material/table:", expanded=found is None):
        if found is not None:
            st.caption(f"From **{md_escape(found.filename)}** ({found.agenda.source_format}: "
                       f"{describe(found.agenda)}), loaded by {md_escape(found.created_by)} at "
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
        left.success(f"Using the repaired timetable: {counted(len(used.repair.moves), 'session')} moved, clash score "
                     f"{used.repair.before.score:.2f} → {used.repair.after.score:.2f} (chosen "
                     f"{workspace.local_time(used.used_at)}).", icon=":material/auto_fix_high:")
        if right.button("Back to the original timetable", icon=":material/undo:", key="agenda_repair_undo"):
            workspace.use_timetable(None)
            st.rerun()
    st.caption(f"{counted(len(found.agenda.sessions), 'session')}.")
    return workspace.agenda()
