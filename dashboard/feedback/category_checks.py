"""How sure the category sorting is: per category, the comments near its boundary; an accuracy estimate from the
comments the organiser placed themselves; and the comments worth confirming next, confirmed in place."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from core.feedback import category_confidence, category_scores, category_suggestions, near_category_boundary
from core.models import embed
from dashboard import workspace
from dashboard.widgets import counted, with_progress

SUGGESTED = 8  # comments offered at a time: a screenful to answer in a minute


def how_sure(scored: pd.DataFrame, names: dict[str, str]) -> None:
    texts = scored["text"].tolist()
    if not texts:
        return
    vectors = with_progress(lambda progress: embed(texts, progress=progress), st.empty(),
                            "Reading the comments…", "Reading the comments: {done} of {total}")
    if vectors is None:
        return
    placed = scored["category_by"].to_numpy() == "organiser"
    examples = {n: scored.loc[placed & (scored["category"] == n).to_numpy(), "text"].tolist() for n in names}
    table = category_scores(vectors, names, examples)
    st.markdown("**How sure the sorting is**")
    near = near_category_boundary(table)
    found = scored["category"].replace("", "none")
    st.dataframe(pd.DataFrame({"category": list(names),
                               "comments": [int((found == n).sum()) for n in names],
                               "near the boundary": near.tolist(),
                               "placed by you": [len(examples[n]) for n in names]}),
                 hide_index=True, width="stretch",
                 column_config={"near the boundary": st.column_config.NumberColumn(
                     help="Comments whose best category leads the next one by a hair: a reworded description or "
                          "one more example could move them.")})
    sure = category_confidence(names, examples)
    if sure is None:
        st.caption("Place at least two comments (in any categories) and the page estimates how often the sorting "
                   "is right, from them.")
    else:
        st.caption(f"On the comments you placed, each sorted as if you had not: right for **{sure}**. The interval "
                   "is wide with few comments; comments picked below are the hard ones, so this leans low.")
    _suggestions(scored, table, vectors, names, placed)


def _suggestions(scored: pd.DataFrame, table, vectors, names: dict[str, str], placed) -> None:
    # a comment word for word like one already placed is answered too (the demo, like real events, has twins)
    known = set(scored["text"].to_numpy()[placed])
    confirmed = {i for i, (text, mine) in enumerate(zip(scored["text"], placed)) if mine or text in known}
    placed_per = [int((placed & (scored["category"] == n).to_numpy()).sum()) for n in names]
    rows, offered = [], set()
    for i in category_suggestions(table, vectors, confirmed, placed_per):
        if scored["text"].iloc[i] not in offered and len(rows) < SUGGESTED:
            offered.add(scored["text"].iloc[i])
            rows.append(i)
    if not rows:
        return
    st.markdown("**Confirm these next**, one from each category: its most typical comment until you have placed "
                "three there, then the one it holds by the narrowest margin, where your answer moves the sorting "
                "most. Change *right category* where it is wrong.")
    options = list(names) + ["none"]
    frame = pd.DataFrame({"comment": scored["text"].iloc[rows].to_numpy(),
                          "sorted into": scored["category"].iloc[rows].replace("", "none").to_numpy()})
    frame["right category"] = frame["sorted into"]
    edited = st.data_editor(frame, hide_index=True, width="stretch", disabled=["comment", "sorted into"],
                            key=f"fb_cat_suggest_{workspace.current().revisions.get('feedback', 0)}",
                            column_config={"comment": st.column_config.TextColumn(width="large"),
                                           "right category": st.column_config.SelectboxColumn(
                                               options=options, required=True)})
    if st.button(f"Confirm these {counted(len(rows), 'comment')}", icon=":material/check:", key="fb_cat_confirm"):
        positions = scored.index[rows]
        for name in edited["right category"].unique():
            workspace.move_to_category([int(p) for p, pick in zip(positions, edited["right category"]) if pick == name],
                                       str(name))
        st.rerun()
