"""Altair charts for the feedback page."""
from __future__ import annotations

import altair as alt
import pandas as pd

COLOURS = alt.Scale(domain=["negative", "neutral", "positive"], range=["#DC2626", "#94A3B8", "#0F766E"])


def per_session(table: pd.DataFrame) -> alt.Chart:
    long = table.melt(id_vars=["session", "net_sentiment"], value_vars=["share_negative", "share_neutral", "share_positive"],
                      var_name="label", value_name="share")
    long["label"] = long["label"].str.removeprefix("share_")
    order = table.sort_values("net_sentiment")["session"].tolist()
    return alt.Chart(long).mark_bar().encode(
        y=alt.Y("session:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)),
        x=alt.X("share:Q", stack="normalize", axis=alt.Axis(format="%"), title="share of comments"),
        color=alt.Color("label:N", scale=COLOURS, title=""),
        order=alt.Order("label:N", sort="ascending"),
        tooltip=["session", "label", alt.Tooltip("share:Q", format=".0%")],
    ).properties(height=max(240, 18 * len(order)))


def distribution(scored: pd.DataFrame) -> alt.Chart:
    return alt.Chart(scored).mark_bar().encode(
        x=alt.X("confidence:Q", bin=alt.Bin(maxbins=20), title="confidence of the label"),
        y=alt.Y("count():Q", title="comments"),
        color=alt.Color("label:N", scale=COLOURS, title=""),
    ).properties(height=220)


def over_time(trend: pd.DataFrame) -> alt.Chart:
    return alt.Chart(trend).mark_area().encode(
        x=alt.X("time:T", title=None), y=alt.Y("share:Q", stack="normalize", axis=alt.Axis(format="%"), title=None),
        color=alt.Color("label:N", scale=COLOURS, title=""),
        tooltip=[alt.Tooltip("time:T"), "label", alt.Tooltip("share:Q", format=".0%"), "n"],
    ).properties(height=260)


def word_effects(effects: pd.DataFrame) -> alt.Chart:
    return alt.Chart(effects).mark_bar().encode(
        y=alt.Y("position:O", axis=alt.Axis(labels=False, ticks=False, title=None)),
        x=alt.X("effect:Q", title="evidence for the label (log-odds lost when the word is removed)"),
        color=alt.condition(alt.datum.effect > 0, alt.value("#0F766E"), alt.value("#DC2626")),
        tooltip=["word", alt.Tooltip("effect:Q", format="+.2f")],
    ) + alt.Chart(effects).mark_text(align="left", dx=4).encode(
        y=alt.Y("position:O"), x=alt.value(0), text="word")
