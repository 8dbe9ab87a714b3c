"""The Export tab: the timetable in use (the original or a repair) back into the organiser's tools and calendars,
and the workspace's drafts as CSV keyed by the programme's own session ids."""
from __future__ import annotations

import json

import numpy as np
import streamlit as st

from core.agenda import Agenda, drafts_csv, to_frab_json, to_frab_xml, to_ical, unplaced
from dashboard import workspace
from dashboard.state import AGENDA_EXPORT_ROOM, data_key
from dashboard.widgets import counted, md_escape


# Up to this many sessions the files are built with the page (milliseconds) and served as plain links; a larger
# programme builds each only when its button is clicked (iCal of 2,000 events takes ~1 s), at the cost of one
# more round trip to the server (Streamlit's deferred download), which lost clicks on a busy CI machine
EAGER_SESSIONS = 500


def _file(agenda: Agenda, make):
    return make() if len(agenda.sessions) <= EAGER_SESSIONS else make


def _name(title: str, suffix: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-")[:60] + suffix


def export_tab(agenda: Agenda, vectors: np.ndarray) -> None:
    title = workspace.current().name
    used = workspace.timetable_in_use()
    approved_only = _approved_only()
    found = workspace.drafts()
    pieces = workspace.copy_for_export(found, approved_only)
    described = workspace.copy_descriptions(found, approved_only)
    st.markdown("The timetable " + ("**as repaired** (the one in use)" if used else "as uploaded")
                + " in the formats programme tools and calendars read. Times stay in "
                + (f"**{agenda.timezone}**." if agenda.timezone else "the programme's own wall-clock time (it names "
                   "no time zone)."))
    missing = unplaced(agenda)
    if missing:
        st.caption(f"{missing} session{'s have' if missing != 1 else ' has'} no time or room, so a schedule file "
                   "has no place for them; they are left out of these files.")
    a, b, c = st.columns(3)
    a.download_button("Schedule JSON (pretalx, frab)",
                      _file(agenda, lambda: json.dumps(to_frab_json(agenda, title, described), indent=1)),
                      file_name=_name(title, "-schedule.json"), mime="application/json", icon=":material/data_object:",
                      key="agenda_export_json", help="c3voc's schedule format, the one pretalx declares.")
    b.download_button("Schedule XML (frab)", _file(agenda, lambda: to_frab_xml(agenda, title, described)),
                      file_name=_name(title, "-schedule.xml"),
                      mime="application/xml", icon=":material/code:", key="agenda_export_xml")
    c.download_button("Calendar (.ics)", _file(agenda, lambda: to_ical(agenda, title=title, copy=described)),
                      file_name=_name(title, ".ics"),
                      mime="text/calendar", icon=":material/calendar_month:", key="agenda_export_ics",
                      help="Every session, for any calendar app.")
    rooms = sorted(r for r in agenda.sessions["room"].unique() if r)
    if rooms:
        left, right = st.columns([2, 1], vertical_alignment="bottom")
        room = left.selectbox("One room's calendar", rooms, key=data_key(AGENDA_EXPORT_ROOM, rooms))
        right.download_button(f"Calendar of {room} (.ics)",
                              _file(agenda, lambda: to_ical(agenda, title=title, room=room, copy=described)),
                              file_name=_name(f"{title} {room}", ".ics"), mime="text/calendar",
                              icon=":material/meeting_room:", key="agenda_export_room_ics")
    st.download_button("Drafts by session id (CSV)", _file(agenda, lambda: drafts_csv(agenda, pieces)),
                       file_name=_name(title, "-copy.csv"), mime="text/csv", icon=":material/edit_note:",
                       key="agenda_export_drafts", disabled=not pieces,
                       help="One row per session, keyed by the programme's own ids, one column per kind of copy "
                            "(the organiser's edits where they made any), each followed by its status and whether "
                            "it is AI-assisted: to paste back into pretalx or Sessionize.")
    if not pieces:
        st.caption("No approved copy yet." if approved_only and found else
                   "No drafts yet: write them on **Session descriptions**.")
    else:
        st.caption(f"{counted(len(pieces), 'piece')} of copy from **{md_escape(title)}**; the abstracts fill the "
                   "schedule files' descriptions. Copy no person edited or approved is labelled AI-assisted beside "
                   "the text (a CSV column, an XML processing instruction, a JSON `x-copy` entry, an iCal "
                   "property), never inside it.")


def _approved_only() -> bool:
    """The workspace's choice, for these files and for the live feeds alike."""
    stored = workspace.collection().approved_only
    chosen = st.toggle("Only copy a person approved (the organiser, or the speaker)", value=stored,
                       key=f"agenda_export_approved_{stored}",
                       help="Off: every draft goes out, each with its status. The live feeds follow the same choice.")
    if chosen != stored:
        workspace.set_approved_only(chosen)
    return chosen
