"""Agenda similarity: embeddings find near-duplicates, topic clashes and a personal agenda, and repair clashes."""
import streamlit as st

from core.embeddings import embed
from core.models.cache import ModelUnavailableError
from dashboard import workspace
from dashboard.agenda import views
from dashboard.agenda.export import export_tab
from dashboard.agenda.fix import fix_tab
from dashboard.agenda.input import agenda_source

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

progress = st.progress(0.0, text="Embedding sessions…")
try:
    vectors = embed(agenda.texts(), progress=lambda done, total: progress.progress(done / total, text=f"Embedded {done} of {total} sessions"))
except ModelUnavailableError as exc:
    progress.empty()
    st.error(str(exc), icon=":material/error:")
    st.stop()
progress.empty()

tabs = st.tabs(["Map", "Near-duplicates", "Topic clashes", "Fix clashes", "Tracks", "Sessions for me", "Heatmap",
               "Export"])
for tab, render in zip(tabs, [views.map_tab, views.duplicates_tab, views.clashes_tab, fix_tab, views.tracks_tab,
                              views.for_me_tab, views.heatmap_tab, export_tab]):
    with tab:
        render(agenda, vectors)
