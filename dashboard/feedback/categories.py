"""The organiser's own categories: the list, edited in place (a starter set for events one click away); every
comment sorted into one by meaning, then by the examples the organiser confirms or moves; the charts."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from core.models import embed
from core.feedback import STARTER_CATEGORIES, assign_categories, categories_chart, clean_categories
from dashboard import workspace
from dashboard.feedback.category_checks import how_sure
from dashboard.state import FB_CATEGORY_PICK, data_key
from dashboard.widgets import counted, md_escape, with_progress


def with_categories(scored: pd.DataFrame, bar) -> pd.DataFrame:
    """The comments with a category each, sorting the ones not yet sorted (and keeping that in the workspace).
    Comments the organiser placed themselves are the examples; they are never re-sorted. `bar`: the page's one
    progress placeholder (an element drawn only sometimes would shift the tabs and reset the open one)."""
    names = workspace.feedback_settings().categories
    if not names or not (scored["category"] == "").any():
        return scored
    todo = scored.index[scored["category"] == ""]
    placed = scored[scored["category_by"] == "organiser"]
    examples = {name: placed.loc[placed["category"] == name, "text"].tolist() for name in names}
    texts = scored.loc[todo, "text"].tolist()
    vectors = with_progress(lambda progress: embed(texts, progress=progress), bar,
                            "Sorting comments into your categories…",
                            "Sorting comments into your categories: read {done} of {total}")
    if vectors is None:
        return scored
    found = assign_categories(texts, names, examples, vectors=vectors)
    workspace.save_assignments(dict(zip(todo.tolist(), found)))
    out = scored.copy()
    out.loc[todo, "category"] = found
    out.loc[todo, "category_by"] = "auto"
    return out


def _editor(names: dict[str, str]) -> None:
    revision = workspace.current().revisions.get("feedback", 0)
    table = pd.DataFrame({"category": list(names), "description": list(names.values())})
    edited = st.data_editor(
        table, num_rows="dynamic", hide_index=True, width="stretch", key=f"fb_categories_{revision}",
        column_config={"category": st.column_config.TextColumn("category", max_chars=60, required=True),
                       "description": st.column_config.TextColumn(
                           "what belongs in it (one line)", max_chars=300, width="large",
                           help="The things attendees mention, in their words (\"coffee ran out, lunch, vegan "
                                "options\"): a comment goes where its meaning is nearest.")})
    wanted = clean_categories(dict(zip(edited["category"].fillna(""), edited["description"].fillna(""))))
    if wanted != names:
        workspace.save_categories(wanted)
        st.rerun()


def categories_tab(scored: pd.DataFrame) -> None:
    names = workspace.feedback_settings().categories
    if not names:
        st.markdown("Sort every comment into categories of your own (*Venue*, *Catering*, *A/V*…): each is matched "
                    "by meaning to a one-line description you write, then to the comments you confirm or move.")
        st.caption("The set is a start: rename, describe, add or delete categories afterwards.")
        if st.button("Start with a set for events", type="primary", icon=":material/category:",
                     key="fb_categories_starter"):
            workspace.save_categories(dict(STARTER_CATEGORIES))
            st.rerun()
        return
    with st.expander(f"Your {len(names)} categories", icon=":material/edit:"):
        st.caption("Add, rename or describe a category: comments are sorted again, except the ones you placed "
                   "yourself. A comment near none of them goes to *none*.")
        _editor(names)
    placed = int((scored["category_by"] == "organiser").sum())
    st.caption(f"Placed by you: {counted(placed, 'comment')}, used as examples for the rest. Move comments on "
               "the **Comments** tab (the category column, or *Change all comments shown*).")
    st.altair_chart(categories_chart(scored, list(names), width="container"), width="stretch")
    how_sure(scored, names)
    frame = scored.assign(category=scored["category"].replace("", "none"),
                          session=scored["session"].replace("", "(no session)"))
    st.markdown("**Categories per session**")
    st.dataframe(pd.crosstab(frame["session"], frame["category"]), width="stretch")
    options = list(names) + ["none"]
    pick = st.selectbox("Read a category's comments", options, key=data_key(FB_CATEGORY_PICK, options))
    rows = frame[frame["category"] == pick]
    st.caption(f"{counted(len(rows), 'comment')} in {md_escape(pick)}.")
    st.dataframe(rows[["text", "label", "category_by", "session"]], hide_index=True, width="stretch",
                 column_config={"text": st.column_config.TextColumn(width="large"),
                                "category_by": st.column_config.TextColumn("placed by")})
