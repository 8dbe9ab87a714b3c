"""The Speaker packs tab: one HTML page per speaker with their sessions' feedback, minus what the organiser held
back; downloaded one by one or all at once as a zip named by speaker."""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from core.feedback import as_zip, file_name, speaker_packs
from core.fingerprint import content_key
from dashboard import workspace
from dashboard.feedback.insights import theme_list
from dashboard.state import FB_PACK_SPEAKER, data_key
from dashboard.widgets import counted, md_escape


def packs_tab(scored: pd.DataFrame) -> None:
    agenda = workspace.agenda()
    if agenda is None or agenda.sessions.empty:
        st.info("Speaker packs need the programme, to know who spoke where: load it on the **Agenda** page.",
                icon=":material/info:")
        return
    found = theme_list(scored)
    event = workspace.current().name
    key = content_key(scored, agenda.sessions, [(t["label"], t["members"]) for t in found or []], event,
                      date.today().isoformat())  # each pack is dated
    packs, archive = _built(key, scored, agenda.sessions, found, event)
    if not packs:
        st.info("No comment names a session of this programme (by its id or its title), so no speaker has "
                "feedback yet.", icon=":material/info:")
        return
    held = int(scored["held_back"].sum())
    st.markdown(f"A page for each of **{counted(len(packs), 'speaker')}**: their sessions' numbers, categories and "
                "themes, their top praise and top complaint as exact quotes, and every comment. It opens offline and "
                "can be emailed as it is.")
    st.caption(f"Held back from every pack: {counted(held, 'comment')}. Tick *hold back* on the **Comments** tab "
               "for a personal remark or abuse; each pack says how many of its comments were held back.")
    st.download_button(f"Download all {len(packs)} packs (zip)" if len(packs) > 1 else "Download the pack (zip)",
                       archive, "speaker_packs.zip",
                       "application/zip", icon=":material/folder_zip:", type="primary", key="fb_packs_zip")
    names = list(packs)
    pick = st.selectbox("Speaker", names, key=data_key(FB_PACK_SPEAKER, names))
    st.download_button(f"Download {md_escape(pick)}'s pack (HTML)", packs[pick].encode("utf-8"),
                       file_name(pick), "text/html", icon=":material/download:", key="fb_pack_one")
    # st.iframe shows an HTML string through srcdoc, as components.html (deprecated in Streamlit 1.56) did
    st.iframe(packs[pick], height=520)


@st.cache_data(max_entries=4, show_spinner=False)
def _built(key: str, _scored: pd.DataFrame, _sessions: pd.DataFrame, _themes: list[dict] | None, event: str
           ) -> tuple[dict[str, str], bytes]:
    """Every pack and their zip, built once per content (`key`; the other arguments are not hashed). The page
    draws every tab on each rerun, so without this any click anywhere on the page rebuilt them all: 0.37 s on the
    demo, 0.58 s for 10,000 comments."""
    packs = speaker_packs(_scored, _sessions, _themes, event)
    return packs, as_zip(packs) if packs else b""
