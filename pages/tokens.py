"""Tokens and context windows: how each model cuts event text into tokens, and what fits in its window."""
from functools import partial

import pandas as pd
import streamlit as st

from core.models import EngineError
from core.concepts import WELL_KNOWN_WINDOWS, count_tokens, count_with_engine, fits, tokenize, tokenize_with_engine
from dashboard import workspace
from dashboard.state import persist
from dashboard.widgets import md_escape, model_or_stop, show_error

st.title("Tokens and context windows")
st.markdown(
    "Models never see characters or words: a **tokenizer** cuts text into pieces from a fixed vocabulary and "
    "the model reads their ids. The **context window** is how many tokens a model can read at once; "
    "everything else is invisible to it. SmolLM2 uses byte-pair encoding (BPE, 49,152 tokens); MiniLM uses "
    "WordPiece (30,522 tokens, `##` marks a piece that continues a word)."
)

agenda = workspace.agenda()
default = agenda.sessions["abstract"].iloc[min(1, len(agenda.sessions) - 1)] if agenda is not None else \
    "Join us at the Harbourline Tech Summit for two days of talks, workshops and hallway conversations!"
choice = st.radio("Tokenizer", ["SmolLM2 (BPE, decoder)", "MiniLM (WordPiece, encoder)"], horizontal=True,
                  key="tok_choice")
text = st.text_area("Text", height=120, max_chars=20_000, **persist("tok_text", default))
if choice.startswith("SmolLM2"):
    engine = model_or_stop("decoder", "decoder")
    window = engine.context_window or 8192
    cut, count = partial(tokenize_with_engine, engine), partial(count_with_engine, engine)
else:
    embedder = model_or_stop("embedder", "encoder")
    window = embedder.max_seq_length
    cut, count = partial(tokenize, embedder.tokenizer), partial(count_tokens, embedder.tokenizer)
try:
    pieces = cut(text)
except EngineError as exc:
    show_error(exc)
    st.stop()
shades = ["blue", "orange", "green", "violet"]
st.markdown(" ".join(f":{shades[i % 4]}-background[{md_escape(t.text.strip()) or '␣'}]"
                     for i, t in enumerate(pieces[:400])))
if len(pieces) > 400:
    st.caption(f"Showing the first 400 of {len(pieces):,} tokens.")
a, b, c = st.columns(3)
a.metric("Tokens", f"{len(pieces):,}")
b.metric("Characters per token", f"{len(text) / max(len(pieces), 1):.2f}")
c.metric("Share of this model's window", f"{len(pieces) / window:.1%}", help=f"{window:,} tokens")
with st.expander("Token ids"):
    st.dataframe(pd.DataFrame([{"token": t.text, "id": t.id} for t in pieces]), hide_index=True, width="stretch")

st.subheader("Does the agenda fit?")
if agenda is None:
    st.info("Open a workspace with a programme (or load the demo event) on **Home** to measure a whole agenda.",
            icon=":material/info:")
    st.stop()
counts = count(agenda.sessions["abstract"].tolist())
windows = {f"this model ({window:,})": window, **WELL_KNOWN_WINDOWS}
fit = pd.DataFrame(fits(counts, windows))
st.caption(f"The {len(counts)} abstracts of {md_escape(workspace.current().name)} are {sum(counts):,} tokens with this tokenizer "
           f"(mean {sum(counts) / len(counts):.0f} per abstract).")
st.dataframe(fit, hide_index=True, width="stretch",
             column_config={"fits_all": st.column_config.CheckboxColumn("whole agenda fits"),
                            "items_that_fit": st.column_config.NumberColumn("abstracts that fit, in order"),
                            "share_used": st.column_config.ProgressColumn("agenda ÷ window", min_value=0, max_value=1)})
