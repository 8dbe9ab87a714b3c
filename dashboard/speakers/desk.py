"""A speaker's own page (`?s=<token>`): the copy the organiser sent them, to approve, change or send back, and
after their session their feedback, numbers first. It shows nothing the link does not open: the store decides
what that is (`core.store.speakers.desk_for`), and every decision is checked against the link again."""
from __future__ import annotations

from dataclasses import fields
from datetime import datetime

import pandas as pd
import streamlit as st

from core.agenda import zone_of
from core.descriptions import Brief, check_draft, check_facts
from core.feedback import RATING_QUESTION, RATING_SCALE
from core.models import ModelUnavailableError
from dashboard import workspace
from dashboard.descriptions import highlighted
from dashboard.state import SPEAKER_SAID
from dashboard.widgets import counted, md_escape

NO_PAGE = "No page at this link"
KIND_TITLES = {"abstract": "Abstract", "teaser": "Teaser", "social": "Social post"}
TEXT_LIMIT = 3_000  # characters of a speaker's own version
NOTE_LIMIT = 2_000
STATUS = {"sent": ":orange-badge[:material/hourglass_top: waiting for you]",
          "approved": ":green-badge[:material/check: you approved it]",
          "changed": ":green-badge[:material/edit: your version, approved]",
          "returned": ":red-badge[:material/undo: you sent it back]"}


def no_page() -> None:
    """The one answer for a link that opens nothing: malformed, guessed, revoked or never issued alike."""
    st.title(NO_PAGE)
    st.markdown("This link does not open a page. If an organiser sent it to you, ask them for a new one.")


def speaker_page(token: str) -> None:
    desk = workspace.speaker_desk(token)
    if desk is None:
        no_page()
        return
    st.title(f"Hello, {md_escape(desk.speaker.name)}")
    st.markdown(f"{md_escape(desk.workspace.name)} · your private page: please do not share its link.")
    if (said := st.session_state.pop(SPEAKER_SAID, None)) is not None:
        st.toast(said[0], icon=said[1])
        if said[2]:
            st.warning(said[2], icon=":material/sync_problem:")
    if desk.sessions.empty:
        st.info("The programme lists no session of yours at the moment.", icon=":material/info:")
        return
    copy, feedback = st.tabs(["Your copy", "Your feedback"])
    with copy:
        _copy_section(desk)
    with feedback:
        _feedback_section(desk)


def _when(row, zone_name: str | None) -> str:
    if pd.isna(row.start):
        return "time to be announced"
    return f"{row.start:%a %d %b, %H:%M}" + (f"–{row.end:%H:%M}" if not pd.isna(row.end) else "") + (
        f" ({zone_name})" if zone_name else "") + (f" · {row.room}" if row.room else "")


def _copy_section(desk) -> None:
    if not desk.drafts:
        st.info("Nothing is waiting for you: the organisers have not sent any copy for your approval yet.",
                icon=":material/inbox:")
    waiting = sum(d.review == "sent" for d in desk.drafts)
    if desk.drafts:
        st.markdown(f"The organisers wrote this copy with the help of a small language model and ask you to check "
                    f"it before it is published. **{counted(waiting, 'piece')} waiting for you.** Names and numbers "
                    "marked :red-background[like this] are not in what you sent them: please check those first. "
                    "Sentences marked :orange-background[like this] say something your text did not, or little at "
                    "all: check those next.")
    for row in desk.sessions.itertuples():
        mine = [d for d in desk.drafts if d.session_key == row.session_id]
        st.subheader(row.title, anchor=False)
        st.markdown(md_escape(_when(row, desk.timezone)))
        if not mine:
            st.markdown("No copy of this session has been sent to you.")
        for draft in mine:
            _piece(desk, draft)


def _piece(desk, draft) -> None:
    with st.container(border=True):
        st.markdown(f"**{KIND_TITLES.get(draft.kind, draft.kind.title())}** {STATUS.get(draft.review, '')}")
        if draft.review == "returned" and draft.review_note:
            st.markdown(f"Your note: {md_escape(draft.review_note)}")
        own = draft.review == "changed"  # the speaker's own words: nothing to check them against
        marks = [] if own else check_facts(draft.shown, _brief(draft)).unsupported
        st.markdown(highlighted(draft.shown, marks, set() if own else _loose(draft)))
        key = f"{draft.id}_{draft.version}"  # a decision made elsewhere redraws every box with the new text
        approve, change, back = st.columns(3)
        if draft.review != "approved":
            approve.button("Approve as it is", key=f"spk_ok_{key}", type="primary", icon=":material/check:",
                           on_click=_decide, args=(desk, draft, "approved"))
        with change.popover("Change it", icon=":material/edit:", width="stretch"):
            st.text_area("Your version", draft.shown, height=220, max_chars=TEXT_LIMIT, key=f"spk_text_{key}")
            st.button("Save my version and approve it", key=f"spk_save_{key}", type="primary",
                      on_click=_decide, args=(desk, draft, "changed"))
        with back.popover("Send it back", icon=":material/undo:", width="stretch"):
            st.text_area("What is wrong with it?", key=f"spk_note_{key}", max_chars=NOTE_LIMIT,
                         placeholder="For example: I compare two approaches; I do not claim one is the best.")
            st.button("Send it back to the organisers", key=f"spk_back_{key}", on_click=_decide,
                      args=(desk, draft, "returned"))


def _loose(draft) -> set[str]:
    """The sentences of the copy not drawn from what the speaker sent: by their words, or the decoder's second
    opinion (what the organiser's page marks orange too)."""
    try:
        return {c.text for c in check_draft(draft.shown, _brief(draft)) if not c.supported}
    except ModelUnavailableError:
        return set()


def _brief(draft) -> Brief:
    """The brief the draft was written from (fields a newer version added and this one lacks are left out)."""
    known = {f.name for f in fields(Brief)}
    return Brief(**{k: v for k, v in draft.brief.items() if k in known})


def _decide(desk, draft, decision: str) -> None:
    """A button's callback: store the decision, and leave a line for the next run to show."""
    key = f"{draft.id}_{draft.version}"
    text = note = None
    added: list[str] = []
    if decision == "changed":
        text = str(st.session_state.get(f"spk_text_{key}", "")).strip()
        if not text:
            st.session_state[SPEAKER_SAID] = ("Your version is empty, so nothing was saved.", ":material/error:",
                                              None)
            return
        # the speaker is the source: what they add is kept, and shown to the organiser as theirs
        added = [c.text for c in check_facts(text, _brief(draft)).unsupported]
    if decision == "returned":
        note = str(st.session_state.get(f"spk_note_{key}", "")).strip()
        if not note:
            st.session_state[SPEAKER_SAID] = ("Say what is wrong with it, so the organisers can fix it.",
                                              ":material/error:", None)
            return
    try:
        edit = workspace.speaker_decides(desk, draft, decision, text, note, added)
    except LookupError:
        st.session_state[SPEAKER_SAID] = ("That piece is no longer waiting for you.", ":material/error:", None)
        return
    late = None
    if edit.replaced_by is not None:
        late = (f"This piece had been changed at {edit.replaced_at:%H:%M} UTC by {edit.replaced_by} after you "
                "opened it; your decision was saved over that change.")
    done = {"approved": "Approved. Thank you!", "changed": "Your version is saved and approved.",
            "returned": "Sent back to the organisers with your note."}[decision]
    st.session_state[SPEAKER_SAID] = (done, ":material/check_circle:", late)


def _ended(desk) -> pd.DataFrame:
    """The speaker's sessions that are over, by the event's own clock."""
    zone = zone_of(desk.timezone)
    now = datetime.now(zone).replace(tzinfo=None) if zone else datetime.now()
    ends = pd.to_datetime(desk.sessions["end"])
    return desk.sessions[ends.notna() & (ends <= now)]


def _feedback_section(desk) -> None:
    ended = _ended(desk)
    if ended.empty:
        st.info("Your attendees' feedback shows here after your session.", icon=":material/schedule:")
        return
    found = workspace.speaker_feedback(desk, ended)
    if not found or not any(f.comments for f in found):
        st.info("No feedback on your sessions has been published to you yet.", icon=":material/inbox:")
        return
    numbers_only = desk.speaker.numbers_only
    choice = st.radio("How would you like to read your feedback?", ["Numbers only", "Numbers, themes and quotes"],
                      index=None if numbers_only is None else (0 if numbers_only else 1), horizontal=True,
                      key=f"spk_choice_{numbers_only}",
                      help="Some speakers prefer not to read attendees' words. You can change this at any time.")
    if choice is not None and (choice == "Numbers only") != numbers_only:
        workspace.speaker_chooses(desk, choice == "Numbers only")
        st.rerun()
    for item in found:
        _session_feedback(item, words=numbers_only is False)


def _session_feedback(item, words: bool) -> None:
    st.subheader(item.title, anchor=False)
    if not item.comments:
        st.markdown("No feedback on this session.")
        return
    a, b, c, d = st.columns(4)
    a.metric("Comments", f"{item.comments:,}")
    b.metric(f"{RATING_QUESTION} ({RATING_SCALE})", "—" if item.rating is None else f"{item.rating:.1f}",
             help=f"Mean of {counted(item.ratings, 'answer')} to the form's question “{RATING_QUESTION}”.")
    c.metric("Positive", f"{item.positive:.0%}")
    d.metric("Negative", f"{item.negative:.0%}")
    if not words:
        return
    if item.themes:
        st.markdown("**What people wrote about:** " + ", ".join(f"{md_escape(t)} ({n})" for t, n in item.themes))
    for title, quotes in (("What people liked", item.praise), ("What people would change", item.complaints)):
        if quotes:
            st.markdown(f"**{title}**")
            for quote in quotes:
                st.markdown("> " + md_escape(quote).replace("\n", "\n> "))
    st.markdown("Quotes are attendees' own words, as the organisers approved them.")
