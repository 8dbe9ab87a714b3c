"""Altair charts for the feedback page. The ones the post-event report also draws are defined once, in
`core.feedback.charts`, and only sized for the page here."""
from __future__ import annotations

import altair as alt
import pandas as pd

from core.feedback import COLOURS, sessions_chart, themes_chart


def per_session(table: pd.DataFrame) -> alt.Chart:
    return sessions_chart(table, width="container")


def themes(scored: pd.DataFrame, theme_list: list[dict]) -> alt.Chart:
    return themes_chart(scored, theme_list, width="container")


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
