"""The Demand tab: how many people want each session against its room's seats, and the sessions the same people
want that run at the same time ("audience clashes", beside the topic clashes). Interest comes from attendees'
stars on the programme's public page, from an uploaded picks file, or from the organiser's own figure."""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from core.agenda import Agenda, PicksError, audience_clashes, audience_pairs, count_interest, demand_table, picks_from
from dashboard import workspace
from dashboard.state import AGENDA_EXPECTED_EDITOR, AGENDA_SEATS_EDITOR, data_key
from dashboard.uploads import upload_table
from dashboard.widgets import counted, md_escape, show_error


def demand_tab(agenda: Agenda, vectors: np.ndarray) -> None:
    picks = workspace.picks()
    interest = count_interest(agenda, picks)
    typed = workspace.expected()
    st.markdown(f"**{counted(interest.attendees, 'attendee')}** said what they want to see"
                + (f"; you set the expected audience of {counted(len(typed), 'session')}" if typed else "") + ".")
    if not picks and not typed:
        st.caption("Attendees star sessions on the programme's public page (Workspace page: *Publish live feeds*, "
                   "then share the page's link or QR code); or upload picks you already have, or type an expected "
                   "audience per session below.")
    if interest.unknown:
        named = ", ".join(f"{md_escape(k)} ({v})" for k, v in interest.unknown.most_common(8))
        st.warning(f"Picks for {counted(len(interest.unknown), 'session id')} not in this programme were counted "
                   f"apart, not matched to a session: {named}.", icon=":material/help:")
    _upload()
    table = demand_table(agenda, interest, typed)
    _numbers(agenda, table, interest)
    left, right = st.columns([3, 2])
    with left:
        st.markdown("**Expected audience against seats**, the fullest rooms first")
        shown = table.sort_values(["overflow", "expected"], ascending=False, na_position="last")
        st.dataframe(shown.drop(columns=["start"]), hide_index=True, width="stretch")
    with right:
        st.markdown("**Sessions the same people want**, and which run at the same time")
        pairs = audience_pairs(agenda, interest, top=30)
        if pairs.empty:
            st.caption("No attendee has picked two sessions yet.")
        else:
            pairs["clash"] = pairs["clash"].map({True: "same time", False: ""})
            st.dataframe(pairs[["title_a", "title_b", "shared", "clash"]], hide_index=True, width="stretch")
    _expected_editor(agenda, table, typed)
    _seats_editor(agenda)


def _seats_editor(agenda: Agenda) -> None:
    rooms = sorted(r for r in set(agenda.sessions["room"]) if r)
    with st.expander("Seats per room", expanded=not agenda.capacity):
        frame = pd.DataFrame({"room": rooms, "seats": pd.array([agenda.capacity.get(r) for r in rooms],
                                                               dtype="Int64")})
        edited = st.data_editor(frame, hide_index=True, width="stretch", disabled=["room"],
                                key=data_key(AGENDA_SEATS_EDITOR, agenda.capacity, rooms),
                                column_config={"seats": st.column_config.NumberColumn(min_value=0, step=1)})
        changed = {room: (None if pd.isna(new) else int(new)) for room, new in zip(edited["room"], edited["seats"])
                   if (None if pd.isna(new) else int(new) or None) != agenda.capacity.get(room)}
        if changed:
            workspace.set_capacity(changed)
            st.rerun()


def _numbers(agenda: Agenda, table: pd.DataFrame, interest) -> None:
    a, b, c = st.columns(3)
    a.metric("People without a seat", f"{int(table['overflow'].fillna(0).sum()):,}",
             help="Expected audience above the room's capacity, over every session.")
    big = table[table["capacity"].fillna(0) >= table["capacity"].dropna().median()] if table["capacity"].notna().any() \
        else table.iloc[0:0]
    b.metric("Empty seats in the big rooms", f"{int(big['empty'].fillna(0).sum()):,}")
    c.metric("Audience clashes", f"{audience_clashes(agenda, interest):,}",
             help="For every two sessions at the same time, the attendees who want both.")
    missing = sorted(r for r in set(agenda.sessions["room"]) - {""} if not agenda.capacity.get(r))
    if missing:
        st.caption(f"{counted(len(missing), 'room')} without a capacity ({', '.join(map(md_escape, missing[:6]))}): "
                   "their sessions' overflow is not scored.")


def _upload() -> None:
    with st.expander("Upload picks you already have (a pre-event vote, a ticketing tool's agenda builder)"):
        st.caption("One row per attendee and session they want: an attendee id column and a session id column "
                   "(the programme's own ids). Replaces your earlier upload; attendees' stars stay.")
        frame, name = upload_table("agenda_picks", "Picks file", with_name=True)
        if frame is None:
            return
        try:
            pairs = picks_from(frame)
        except PicksError as exc:
            show_error(exc)
            return
        attendees = len({a for a, _ in pairs})
        if st.button(f"Use the picks of {counted(attendees, 'attendee')}", type="primary", key="agenda_picks_use"):
            try:
                workspace.upload_picks(pairs, name)
            except workspace.CapExceeded as exc:
                show_error(exc)
                return
            st.rerun()


def _expected_editor(agenda: Agenda, table: pd.DataFrame, typed: dict[str, int]) -> None:
    with st.expander("Type an expected audience (wins over the picks)"):
        frame = pd.DataFrame({"session_id": table["session_id"], "title": table["title"],
                              "picks": [int(x) if x is not None else 0 for x in table["expected"]],
                              "expected": pd.array([typed.get(s) for s in table["session_id"]], dtype="Int64")})
        edited = st.data_editor(frame, hide_index=True, width="stretch", disabled=["session_id", "title", "picks"],
                                key=data_key(AGENDA_EXPECTED_EDITOR, typed, list(table["session_id"])),
                                column_config={"expected": st.column_config.NumberColumn(min_value=0, step=1),
                                               "picks": st.column_config.NumberColumn("now counted")})
        changed = {sid: (None if pd.isna(new) else int(new))
                   for sid, new, old in zip(edited["session_id"], edited["expected"], frame["expected"])
                   if not (pd.isna(new) and pd.isna(old)) and (pd.isna(new) or pd.isna(old) or int(new) != int(old))}
        if changed:
            workspace.set_expected(changed)
            st.rerun()
