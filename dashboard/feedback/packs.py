"""The Speaker packs tab: one HTML page per speaker with their sessions' feedback, minus what the organiser held
back; downloaded one by one or all at once as a zip named by speaker."""
from __future__ import annotations

import pandas as pd
import streamlit as st
import streamlit.components.v1 as components

from core.feedback import packs as core_packs
from dashboard import workspace
from dashboard.feedback.insights import theme_list
from dashboard.widgets import md_escape


def packs_tab(scored: pd.DataFrame) -> None:
    agenda = workspace.agenda()
    if agenda is None or agenda.sessions.empty:
        st.info("Speaker packs need the programme, to know who spoke where: load it on the **Agenda** page.",
                icon=":material/info:")
        return
    found = theme_list(scored)
    event = workspace.current().name
    packs = core_packs.speaker_packs(scored, agenda.sessions, found, event)
    if not packs:
        st.info("No comment names a session of this programme (by its id or its title), so no speaker has "
                "feedback yet.", icon=":material/info:")
        return
    held = int(scored["held_back"].sum())
    st.markdown(f"A page for each of **{len(packs)} speakers**: their sessions' numbers, categories and themes, "
                "their top praise and top complaint as exact quotes, and every comment. It opens offline and can be "
                "emailed as it is.")
    st.caption(f"{held:,} comments are held back and appear in no pack. Tick *hold back* on the **Comments** tab "
               "for a personal remark or abuse; each pack says how many of its comments were held back.")
    st.download_button(f"Download all {len(packs)} packs (zip)", core_packs.as_zip(packs), "speaker_packs.zip",
                       "application/zip", icon=":material/folder_zip:", type="primary", key="fb_packs_zip")
    names = list(packs)
    pick = st.selectbox("Speaker", names, key="fb_pack_speaker")
    st.download_button(f"Download {md_escape(pick)}'s pack (HTML)", packs[pick].encode("utf-8"),
                       core_packs.file_name(pick), "text/html", icon=":material/download:", key="fb_pack_one")
    components.html(packs[pick], height=520, scrolling=True)
