"""Model cards: where every model came from, what it costs, how it was trained, where it fails."""
import streamlit as st

from core.models import REGISTRY, cards
from dashboard.widgets import md_escape

st.title("Model cards")
st.markdown(
    "A model card says what a model is, where it came from, what it was trained on, how well it does, and "
    "where it fails. Figures marked *measured* come from this server process; load a model (Model status page) "
    "to fill them in."
)


def fmt(value, unit="", digits=1):
    return "—" if value is None else f"{value:,.{digits}f}{unit}"


for card in cards():
    with st.container(border=True):
        st.subheader(f"{card['name'].capitalize()} · {card['task']}")
        st.markdown(md_escape(card["purpose"]))
        a, b, c, d = st.columns(4)
        a.metric("Parameters (measured)", fmt(card["parameters_m"], "M"))
        b.metric("Size on disk", fmt(card["disk_mb"], " MB", 0))
        c.metric("Load time (measured)", fmt(card["load_seconds"], " s"))
        d.metric("Memory added (measured)", fmt(card["rss_delta_mb"], " MB", 0))
        st.markdown(
            f"- **Source:** {md_escape(card['source'])}\n"
            f"- **Runs on:** {md_escape(card['engine'])}\n"
            f"- **Hub id (used on Streamlit Cloud):** `{card['hub_id']}`\n"
            f"- **Licence:** {md_escape(card['licence'])}\n"
            f"- **Weights in memory:** {card['dtype'] or 'not loaded yet'}\n"
            f"- **Context window:** {fmt(card['context_window'], ' tokens', 0)}\n"
            f"- **Limitations:** {card['limitations']}")
        training = card["training"]
        if training:
            metrics = training.get("metrics_at_training_end", {})
            settings = training.get("settings", {})
            st.markdown(
                f"**Training** — base `{training['base_model']}`, {training['train_rows']:,} rows "
                f"(SST-2 train minus a held-out split, plus TweetEval for the neutral class), "
                f"{training['steps']:,} steps, {fmt(training.get('train_minutes'), ' min')} on 2 CPU cores, "
                f"{training['trainable_parameters']:,} trainable parameters (LoRA r={settings.get('rank')}).")
            rows = training.get("evaluation") or [{"check": k.replace("_", " "), "accuracy": v} for k, v in metrics.items()]
            st.dataframe(rows, hide_index=True, column_config={"accuracy": st.column_config.NumberColumn(format="percent"),
                                                               "macro_f1": st.column_config.NumberColumn("macro-F1")})
if not REGISTRY:
    st.info("No models are registered.")
