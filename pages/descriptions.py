"""Session descriptions: the decoder writes event copy, best of several checked candidates, in one or in batch."""
import streamlit as st

from dashboard import workspace
from dashboard.descriptions import (batch_mode, brief_form, read_prompt_ahead, settings_panel, show_results,
                                    sign_off, why_this_word, write_drafts)
from dashboard.widgets import counted

st.title("Session descriptions")
st.markdown(
    "A decoder-only language model writes one token at a time: it scores every possible next token, turns the "
    "scores into probabilities, and draws one. Temperature, top-k and top-p decide how adventurous that draw is. "
    "Here a small model (SmolLM2, 135M parameters, 4-bit) runs on this server's CPU in llama.cpp, which "
    "writes several drafts side by side."
)

workspace.require()
form, controls = st.columns([3, 2])
with form:
    brief = brief_form()
with controls:
    run = settings_panel(brief.kind)
read_prompt_ahead(brief, run)

job = workspace.job()
if job is not None and job.status == "running":
    st.info(f"A batch is writing the {job.kind}s of {counted(len(job.session_keys), 'session')} "
            f"({len(job.done)} written so far): see **Batch mode**.", icon=":material/playlist_play:")
one, why, many, speakers = st.tabs(["Write", "Why this word?", "Batch mode", "Speaker sign-off"])
with one:
    if st.button("Generate", type="primary", icon=":material/edit_note:", disabled=not brief.title.strip()):
        write_drafts(brief, run)
    elif not brief.title.strip():
        st.caption("Give the session a title to start.")
    show_results()
with why:
    why_this_word(brief, run)
with many:
    batch_mode(run, brief.event, brief.tone)
with speakers:
    sign_off()
