"""Model families: one event text through an encoder, a decoder, and what an encoder-decoder would do."""
import numpy as np
import pandas as pd
import streamlit as st

from core.descriptions import Brief, draft
from core.models import EngineError, Request, Sampling, embed
from core.feedback import classify
from dashboard import workspace
from dashboard.state import persist
from dashboard.widgets import md_escape, model_or_stop, show_error

st.title("Model families")
st.markdown(
    "Transformers come in three families. **Encoder-only** models (BERT, MiniLM) read the whole text at once "
    "and turn it into vectors: good for classifying and comparing. **Decoder-only** models (GPT, Llama, "
    "SmolLM2) read left to right and predict the next token: good for writing. **Encoder-decoder** models "
    "(T5, BART) read with an encoder and write with a decoder: good for turning one text into another, "
    "such as a summary or a translation. Below, one event text goes through what this app has."
)
comments, agenda = workspace.comment_set(), workspace.agenda()
default = (comments.feedback.comments["text"].iloc[0] if comments is not None and len(comments.feedback.comments)
           else "The workshop was brilliant but the room was far too hot.")
text = st.text_area("Event text", max_chars=2000, height=90, **persist("fam_text", default))
if not text.strip():
    st.stop()

enc, dec, encdec = st.columns(3)
with enc:
    st.subheader("Encoder-only")
    model_or_stop("embedder", "encoder")
    vector = embed([text])[0]
    st.markdown(f"**An embedding**: {vector.shape[0]} numbers, length {np.linalg.norm(vector):.2f}")
    st.code(np.array2string(vector[:8], precision=3) + " …", language=None)
    if agenda is not None:
        sessions = agenda.sessions
        scores = embed((sessions["title"] + ". " + sessions["abstract"]).tolist()) @ vector
        best = int(np.argmax(scores))
        st.markdown(f"**Closest session**: {md_escape(sessions.title.iloc[best])} (cosine {scores[best]:.2f})")
    model_or_stop("sentiment", "classifier")
    result = classify([text])[0]
    st.markdown(f"**A class**: {result['label']} ({result['score']:.0%})")
    st.caption("Same encoder family, with a trained classification head on top.")
with dec:
    st.subheader("Decoder-only")
    engine = model_or_stop("decoder", "decoder")
    continuation = Request(prompt=text[-1500:], sampling=Sampling(greedy=True), max_tokens=40)
    try:
        rows = engine.next_token(continuation, top_n=5, with_sampling=False)
    except EngineError as exc:
        show_error(exc)
        st.stop()
    st.markdown("**The next token**")
    st.dataframe(pd.DataFrame(rows)[["token", "p_raw"]], hide_index=True, width="stretch",
                 column_config={"p_raw": st.column_config.ProgressColumn("probability", min_value=0, max_value=1, format="%.2f")})
    if st.button("Continue the text", key="fam_continue"):
        try:
            st.write_stream(engine.stream(continuation))
        except EngineError as exc:
            show_error(exc)
with encdec:
    st.subheader("Encoder-decoder")
    st.markdown(
        "An encoder-decoder would read this text with its encoder and write a **new** text from it with its "
        "decoder, attending to the encoder's vectors at every step: a summary, a translation, a reply. "
        "This app ships no encoder-decoder (the smallest useful ones are several hundred MB), so the closest "
        "it can do is ask its decoder-only model to summarise:")
    if st.button("Summarise with the decoder", key="fam_summary"):
        brief = Brief(title=text[:200], kind="teaser", notes=text)
        try:
            st.write(draft(brief, sampling=Sampling(greedy=True), max_tokens=48, engine=engine))
        except EngineError as exc:
            show_error(exc)
        st.caption("A one-line teaser written from the text: the decoder re-reads everything it was given, "
                   "instead of an encoder summarising it once.")
