"""The tabs of the agenda page. Each reads its own controls, calls one `core.agenda` function, renders."""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from core.agenda import Agenda, cosine, heatmap_order, neighbours, project_2d, recommend, to_ical
from core.models import embed
from dashboard.agenda import cache as cached
from dashboard.charts import agenda_map, similarity_heatmap
from dashboard.state import AGENDA_MAP_SESSION, data_key, persist
from dashboard.widgets import counted, download_csv, md_escape

HEATMAP_LIMIT = 300


def _when(row) -> str:
    return f"{row.start:%a %H:%M}–{row.end:%H:%M}" if pd.notna(row.start) and pd.notna(row.end) else "no time"


def map_tab(agenda: Agenda, vectors: np.ndarray) -> None:
    s = agenda.sessions
    left, right = st.columns([3, 2])
    colour = right.radio("Colour by", ["track", "cluster"], horizontal=True, key="agenda_map_colour")
    points = s[["session_id", "title", "speakers", "track"]].copy()
    xy = project_2d(vectors)
    points["x"], points["y"] = xy[:, 0], xy[:, 1]
    points["when"] = [_when(r) for r in s.itertuples()]
    if colour == "cluster":
        labels, keywords = cached.clusters(s, vectors, max(2, s["track"].replace("", np.nan).nunique()))
        points["cluster"] = [", ".join(keywords[c][:3]) or f"group {c}" for c in labels]
    titles = s["title"].tolist()
    chosen = right.selectbox("Session", range(len(titles)), format_func=lambda i: titles[i],
                             key=data_key(AGENDA_MAP_SESSION, titles))
    left.altair_chart(agenda_map(points, colour, s.session_id[chosen]), width="stretch")
    right.markdown("**Nearest sessions**")
    right.dataframe(neighbours(agenda, vectors, chosen, k=6), hide_index=True,
                    column_config={"similarity": st.column_config.ProgressColumn(min_value=0, max_value=1, format="%.2f")})
    left.caption("Each dot is a session; closeness on the map approximates closeness in meaning "
                 "(a 2-D PCA projection of 384-dimensional embeddings, so some distance is lost).")


def duplicates_tab(agenda: Agenda, vectors: np.ndarray) -> None:
    threshold = st.slider("Similarity threshold", 0.70, 0.99, 0.90, 0.01, key="agenda_dup_threshold",
                          help="Pairs at or above this cosine similarity are shown. 0.90 catches resubmissions.")
    pairs = cached.duplicates(agenda.sessions, vectors, threshold)
    st.caption(f"{len(pairs)} pair(s) at or above {threshold:.2f}.")
    for row in pairs.head(20).itertuples():
        with st.container(border=True):
            st.markdown(f"**Similarity {row.similarity:.3f}**")
            a, b = st.columns(2)
            for col, sid, title, abstract in ((a, row.session_a, row.title_a, row.abstract_a),
                                              (b, row.session_b, row.title_b, row.abstract_b)):
                col.markdown(f"**{md_escape(sid)} · {md_escape(title)}**")
                col.caption(md_escape(abstract) or "(no abstract)")
    download_csv(pairs, "near_duplicates.csv", "Download pairs (CSV)", key="agenda_dup_csv")


def clashes_tab(agenda: Agenda, vectors: np.ndarray) -> None:
    if agenda.sessions["start"].isna().all():
        st.info("This agenda has no usable start and end times, so there is nothing to clash. "
                "Map the Start and End columns when uploading.", icon=":material/schedule:")
        return
    threshold = st.slider("Topic similarity threshold", 0.30, 0.95, 0.55, 0.01, key="agenda_clash_threshold",
                          help="Similar sessions running at the same time in different rooms split their audience.")
    found = cached.clashes(agenda.sessions, vectors, threshold)
    untimed = int(agenda.sessions["start"].isna().sum())
    st.caption(f"{counted(len(found), 'clash', 'clashes')} found."
               + (f" Left out, having no time: {counted(untimed, 'session')}." if untimed else ""))
    st.dataframe(found, hide_index=True, width="stretch",
                 column_config={"similarity": st.column_config.ProgressColumn(min_value=0, max_value=1, format="%.2f")})
    download_csv(found, "topic_clashes.csv", "Download clashes (CSV)", key="agenda_clash_csv")


def tracks_tab(agenda: Agenda, vectors: np.ndarray) -> None:
    s = agenda.sessions
    declared = s["track"].replace("", np.nan).nunique()
    n = st.number_input("Number of groups", 2, max(2, min(20, len(s) - 1)), int(min(max(declared, 2), 20)),
                        key="agenda_clusters")
    labels, keywords = cached.clusters(s, vectors, int(n))
    table = pd.DataFrame({"group": labels, "track": s["track"].replace("", "(none)")})
    summary = table.groupby("group").agg(sessions=("track", "size"),
                                         main_declared_track=("track", lambda t: t.value_counts().index[0]))
    summary.insert(0, "keywords", [", ".join(keywords.get(g, [])) for g in summary.index])
    st.dataframe(summary, width="stretch")
    if declared >= 2:
        st.markdown("**Sessions that look misplaced**: closer in meaning to another track than to their own.")
        st.dataframe(cached.misplaced(s, vectors), hide_index=True, width="stretch")
    else:
        st.caption("Declare tracks in your agenda to check which sessions look misplaced.")


def for_me_tab(agenda: Agenda, vectors: np.ndarray) -> None:
    interests = st.text_area("What are you interested in?", max_chars=1000,
                             placeholder="e.g. analysing registration data with Python, and running events on a budget",
                             **persist("agenda_interests", ""))
    k = st.slider("How many sessions", 3, 20, 8, key="agenda_k")
    if not interests.strip():
        st.caption("Describe your interests in a sentence or two to get recommendations.")
        return
    query = embed([interests.strip()])[0]
    ranked, plan = recommend(agenda, vectors, query, int(k))
    left, right = st.columns(2)
    left.markdown("**Best matches**")
    left.dataframe(ranked[["score", "title", "track"]], hide_index=True, width="stretch",
                   column_config={"score": st.column_config.ProgressColumn(min_value=0, max_value=1, format="%.2f")})
    right.markdown("**Your personal agenda** (no two sessions overlap)")
    right.dataframe(plan[["start", "end", "title", "room"]], hide_index=True, width="stretch",
                    column_config={"start": st.column_config.DatetimeColumn(format="ddd HH:mm"),
                                   "end": st.column_config.DatetimeColumn(format="HH:mm")})
    left, right = st.columns(2)
    with left:
        download_csv(plan, "my_agenda.csv", "Download my agenda (CSV)", key="agenda_plan_csv")
    untimed = plan["start"].isna().all()
    right.download_button("Add my agenda to a calendar (.ics)",
                          b"" if untimed else to_ical(agenda, session_ids=plan["session_id"].tolist(), title="My agenda"),
                          file_name="my_agenda.ics", mime="text/calendar", icon=":material/calendar_add_on:",
                          key="agenda_plan_ics", disabled=untimed)


def heatmap_tab(agenda: Agenda, vectors: np.ndarray) -> None:
    s = agenda.sessions
    if len(s) > HEATMAP_LIMIT:
        st.info(f"The heatmap shows the first {HEATMAP_LIMIT} of {len(s)} sessions; the other tabs use them all.")
    n = min(len(s), HEATMAP_LIMIT)
    groups = s["track"].head(n).replace("", "(no track)").tolist()
    order = heatmap_order(agenda, groups)
    names = [f"{groups[i][:18]} · {s.title[i][:50]}" for i in range(n)]
    sims = cosine(vectors[:n], vectors[:n])
    rows, cols = np.meshgrid(range(n), range(n), indexing="ij")
    cells = pd.DataFrame({"row": np.array(names)[rows.ravel()], "column": np.array(names)[cols.ravel()],
                          "similarity": sims.ravel().round(3)})
    st.altair_chart(similarity_heatmap(cells, [names[i] for i in order]), width="stretch")
    st.caption("Sessions are grouped by declared track: bright blocks on the diagonal mean a coherent track, "
               "bright cells off it mean sessions that belong together but sit in different tracks.")
