"""The feedback charts that the page and the post-event report both draw: one definition each, so the report
shows what the organiser saw. Each takes plain frames and returns an Altair chart (a Vega-Lite spec), which
the page renders in the browser and the report renders to SVG.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from core.feedback.digests import themes_by_sentiment

COLOURS = alt.Scale(domain=["negative", "neutral", "positive"], range=["#DC2626", "#94A3B8", "#0F766E"])


def shares_chart(scored: pd.DataFrame) -> alt.Chart:
    """How many comments carry each label."""
    counts = scored["label"].value_counts().reindex(["negative", "neutral", "positive"], fill_value=0)
    frame = pd.DataFrame({"label": counts.index, "comments": counts.values})
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X("comments:Q", title="comments"), y=alt.Y("label:N", sort=["positive", "neutral", "negative"],
                                                          title=None),
        color=alt.Color("label:N", scale=COLOURS, legend=None)).properties(width=720, height=110)


def themes_chart(scored: pd.DataFrame, theme_list: list[dict], width: int | str = 600) -> alt.Chart:
    """Comments per theme, split by sentiment, largest theme first (the page and the report share it)."""
    frame = themes_by_sentiment(scored, theme_list)
    order = [t["label"] for t in theme_list]
    return alt.Chart(frame).mark_bar().encode(
        # room for every name: Vega drops axis labels that would overlap, leaving bars without a theme
        y=alt.Y("theme:N", sort=order, title=None, axis=alt.Axis(labelLimit=300, labelOverlap=False)),
        x=alt.X("comments:Q", title="comments"), color=alt.Color("label:N", scale=COLOURS, title=""),
        order=alt.Order("label:N"), tooltip=["theme", "label", "comments"]
    ).properties(width=width, height=max(140, 30 * len(order)))


def sessions_chart(table: pd.DataFrame, width: int | str = 520) -> alt.Chart:
    """Share of each label per session (a `core.feedback.rollup` table), weakest session first."""
    long = table.melt(id_vars=["session", "net_sentiment"], value_vars=["share_negative", "share_neutral",
                                                                      "share_positive"],
                      var_name="label", value_name="share")
    long["label"] = long["label"].str.removeprefix("share_")
    order = table.sort_values("net_sentiment")["session"].tolist()
    return alt.Chart(long).mark_bar().encode(
        y=alt.Y("session:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)),
        x=alt.X("share:Q", stack="normalize", axis=alt.Axis(format="%"), title="share of comments"),
        color=alt.Color("label:N", scale=COLOURS, title=""), order=alt.Order("label:N", sort="ascending"),
        tooltip=["session", "label", alt.Tooltip("share:Q", format=".0%")]
    ).properties(width=width, height=max(160, 18 * len(order)))


def categories_chart(scored: pd.DataFrame, names: list[str], width: int | str = 600) -> alt.Chart:
    """Comments per organiser's category, split by sentiment, in the organiser's order ("none" last)."""
    frame = (scored.assign(category=scored["category"].replace("", "none"))
             .groupby(["category", "label"]).size().rename("comments").reset_index())
    order = names + ["none"]
    return alt.Chart(frame).mark_bar().encode(
        y=alt.Y("category:N", sort=order, title=None, axis=alt.Axis(labelLimit=300, labelOverlap=False)),
        x=alt.X("comments:Q", title="comments"), color=alt.Color("label:N", scale=COLOURS, title=""),
        order=alt.Order("label:N"), tooltip=["category", "label", "comments"]
    ).properties(width=width, height=max(140, 30 * len(order)))
