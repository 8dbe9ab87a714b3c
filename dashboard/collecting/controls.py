"""The Workspace page's section for the event itself: attendee forms (on or off, when they open, one per session
with its link, state and new answers, signage to print) and the live programme feeds for apps and calendars."""
from __future__ import annotations

from urllib.parse import urlsplit

import pandas as pd
import streamlit as st

from core.feedback import STATES, qr_png, signage_zip
from dashboard import workspace
from dashboard.state import COLLECT_FORM_STATE, COLLECT_FORMS_EDITOR, COLLECT_QR_SESSION, data_key
from dashboard.widgets import counted, md_escape

LABELS = {key: f"{key}: {said}" for key, said in STATES.items()}


def origin() -> str:
    """Where this app is served, as attendees' phones reach it: "https://events.example.org"."""
    parts = urlsplit(st.context.url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else "http://localhost:8501"


def forms_section() -> None:
    agenda = workspace.agenda()
    if agenda is None or agenda.sessions.empty:
        st.info("Load a programme first (Agenda similarity page or the demo event): each session gets its own form.",
                icon=":material/info:")
        return
    settings = workspace.collection()
    on = st.toggle("Collect feedback through the app's own forms, one per session", value=settings.forms_on,
                   key="collect_forms_on")
    if on != settings.forms_on:
        workspace.set_collection(forms_on=on)
        st.rerun()
    links = workspace.form_links()
    missing = [s for s in agenda.sessions["session_id"] if s not in links]
    if on and missing:  # a new programme, or sessions added: their forms are made as the page shows them
        workspace.issue_forms(missing)
        st.rerun()
    if not on:
        st.caption("Each session gets a private link and QR code; attendees rate it 1–5 and comment from their phones. "
                   "Answers land in this workspace's comments and wait for your approval before any speaker sees "
                   "them.")
        return
    _window(settings, agenda.timezone)
    _forms_table(agenda, links)
    _signage(agenda, links)


def _window(settings, zone: str | None) -> None:
    a, b = st.columns(2)
    before = a.number_input("A form opens, minutes before its session", 0, 24 * 60, settings.opens_before_min, 5,
                            key="collect_opens_before")
    after = b.number_input("It closes, hours after its session ends", 0, 24 * 14, settings.closes_after_min // 60, 1,
                           key="collect_closes_after")
    if before != settings.opens_before_min or after * 60 != settings.closes_after_min:
        workspace.set_collection(opens_before_min=int(before), closes_after_min=int(after) * 60)
        st.rerun()
    st.caption("Times follow the timetable in use, on the programme's clock: "
               + (f"**{md_escape(zone)}**." if zone else "**UTC** (the programme names no time zone)."))


def _forms_table(agenda, links) -> None:
    waiting = workspace.new_responses()
    s = agenda.sessions
    table = pd.DataFrame({
        "state": [LABELS[links[sid].state] for sid in s["session_id"]],
        "title": s["title"].tolist(), "when": [f"{a:%a %d %b %H:%M}" if pd.notna(a) else "" for a in s["start"]],
        "room": s["room"].tolist(), "new answers": [waiting.get(sid, 0) for sid in s["session_id"]],
        "link": [f"{origin()}/f/{links[sid].token}" for sid in s["session_id"]]}, index=s["session_id"])
    st.caption(f"{counted(sum(waiting.values()), 'answer')} waiting in the queue on **Attendee feedback**. Change a "
               "session's state in the table: *auto* follows the timetable, *open* and *closed* override it now, "
               "*off* switches its form off.")
    edited = st.data_editor(
        table, hide_index=True, width="stretch", disabled=["title", "when", "room", "new answers", "link"],
        key=data_key(COLLECT_FORMS_EDITOR, workspace.current().revisions.get("feedback", 0), list(table.index)),
        column_config={"state": st.column_config.SelectboxColumn("form", options=list(LABELS.values()),
                                                                 required=True),
                       "link": st.column_config.LinkColumn("link", display_text="open")})
    changed = table.index[table["state"] != edited["state"]]
    if len(changed):
        for label, ids in edited.loc[changed].groupby("state").groups.items():
            workspace.set_form_state(list(ids), label.split(":")[0])
        st.rerun()


def _one_session(agenda, links) -> None:
    """One session's form: open or close it now, its code to show or download, a new link if the old leaked."""
    titles = dict(zip(agenda.sessions["session_id"], agenda.sessions["title"]))
    options = list(titles)
    sid = st.selectbox("One session's form", options, format_func=titles.get,
                       key=data_key(COLLECT_QR_SESSION, options))
    link = links[sid]
    chosen = st.segmented_control("Its form", list(STATES), format_func=STATES.get, default=link.state,
                                  key=data_key(COLLECT_FORM_STATE, sid, link.state, link.token))
    if chosen and chosen != link.state:
        workspace.set_form_state([sid], chosen)
        st.rerun()
    url = f"{origin()}/f/{link.token}"
    st.image(qr_png(url, scale=6), caption=url, width=220)
    a, b = st.columns(2)
    a.download_button("Download this code (PNG)", qr_png(url), f"qr-{sid}.png", "image/png",
                      icon=":material/qr_code_2:", key="collect_qr_png")
    if b.button("New link for this session", icon=":material/autorenew:", key="collect_reissue",
                help="The old link and its printed code stop working at once."):
        workspace.reissue_form(sid)
        st.rerun()


def _signage(agenda, links) -> None:
    left, right = st.columns([2, 1])
    with left:
        _one_session(agenda, links)
    with right:
        st.markdown("**Signage to print**: a page per room and day with each session's time, title and code, and a "
                    "PNG code per session.")
        if st.button("Prepare the signage (zip)", icon=":material/print:", key="collect_signage"):
            with st.spinner("Drawing the codes and pages…"):
                st.session_state["collect_signage_zip"] = signage_zip(
                    workspace.current().name, agenda.sessions,
                    {sid: f"{origin()}/f/{link.token}" for sid, link in links.items()})
        if "collect_signage_zip" in st.session_state:
            st.download_button("Download the signage", st.session_state.pop("collect_signage_zip"),
                               "signage.zip", "application/zip", icon=":material/download:", type="primary",
                               key="collect_signage_download")


def feeds_section() -> None:
    token = workspace.collection().feed_token
    if token is None:
        st.caption("Conference apps (Giggity, EventFahrplan, Confero) and attendees' calendars can subscribe to the "
                   "timetable in use: a repair you use reaches them on their next refresh.")
        if st.button("Publish live feeds", icon=":material/rss_feed:", key="collect_feed_on"):
            workspace.issue_feed()
            st.rerun()
        return
    base = f"{origin()}/p/{token}"
    st.markdown(f"[Public programme page]({base}/) · [schedule.json]({base}/schedule.json) · "
                f"[schedule.xml]({base}/schedule.xml) · [schedule.ics]({base}/schedule.ics)")
    st.code(f"webcal://{base.split('://', 1)[1]}/schedule.ics", language=None, wrap_lines=True)
    st.caption("They hold the programme (the timetable in use, the abstracts as you chose to publish them), never "
               "comments. On the public page attendees star what they want to see: the counts show on the Agenda "
               "page's **Demand** tab.")
    st.image(qr_png(f"{base}/"), caption=f"{base}/", width=160)
    a, b = st.columns(2)
    if a.button("New feed link", icon=":material/autorenew:", key="collect_feed_new",
                help="The old link stops working; subscribers need the new one."):
        workspace.issue_feed()
        st.rerun()
    if b.button("Switch the feeds off", icon=":material/cancel:", key="collect_feed_off"):
        workspace.revoke_feed()
        st.rerun()
