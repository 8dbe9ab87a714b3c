"""The Speaker sign-off tab: send chosen drafts to their speakers for approval, and read where each piece stands
("sent", "approved by the speaker", "changed by the speaker", "sent back: <note>"), with a filter for what still
waits and each piece's history, the model's text beside the speaker's."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import workspace
from dashboard.workspace import FORM, SPEAKER_KINDS
from dashboard.state import SIGN_OFF_PICK, SIGN_OFF_SAID, data_key
from dashboard.widgets import counted, md_escape

SHOW = {"Every session": lambda pieces: True,
        "Still waiting": lambda pieces: any(d.review == "sent" for d in pieces),
        "Sent back": lambda pieces: any(d.review == "returned" for d in pieces),
        "Not sent yet": lambda pieces: any(d.review is None for d in pieces)}


def _pieces() -> dict[str, list]:
    """Session id -> its drafts a speaker can sign off, in SPEAKER_KINDS order."""
    out: dict[str, list] = {}
    for (key, kind), draft in sorted(workspace.drafts().items(), key=lambda i: SPEAKER_KINDS.index(i[0][1])
                                     if i[0][1] in SPEAKER_KINDS else 9):
        if key != FORM and kind in SPEAKER_KINDS:
            out.setdefault(key, []).append(draft)
    return out


def sign_off() -> None:
    agenda = workspace.agenda()
    pieces = _pieces()
    if agenda is None or not pieces:
        st.info("Write copy for the programme's sessions first (pick a session above, or use **Batch mode**); "
                "then send it here to each speaker for approval.", icon=":material/info:")
        return
    if (said := st.session_state.pop(SIGN_OFF_SAID, None)) is not None:
        st.success(said, icon=":material/send:")
    sessions = agenda.sessions.set_index("session_id", drop=False)
    pieces = {k: v for k, v in pieces.items() if k in sessions.index}
    speaking = workspace.speakers_by_session(workspace.speakers(), sessions.loc[list(pieces)])
    reachable = {sid for sid in pieces if any(p.token for p in speaking.get(sid, []))}
    _send(pieces, sessions, reachable)
    standing = pd.Series([d.standing for found in pieces.values() for d in found]).value_counts()
    st.markdown(" · ".join(f"**{word}**: {int(standing.get(word, 0))}" for word in
                           ("sent", "approved by the speaker", "changed by the speaker", "sent back"))
                + f" · **not sent**: {sum(d.review is None for found in pieces.values() for d in found)}")
    show = st.segmented_control("Show", list(SHOW), default="Every session", key="sign_off_show")
    keep = SHOW.get(show or "Every session", SHOW["Every session"])
    rows = [_row(sid, sessions.loc[sid], found) for sid, found in pieces.items() if keep(found)]
    if not rows:
        st.caption("Nothing to show under this filter.")
        return
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch",
                 column_config={k: st.column_config.TextColumn(width="medium") for k in SPEAKER_KINDS})
    _history(pieces, sessions)


def _row(sid: str, session, found: list) -> dict:
    by_kind = {d.kind: d for d in found}
    row = {"session_id": sid, "title": session["title"], "speakers": session["speakers"]}
    for kind in SPEAKER_KINDS:
        row[kind] = by_kind[kind].provenance if kind in by_kind else ""
    row["added by the speaker"] = "; ".join(a for d in found for a in d.added)
    return row


def _send(pieces: dict, sessions: pd.DataFrame, reachable: set[str]) -> None:
    options = [(sid, d.kind) for sid, found in pieces.items() if sid in reachable for d in found
               if d.review not in ("sent", "approved", "changed")]
    labels = {o: f"{o[0]} · {o[1]} · {sessions.at[o[0], 'title'][:60]}" for o in options}
    chosen = st.multiselect("Send for approval", options, format_func=labels.__getitem__,
                            key=data_key(SIGN_OFF_PICK, options), placeholder="Choose drafts to send",
                            help="Each speaker sees the copy of their own sessions only, through their private link "
                                 "(Workspace page, Speakers).")
    unreachable = len(pieces) - len(reachable)
    if unreachable:
        st.caption(f"{counted(unreachable, 'session')} with copy {'have' if unreachable != 1 else 'has'} no speaker "
                   "with a link (no speaker named, or the link revoked), so cannot be sent.")
    if st.button("Send for approval", type="primary", icon=":material/send:", disabled=not chosen,
                 key="sign_off_send"):
        found = workspace.drafts()
        workspace.send_for_approval([found[o].id for o in chosen if o in found])
        st.session_state[SIGN_OFF_SAID] = (
            f"Sent {counted(len(chosen), 'piece')} for approval. Now share each speaker's private link from the "
            "**Workspace** page (Speakers): a mail-merge CSV, a message to copy, or e-mail from there.")
        st.rerun()


def _history(pieces: dict, sessions: pd.DataFrame) -> None:
    sent = [(sid, d) for sid, found in pieces.items() for d in found if d.review is not None]
    if not sent:
        return
    with st.expander("A piece's history: the model's text beside the speaker's"):
        labels = [f"{sid} · {d.kind} · {sessions.at[sid, 'title'][:60]}" for sid, d in sent]
        index = st.selectbox("Piece", range(len(sent)), format_func=labels.__getitem__,
                             key=data_key("sign_off_history", labels))
        draft = sent[index][1]
        left, right = st.columns(2)
        left.markdown("**Written by the model**")
        left.markdown(md_escape(draft.text))
        right.markdown(f"**Now** ({md_escape(draft.provenance)})")
        right.markdown(md_escape(draft.shown))
        if draft.added:
            right.caption("Added by the speaker (not in the brief; the speaker is the source): "
                          + ", ".join(md_escape(a) for a in draft.added))
        steps = workspace.review_history(draft.id)
        steps["at"] = [workspace.local_time(at) for at in steps["at"]]
        st.dataframe(steps[["at", "who", "action", "note", "text"]], hide_index=True, width="stretch")
