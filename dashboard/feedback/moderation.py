"""The moderation queue: what attendees sent through the app's forms, waiting for the organiser. Approve, hide
with a reason, or edit (the original stays in the change log), one at a time or all that the filter shows. Only
approved answers reach a speaker's pack; the report counts hidden ones and never quotes them."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from core.feedback import abuse_words
from dashboard import workspace
from dashboard.state import FB_QUEUE_EDITOR, FB_QUEUE_SESSIONS, data_key
from dashboard.widgets import counted, md_escape

STRONGLY_NEGATIVE = 0.9  # the classifier's probability of "negative" from which an answer is flagged
DECISIONS = {"new": "waiting", "approved": "approved", "hidden": "hidden"}


def flags_of(rows: pd.DataFrame) -> pd.Series:
    """Why a person should look closer: strongly negative, or words of the abuse list."""
    negative = rows["p_negative"].fillna(0) >= STRONGLY_NEGATIVE
    words = rows["text"].map(abuse_words)
    return pd.Series([", ".join((["strongly negative"] if n else []) + ([f"words: {' '.join(w)}"] if w else []))
                      for n, w in zip(negative, words)], index=rows.index)


def _filtered(answers: pd.DataFrame) -> pd.DataFrame:
    a, b, c = st.columns([1, 2, 1], vertical_alignment="bottom")
    status = a.selectbox("Show", ["waiting", "approved", "hidden", "every answer"], key="fb_queue_status")
    sessions = sorted(answers["session"].unique())
    chosen = b.multiselect("Session", sessions, key=data_key(FB_QUEUE_SESSIONS, sessions), placeholder="All sessions")
    flagged = c.toggle("Flagged only", key="fb_queue_flagged")
    view = answers if status == "every answer" else answers[answers["decision"] == status]
    if chosen:
        view = view[view["session"].isin(chosen)]
    return view[view["flags"] != ""] if flagged else view


def _apply(table: pd.DataFrame, edited: pd.DataFrame) -> bool:
    changed = False
    for position in table.index[(table["decision"] != edited["decision"]) | (table["reason"] != edited["reason"])]:
        status = {v: k for k, v in DECISIONS.items()}[edited.at[position, "decision"]]
        workspace.moderate([int(position)], status, edited.at[position, "reason"] or None)
        changed = True
    for position in table.index[table["text"] != edited["text"]]:
        if str(edited.at[position, "text"] or "").strip():
            workspace.edit_comment(int(position), str(edited.at[position, "text"]).strip()[:2000])
            changed = True
    return changed


def queue_tab(scored: pd.DataFrame, moderation: pd.DataFrame) -> None:
    if moderation.empty:
        st.info("Nothing from the app's forms yet. Switch the forms on and print their codes on the **Workspace** "
                "page; answers arrive here as attendees send them.", icon=":material/qr_code_2:")
        return
    answers = scored.loc[moderation.index, ["text", "session", "rating", "label", "p_negative"]].join(
        moderation[["status", "reason", "improve", "submitted_at"]])
    agenda = workspace.agenda()
    if agenda is not None:  # the session's title where the programme has it, as the organiser knows it
        titles = dict(zip(agenda.sessions["session_id"], agenda.sessions["title"]))
        answers["session"] = [titles.get(sid, sid) for sid in answers["session"]]
    answers["decision"] = answers["status"].map(DECISIONS).fillna("waiting")
    answers["flags"] = flags_of(answers)
    waiting = int((answers["status"] == "new").sum())
    st.caption(f"{counted(len(answers), 'answer')} from the forms · {waiting:,} waiting · "
               f"{int((answers['status'] == 'hidden').sum()):,} hidden · {int((answers['flags'] != '').sum()):,} "
               "flagged for a closer look. Only approved answers reach a speaker's pack.")
    view = _filtered(answers).sort_values(["flags", "submitted_at"], ascending=[False, False])
    table = view[["decision", "reason", "text", "flags", "session", "rating", "label", "submitted_at"]].assign(
        reason=view["reason"].fillna(""))
    revision = workspace.current().revisions.get("feedback", 0)
    edited = st.data_editor(
        table, hide_index=True, width="stretch", key=data_key(FB_QUEUE_EDITOR, revision, list(view.index)),
        disabled=["flags", "session", "rating", "label", "submitted_at"],
        column_config={"decision": st.column_config.SelectboxColumn("decision", options=list(DECISIONS.values()),
                                                                    required=True),
                       "reason": st.column_config.TextColumn("reason to hide", max_chars=200),
                       "text": st.column_config.TextColumn("comment (edit to correct)", width="large",
                                                           max_chars=4100),
                       "submitted_at": st.column_config.DatetimeColumn("sent (UTC)", format="D MMM, HH:mm")})
    if _apply(table, edited):
        st.rerun()
    _bulk(view)


@st.fragment(run_every=20)
def live_answers() -> None:
    """New answers from the forms, per session, read afresh every 20 seconds while the page is open."""
    waiting = workspace.new_responses_now()
    if not waiting:
        return
    agenda = workspace.agenda()
    titles = dict(zip(agenda.sessions["session_id"], agenda.sessions["title"])) if agenda is not None else {}
    busiest = sorted(waiting.items(), key=lambda item: -item[1])
    st.info(f"**{counted(sum(waiting.values()), 'new answer')}** from the attendee forms wait on *Form answers*: "
            + ", ".join(f"{md_escape(titles.get(sid, sid))} ({n})" for sid, n in busiest[:6])
            + (f" and {len(busiest) - 6} more sessions" if len(busiest) > 6 else "")
            + ". Rerun the page to read them.", icon=":material/mark_chat_unread:")


def _bulk(view: pd.DataFrame) -> None:
    left, mid, right = st.columns([2, 1, 1], vertical_alignment="bottom")
    reason = left.text_input("Reason, when hiding", max_chars=200, key="fb_queue_reason",
                             placeholder="abuse, personal remark, off-topic…")
    shown = view.index.tolist()
    if mid.button(f"Approve the {len(shown):,} shown", key="fb_queue_approve", disabled=not shown,
                  icon=":material/check:"):
        workspace.moderate(shown, "approved")
        st.rerun()
    if right.button(f"Hide the {len(shown):,} shown", key="fb_queue_hide", disabled=not shown,
                    icon=":material/visibility_off:"):
        workspace.moderate(shown, "hidden", reason.strip() or None)
        st.rerun()
