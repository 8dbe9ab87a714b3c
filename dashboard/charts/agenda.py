"""Charts of the Agenda similarity page: the session map, the similarity heatmap and the timetable grid."""
from __future__ import annotations

import altair as alt
import pandas as pd


def agenda_map(points: pd.DataFrame, colour: str, selected: str | None) -> alt.Chart:
    """points: x, y, title, speakers, when, session_id and the colour column."""
    base = alt.Chart(points).encode(
        x=alt.X("x:Q", axis=None), y=alt.Y("y:Q", axis=None),
        tooltip=[alt.Tooltip("title:N", title="Session"), alt.Tooltip("speakers:N"), alt.Tooltip("when:N"),
                 alt.Tooltip(f"{colour}:N")])
    dots = base.mark_circle(size=140, opacity=0.85).encode(
        color=alt.Color(f"{colour}:N", scale=alt.Scale(scheme="tableau10"), legend=alt.Legend(orient="bottom")))
    layers = [dots]
    if selected:
        ring = base.transform_filter(alt.datum.session_id == selected).mark_point(size=520, strokeWidth=3, color="#111827")
        layers.append(ring)
    return alt.layer(*layers).properties(height=460)


def similarity_heatmap(cells: pd.DataFrame, order: list[str]) -> alt.Chart:
    """cells: row, column, similarity, row_group."""
    return alt.Chart(cells).mark_rect().encode(
        x=alt.X("column:N", sort=order, axis=alt.Axis(labels=False, ticks=False, title=None)),
        y=alt.Y("row:N", sort=order, axis=alt.Axis(labelLimit=260, title=None)),
        color=alt.Color("similarity:Q", scale=alt.Scale(scheme="tealblues", domain=[0, 1])),
        tooltip=["row:N", "column:N", alt.Tooltip("similarity:Q", format=".2f")],
    ).properties(height=max(300, 12 * len(order)))


def timetable_grid(cells: pd.DataFrame) -> alt.Chart:
    """cells: title, room, start, end, day, moved (bool). Rooms down, time across, one row of panels per day."""
    cells = cells.assign(status=cells["moved"].map({True: "moved", False: "stays"}))
    bars = alt.Chart().mark_bar(cornerRadius=3, stroke="white", strokeWidth=1).encode(
        x=alt.X("start:T", axis=alt.Axis(format="%H:%M", title=None)), x2="end:T",
        y=alt.Y("room:N", title=None, axis=alt.Axis(labelLimit=160)),
        color=alt.Color("status:N", scale=alt.Scale(domain=["stays", "moved"], range=["#CBD5E1", "#0F766E"]),
                        legend=alt.Legend(orient="top", title=None)),
        tooltip=[alt.Tooltip("title:N", title="Session"), alt.Tooltip("room:N"),
                 alt.Tooltip("start:T", format="%a %d %b %H:%M"), alt.Tooltip("end:T", format="%H:%M"),
                 alt.Tooltip("status:N")])
    rooms = max(1, cells["room"].nunique())
    days = list(dict.fromkeys(cells.sort_values("start")["day"]))  # in date order, not alphabetical
    # facets cannot stretch to the container, so each day's panel gets a fixed width that fits the main column
    return alt.layer(bars, data=cells).properties(height=26 * rooms, width=760).facet(
        row=alt.Row("day:N", title=None, sort=days, header=alt.Header(labelAngle=0, labelAlign="left"))
    ).resolve_scale(x="independent")
