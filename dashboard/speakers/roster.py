"""The Workspace page's Speakers section: every speaker of the programme with their private link, e-mail and what
waits for their approval; merging two spellings of one person; a new or revoked link; the messages, as a
mail-merge CSV, as text to copy, or sent through the SMTP server in the secrets."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from core.speakers import SmtpSettings, mail_merge_csv, message_for, send_messages
from dashboard import workspace
from dashboard.collecting import origin
from dashboard.state import SPEAKER_MERGE, SPEAKER_PICK, data_key
from dashboard.widgets import counted, md_escape, show_error


def link_of(speaker) -> str | None:
    return f"{origin()}/?s={speaker.token}" if speaker.token else None


def waiting(people, found: dict, sessions: pd.DataFrame) -> dict[int, list[str]]:
    """Speaker id -> what waits for their approval, in words. Example: {3: ["the abstract of “Pandas for …”"]}"""
    titles = dict(zip(sessions["session_id"].astype(str), sessions["title"]))
    speaking = workspace.speakers_by_session(people, sessions)
    out: dict[int, list[str]] = {p.id: [] for p in people}
    for (key, kind), draft in found.items():
        if draft.review == "sent" and key in titles:
            for person in speaking.get(key, []):
                out[person.id].append(f"the {kind} of “{titles[key]}”")
    return out


def messages(people, event: str) -> list:
    agenda, found = workspace.agenda(), workspace.drafts()
    sessions = agenda.sessions if agenda is not None else pd.DataFrame(columns=["session_id", "title", "speakers"])
    waits = waiting(people, found, sessions)
    return [message_for(p.name, p.email, event, link_of(p), waits[p.id]) for p in people if p.token]


def speakers_section() -> None:
    people = workspace.speakers()
    if not people:
        st.info("Speakers come from the programme: load it on the **Agenda similarity** page (or the demo event).",
                icon=":material/info:")
        return
    event = workspace.current().name
    mail = messages(people, event)
    by_name = {m.speaker: m for m in mail}
    st.dataframe(pd.DataFrame({
        "speaker": [p.name + (f" (also {', '.join(p.spellings)})" if p.spellings else "") for p in people],
        "e-mail": [p.email or "" for p in people],
        "waiting": [len(by_name[p.name].waiting) if p.name in by_name else 0 for p in people],
        "private link": [link_of(p) or "revoked" for p in people]}),
        hide_index=True, width="stretch", column_config={"private link": st.column_config.TextColumn(width="large")})
    a, b = st.columns(2)
    a.download_button("Mail-merge CSV (speaker, e-mail, link, what waits)", mail_merge_csv(mail),
                      "speaker_links.csv", "text/csv", icon=":material/download:", key="spk_merge_csv")
    waiting = [m for m in mail if m.waiting]
    b.caption(f"{counted(len(waiting), 'speaker')} with copy waiting for their approval. A link opens that "
              "speaker's own page only: their sessions, the copy sent to them and, after the event, their feedback.")
    _one_speaker(people, by_name)
    _merge(people)
    _send(waiting)


def _one_speaker(people, by_name: dict) -> None:
    names = [p.name for p in people]
    pick = st.selectbox("Speaker", names, key=data_key(SPEAKER_PICK, names))
    person = next(p for p in people if p.name == pick)
    email = st.text_input("E-mail", person.email or "", max_chars=320, key=f"spk_email_{person.id}_{person.email}",
                          help="Kept when a new programme is loaded.")
    if email.strip() != (person.email or ""):
        try:
            workspace.set_speaker_email(person.id, email)
            st.rerun()
        except ValueError as exc:
            show_error(exc)
    left, right = st.columns(2)
    left.button("New link (the old one stops working)", key=f"spk_reissue_{person.id}", icon=":material/autorenew:",
                on_click=workspace.reissue_speaker_link, args=(person.id,))
    right.button("Revoke the link", key=f"spk_revoke_{person.id}", icon=":material/link_off:",
                 disabled=person.token is None, on_click=workspace.revoke_speaker_link, args=(person.id,))
    if pick in by_name:
        st.caption(f"The message for {md_escape(pick)}, to copy:")
        st.code(by_name[pick].body, language=None, wrap_lines=True)


def _merge(people) -> None:
    if len(people) < 2:
        return
    with st.expander("Two spellings of one person? Merge them"):
        names = [p.name for p in people]
        keep = st.selectbox("Keep", names, key=data_key(SPEAKER_MERGE, names, "keep"))
        other = st.selectbox("Merge into it", [n for n in names if n != keep],
                             key=data_key(SPEAKER_MERGE, names, keep, "other"))
        if st.button("Merge", key="spk_merge", icon=":material/merge:"):
            ids = {p.name: p.id for p in people}
            workspace.merge_speakers(ids[keep], ids[other])
            st.rerun()


def _send(waiting: list) -> None:
    try:
        settings = SmtpSettings.from_secrets(_smtp_secrets())
    except ValueError as exc:
        show_error(exc)
        return
    if settings is None:
        st.caption("To send the messages from here, add an `[smtp]` section to the app's secrets (see the README).")
        return
    ready = [m for m in waiting if m.email]
    if st.button(f"E-mail the {counted(len(ready), 'speaker')} with copy waiting", key="spk_send",
                 icon=":material/send:", disabled=not ready):
        bar = st.progress(0.0, text="Sending…")
        try:
            failed = send_messages(settings, ready, progress=lambda share: bar.progress(share, text="Sending…"))
        except OSError as exc:
            bar.empty()
            st.error(f"The mail server {settings.host}:{settings.port} could not be reached ({exc}).",
                     icon=":material/error:")
            return
        except Exception as exc:  # smtplib's own errors carry the server's words
            bar.empty()
            st.error(f"The mail server refused: {exc}", icon=":material/error:")
            return
        bar.empty()
        sent = len(ready) - len(failed)
        st.success(f"Sent {counted(sent, 'message')}.", icon=":material/mark_email_read:")
        for name, why in failed.items():
            st.warning(f"Not sent to {md_escape(name)}: {md_escape(why)}.", icon=":material/unsubscribe:")


def _smtp_secrets():
    try:
        return st.secrets.get("smtp")
    except FileNotFoundError:  # no secrets file at all
        return None
