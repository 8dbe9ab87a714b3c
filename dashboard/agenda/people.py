"""The Fix clashes tab's people controls: what the repair weighs ("keep topics apart", "fit rooms to demand",
"move little"), and the speakers' unavailable times (typed per speaker or uploaded), which no timetable may break.
Also what the repair changed, to announce: the lines, a short text and a CSV."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from core.agenda import (Agenda, Audience, PicksError, Weights, announcement, change_lines, changes_csv,
                         count_interest, unavailable_from)
from core.text_terms import speaker_list
from dashboard import workspace
from dashboard.state import AGENDA_UNAVAILABLE_EDITOR, data_key
from dashboard.uploads import upload_table
from dashboard.widgets import counted, md_escape, show_error


def people_controls(agenda: Agenda) -> tuple[Audience | None, Weights | None]:
    """The audience and weights for the repair, or (None, None) for today's topics-only repair."""
    picks, typed, away = workspace.picks(), workspace.expected(), workspace.unavailable()
    demand_known = bool(picks or typed)
    with st.expander("People: fit rooms to demand, keep wanted talks apart, respect speakers' unavailable times",
                     expanded=demand_known or bool(away)):
        if demand_known:
            st.caption(f"Demand from the picks of {counted(count_interest(agenda, picks).attendees, 'attendee')}"
                       + (f" and your expected audience for {counted(len(typed), 'session')}" if typed else "")
                       + " (the **Demand** tab). The solver then chooses rooms too, so a popular talk can move to a "
                         "big room.")
        else:
            st.caption("No demand yet: attendees' picks or your expected audiences (the **Demand** tab) let the "
                       "repair fit rooms to people.")
        a, b, c = st.columns(3)
        topics = a.slider("Keep topics apart", 0, 10, 5, key="agenda_fix_w_topics")
        demand = b.slider("Fit rooms to demand", 0, 10, 5 if demand_known else 0,
                          key=f"agenda_fix_w_demand_{demand_known}",  # demand arriving turns it on
                          disabled=not demand_known)
        moves = c.slider("Move little", 0, 10, 3, key="agenda_fix_w_moves")
        _unavailable_editor(agenda, away)
    if not away and (not demand_known or demand == 0):
        return None, None
    interest = count_interest(agenda, picks)
    by_speaker: dict[str, list[tuple]] = {}
    for name, start, end in away:
        by_speaker.setdefault(name.lower(), []).append((pd.Timestamp(start), pd.Timestamp(end)))
    return Audience.from_interest(agenda, interest, typed, by_speaker), Weights(topics, demand, moves)


def _unavailable_editor(agenda: Agenda, away: list[tuple]) -> None:
    names = sorted({n for field in agenda.sessions["speakers"] for n in speaker_list(str(field))})
    st.markdown("**Speakers' unavailable times** (the repair never puts their sessions there)")
    frame = pd.DataFrame({"speaker": [a[0] for a in away], "from": pd.to_datetime([a[1] for a in away]),
                          "to": pd.to_datetime([a[2] for a in away])})
    edited = st.data_editor(frame, num_rows="dynamic", hide_index=True, width="stretch",
                            key=data_key(AGENDA_UNAVAILABLE_EDITOR, away),
                            column_config={"speaker": st.column_config.SelectboxColumn(options=names, required=True),
                                           "from": st.column_config.DatetimeColumn(format="ddd D MMM HH:mm"),
                                           "to": st.column_config.DatetimeColumn(format="ddd D MMM HH:mm")})
    rows = [(str(r.speaker), pd.Timestamp(r["from"]).to_pydatetime(), pd.Timestamp(r["to"]).to_pydatetime())
            for _, r in edited.iterrows() if isinstance(r.speaker, str) and r.speaker and not pd.isna(r["from"])
            and not pd.isna(r["to"]) and r["from"] < r["to"]]
    if rows != [(n, pd.Timestamp(a).to_pydatetime(), pd.Timestamp(b).to_pydatetime()) for n, a, b in away]:
        workspace.set_unavailable(rows)
        st.rerun()
    found, name = upload_table("agenda_unavailable", "Or upload them: speaker, from, to", with_name=True)
    if found is not None:
        try:
            uploaded = unavailable_from(found)
        except PicksError as exc:
            show_error(exc)
            return
        unknown = sorted({n for n, _, _ in uploaded if n not in names})
        if unknown:
            st.warning(f"Not speakers of this programme: {', '.join(map(md_escape, unknown[:6]))}.",
                       icon=":material/help:")
        if st.button(f"Use the {counted(len(uploaded), 'unavailable time')} from {md_escape(name)}",
                     key="agenda_unavailable_use"):
            workspace.set_unavailable([(n, a.to_pydatetime(), b.to_pydatetime()) for n, a, b in uploaded])
            st.rerun()


def terms_before_after(result) -> None:
    """Each audience term before and after, beside the clash score."""
    if not result.terms:
        return
    labels = {"overflow": ("People without a seat", "Expected audience above the room's seats, over every session."),
              "audience_clashes": ("Audience clashes", "Attendees who want two sessions that run at the same time.")}
    columns = st.columns(len(result.terms))
    for column, (name, (before, after)) in zip(columns, result.terms.items()):
        label, why = labels.get(name, (name, ""))
        column.metric(label, f"{after:,}", f"{after - before:+,}" if after != before else None,
                      delta_color="inverse", help=f"{why} Before: {before:,}.")


def announce(moves: list[dict], event: str) -> None:
    """The changes, to announce: lines, a text to copy, a CSV."""
    with st.expander("Announce the changes (text for a newsletter or a post, CSV)"):
        st.code(announcement(moves, event), language=None, wrap_lines=True)
        st.download_button("Changes (CSV)", changes_csv(moves), "timetable-changes.csv", "text/csv",
                           icon=":material/download:", key="agenda_fix_changes_csv")
        st.caption("Session ids stay the same in every version, and the live feeds change as soon as you use this "
                   "timetable: an app or a calendar subscribed to them finds each session at its new place. "
                   f"{counted(len(change_lines(moves)), 'change')}.")
