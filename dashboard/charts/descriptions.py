"""The descriptions page's chart: the decoder's next-token distribution, before and after the sampling settings."""
from __future__ import annotations

import altair as alt
import pandas as pd


def distribution_chart(rows: list[dict]) -> alt.Chart:
    frame = pd.DataFrame(rows)
    value_vars = ["p_raw"] + (["p_final"] if frame["p_final"].notna().all() else [])
    long = frame.melt(id_vars=["token", "rank", "status"], value_vars=value_vars,
                      var_name="distribution", value_name="probability")
    long["distribution"] = long["distribution"].map({"p_raw": "model (T = 1)", "p_final": "after your settings"})
    colour = alt.Color("status:N", title="", scale=alt.Scale(
        domain=["kept", "cut by top-k", "cut by top-p", "cut by greedy", "not reported"],
        range=["#0F766E", "#F59E0B", "#DC2626", "#6B7280", "#0F766E"]))
    bars = alt.Chart(long).mark_bar().encode(
        y=alt.Y("token:N", sort=alt.SortField("rank"), title=None),
        x=alt.X("probability:Q", axis=alt.Axis(format="%")),
        yOffset="distribution:N",
        color=colour,
        opacity=alt.Opacity("distribution:N", scale=alt.Scale(range=[0.35, 1.0]), title=""),
        tooltip=["token", "distribution", alt.Tooltip("probability:Q", format=".2%"), "status"])
    return bars.properties(height=max(260, 34 * len(frame)))
