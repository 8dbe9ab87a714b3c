"""The feedback page's tabs that read the labels: sessions, time, why, encoder vs decoder, export."""
from __future__ import annotations

import time

import pandas as pd
import streamlit as st

from core.feedback import classify, classify_zero_shot, explain, most_negative, rollup, trend
from core.models import ModelUnavailableError
from dashboard.charts import sentiment_distribution, sentiment_over_time, sentiment_per_session, word_effects
from dashboard.state import FB_WHY_COMMENT, data_key
from dashboard.widgets import download_csv, md_escape, show_error

PCT = st.column_config.NumberColumn(format="percent")


def sessions_tab(scored: pd.DataFrame) -> None:
    table = rollup(scored)
    st.altair_chart(sentiment_per_session(table), width="stretch")
    st.dataframe(table, hide_index=True, width="stretch",
                 column_config={c: PCT for c in ("share_negative", "share_neutral", "share_positive")} |
                 {"net_sentiment": st.column_config.NumberColumn("net sentiment", format="%+.2f",
                                                                 help="share positive − share negative"),
                  "mean_rating": st.column_config.NumberColumn("mean rating", format="%.1f ★")})
    left, right = st.columns(2)
    with left:
        st.markdown("**Most negative comments per session**")
        st.dataframe(most_negative(scored, 2), hide_index=True, width="stretch",
                     column_config={"p_negative": PCT})
    with right:
        disagree = scored[scored["rating_disagrees"]]
        st.markdown(f"**Ratings that disagree with the words** ({len(disagree)})")
        st.caption("4–5 stars on a comment that reads negative, or 1–2 stars on one that reads positive: a wrong "
                   "click, sarcasm, or a model mistake. Worth a look before trusting either number.")
        st.dataframe(disagree[["text", "rating", "label", "session"]], hide_index=True, width="stretch")
    st.altair_chart(sentiment_distribution(scored), width="stretch")


def time_tab(scored: pd.DataFrame) -> None:
    over_time = trend(scored)
    if over_time.empty:
        st.info("These comments have no timestamps; map a timestamp column to see a trend.", icon=":material/schedule:")
        return
    st.altair_chart(sentiment_over_time(over_time), width="stretch")


def why_tab(scored: pd.DataFrame) -> None:
    st.markdown("Leave-one-word-out: the classifier re-reads the comment once per word with that word removed. "
                "Words whose removal weakens the predicted label pushed the model **towards** it (measured in "
                "log-odds, so it still works when the model is 99.9% sure).")
    options = scored.sort_values("confidence").index.tolist()
    index = st.selectbox("Comment", options, format_func=lambda i: scored.text[i][:120],
                         key=data_key(FB_WHY_COMMENT, scored["text"]))
    if index is None:
        return
    effects = pd.DataFrame(explain(scored.text[index]))
    if effects.empty:
        return
    label = effects.label[0]
    threshold = max(0.1, effects.effect.abs().max() * 0.25)
    words = [f":green-background[{md_escape(w)}]" if e >= threshold else
             f":red-background[{md_escape(w)}]" if e <= -threshold else md_escape(w)
             for w, e in zip(effects.word, effects.effect)]
    st.markdown(" ".join(words))
    top = effects.reindex(effects.effect.abs().sort_values(ascending=False).index).head(3)
    reasons = ", ".join(f"“{md_escape(w)}” ({e:+.1f})" for w, e in zip(top.word, top.effect))
    st.caption(f"Read as **{label}**. Most influential words: {reasons}. Green supports the label, red argues against it.")
    st.altair_chart(word_effects(effects.reset_index(names="position")), width="stretch")


def compare_tab(scored: pd.DataFrame) -> None:
    st.markdown(
        "**Discriminative** (the encoder classifier above) learns only the boundary between labels. **Generative** "
        "(the decoder from the descriptions page) was trained to continue text; asked the question, its "
        "probabilities for the words *negative / neutral / positive* give a label without any training for it.")
    n = st.slider("Comments to compare", 5, min(60, len(scored)), min(20, len(scored)), key="fb_compare_n")
    if not st.button("Run the comparison", icon=":material/compare_arrows:"):
        return
    sample = scored.sample(n=n, random_state=0) if len(scored) > n else scored
    try:
        with st.spinner("The decoder reads each comment…"):
            decoded, decoder_seconds = classify_zero_shot(sample["text"].tolist())
    except ModelUnavailableError as exc:
        show_error(exc)
        return
    start = time.perf_counter()
    classify(sample["text"].tolist())
    encoder_seconds = time.perf_counter() - start
    table = pd.DataFrame({"text": sample["text"].values, "encoder": sample["label"].values,
                          "decoder (zero-shot)": [r["label"] for r in decoded]})
    agree = (table["encoder"] == table["decoder (zero-shot)"]).mean()
    a, b, c = st.columns(3)
    a.metric("Agreement", f"{agree:.0%}")
    b.metric("Encoder", f"{n / encoder_seconds:,.0f} comments/s", help="22M parameters, fine-tuned for the task")
    c.metric("Decoder", f"{n / decoder_seconds:,.1f} comments/s", help="135M parameters, never trained for it")
    st.dataframe(table, hide_index=True, width="stretch")


def export_tab(scored: pd.DataFrame) -> None:
    # `label` is the one every view shows (yours where you corrected it); the model's own stays beside it
    columns = ["text", "session", "rating", "timestamp", "label", "label_by", "model_label", "category",
               "held_back", "confidence", "p_negative", "p_neutral", "p_positive", "rating_disagrees"]
    download_csv(scored[columns], "feedback_sentiment.csv", "Download every comment with its label (CSV)", key="fb_csv1")
    download_csv(rollup(scored), "feedback_by_session.csv", "Download the per-session roll-up (CSV)",
                 key="fb_csv2")
