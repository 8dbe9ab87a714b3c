"""Charts of the "How LLMs work" pages: attention weights, the toy generative model, inference memory."""
from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

TEAL = "#0F766E"


def attention_heatmap(cells: pd.DataFrame, labels: list[str]) -> alt.Chart:
    """cells: query, key, weight (one row per pair of tokens); labels in token order."""
    return alt.Chart(cells).mark_rect().encode(
        x=alt.X("key:N", sort=labels, title="attended to"), y=alt.Y("query:N", sort=labels, title="token"),
        color=alt.Color("weight:Q", scale=alt.Scale(scheme="tealblues")),
        tooltip=["query", "key", alt.Tooltip("weight:Q", format=".3f")],
    ).properties(height=max(300, 22 * len(labels)))


def ranked_bars(frame: pd.DataFrame, value: str) -> alt.Chart:
    """frame: token and `value` (a share): one bar per token, largest first."""
    return alt.Chart(frame).mark_bar(color=TEAL).encode(
        y=alt.Y("token:N", sort="-x", title=None), x=alt.X(f"{value}:Q", axis=alt.Axis(format="%")))


def generated_points(region: np.ndarray, points: pd.DataFrame) -> alt.Chart:
    """The true region's outline and the points: x, y, kind (observed, sample inside, sample outside)."""
    outline = pd.DataFrame(np.vstack([region, region[:1]]), columns=["x", "y"]).reset_index()
    colours = alt.Scale(domain=["observed attendee", "sample inside", "sample outside (error)"],
                        range=["#1E293B", TEAL, "#DC2626"])
    line = alt.Chart(outline).mark_line(color="#64748B").encode(
        x=alt.X("x:Q", axis=None), y=alt.Y("y:Q", axis=None), order="index:Q")
    dots = alt.Chart(points).mark_circle(size=14, opacity=0.6).encode(
        x="x:Q", y="y:Q", color=alt.Color("kind:N", scale=colours, title=""))
    return (line + dots).properties(height=420)


def decision_field(field: pd.DataFrame, observed: pd.DataFrame) -> alt.Chart:
    """field: x, y, p (P(class 1) on a grid); observed: x, y, cls ("train" or "car")."""
    shade = alt.Chart(field).mark_rect(opacity=0.35).encode(
        x=alt.X("x:Q", bin=alt.Bin(maxbins=60), axis=None), y=alt.Y("y:Q", bin=alt.Bin(maxbins=60), axis=None),
        color=alt.Color("p:Q", scale=alt.Scale(scheme="blueorange", domain=[0, 1]), title="P(train)"))
    dots = alt.Chart(observed).mark_circle(size=18).encode(
        x="x:Q", y="y:Q", color=alt.Color("cls:N", scale=alt.Scale(domain=["train", "car"],
                                                                    range=["#7C2D12", "#1E3A8A"]), title=""))
    return (shade + dots).properties(height=380).resolve_scale(color="independent")


def memory_bars(rows: pd.DataFrame, order: list[str], limit_gb: float) -> alt.Chart:
    """rows: precision, part (weights or KV cache), GB; a dashed red line at the memory limit."""
    bars = alt.Chart(rows).mark_bar().encode(
        y=alt.Y("precision:N", sort=order, title="weights stored as"),
        x=alt.X("GB:Q", stack="zero", title="GB"), color=alt.Color("part:N", title=""),
        tooltip=["precision", "part", alt.Tooltip("GB:Q", format=",.3f")])
    rule = alt.Chart(pd.DataFrame({"GB": [limit_gb]})).mark_rule(color="#DC2626", strokeDash=[4, 4]).encode(x="GB:Q")
    return (bars + rule).properties(height=200)
