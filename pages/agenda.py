"""Agenda similarity: embeddings find near-duplicates, topic clashes and a personal agenda, and repair clashes."""
import streamlit as st

from core.models import embed
from dashboard import workspace
from dashboard.agenda import (agenda_source, clashes_tab, demand_tab, duplicates_tab, export_tab, fix_tab, for_me_tab,
                              heatmap_tab, map_tab, tracks_tab)
from dashboard.widgets import with_progress

st.title("Agenda similarity")
st.markdown(
    "An embedding model turns each session's title and abstract into a point in a 384-dimensional space, "
    "where texts with similar meaning land close together. Closeness finds near-duplicate submissions, "
    "similar talks scheduled against each other, and the sessions that fit an attendee's interests."
)

workspace.require()
agenda = agenda_source()
if agenda is None:
    st.info("Upload this event's programme above, or use **Load the demo event** on Home to try things out.",
            icon=":material/info:")
    st.stop()

vectors = with_progress(lambda progress: embed(agenda.texts(), progress=progress), st.empty(), "Embedding sessions…",
                        "Embedded {done} of {total} sessions")
if vectors is None:
    st.stop()

tabs = st.tabs(["Map", "Near-duplicates", "Topic clashes", "Demand", "Fix clashes", "Tracks", "Sessions for me",
               "Heatmap", "Export"])
for tab, render in zip(tabs, [map_tab, duplicates_tab, clashes_tab, demand_tab, fix_tab, tracks_tab,
                              for_me_tab, heatmap_tab, export_tab]):
    with tab:
        render(agenda, vectors)
