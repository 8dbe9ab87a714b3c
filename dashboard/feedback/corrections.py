"""The Comments tab: every comment with its label, category and hold-back tick, all editable in place or in bulk;
and the offer to adapt the classifier once the organiser has corrected enough of them.

Every edit is one change to the workspace, written at once. The editor's key carries the workspace's feedback
revision, so after a change it starts clean on the new rows: edits are never carried over onto other rows
when a filter changes what is shown.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from core.models import embed
from core.feedback import LABELS, MIN_CORRECTIONS, NO_CATEGORY, adapt_rows
from core.fingerprint import content_key
from dashboard import workspace
from dashboard.state import FB_COMMENTS_EDITOR, FB_FILTER_CATEGORIES, FB_FILTER_SESSIONS, data_key
from dashboard.widgets import with_progress

PCT = st.column_config.NumberColumn(format="percent")


def count(n: int, thing: str) -> str:
    """Example: count(1, "comment") -> "1 comment"; count(3, "comment") -> "3 comments" """
    return f"{n:,} {thing}{'' if n == 1 else 's'}"
BY = {"model": "model", "adapted": "adapted", "organiser": "✔ you"}


def _filtered(scored: pd.DataFrame, names: list[str]) -> tuple[pd.DataFrame, str]:
    a, b, c = st.columns(3)
    labels = a.multiselect("Label", list(LABELS), default=list(LABELS), key="fb_filter_labels")
    sessions = sorted(scored["session"].unique())
    chosen = b.multiselect("Session", sessions, key=data_key(FB_FILTER_SESSIONS, sessions),
                           placeholder="All sessions")
    low, high = c.slider("Confidence", 0.0, 1.0, (0.0, 1.0), 0.05, key="fb_filter_conf")
    d, e, f = st.columns(3)
    cats = d.multiselect("Category", names + [NO_CATEGORY], key=data_key(FB_FILTER_CATEGORIES, names),
                         placeholder="All categories") \
        if names else []
    words = e.text_input("Contains", key="fb_filter_words", placeholder="wifi, queue, coffee…", max_chars=100)
    only = f.selectbox("Show", ["every comment", "corrected by you", "not corrected", "held back"],
                       key="fb_filter_only")
    view = scored[scored["label"].isin(labels) & scored["confidence"].between(low, high)]
    if chosen:
        view = view[view["session"].isin(chosen)]
    if cats:
        view = view[view["category"].replace("", NO_CATEGORY).isin(cats)]
    if words.strip():
        view = view[view["text"].str.contains(words.strip(), case=False, regex=False)]
    view = {"corrected by you": view[view["label_by"] == "organiser"], "not corrected": view[view["label_by"] != "organiser"],
            "held back": view[view["held_back"]]}.get(only, view)
    return view, content_key(labels, chosen, low, high, cats, words, only)


def _apply_edits(table: pd.DataFrame, edited: pd.DataFrame) -> bool:
    """Write what the organiser changed in the table; True when anything was."""
    changed = False
    for column, write in (("label", workspace.correct), ("category", workspace.move_to_category),
                          ("held_back", workspace.hold_back)):
        before, after = table[column].fillna(NO_CATEGORY), edited[column].fillna(NO_CATEGORY)
        differs = before != after
        for value in after[differs].unique():
            write(after.index[differs & (after == value)].tolist(), value)
            changed = True
    return changed


def _bulk(view: pd.DataFrame, names: list[str]) -> None:
    actions = ([f"label {label}" for label in LABELS] + ["take back my corrections"]
               + ["confirm their categories"] + [f"move to {name}" for name in names + [NO_CATEGORY]]
               + ["hold back from speakers", "release to speakers"])
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    action = left.selectbox(f"Change the {count(len(view), 'comment')} shown", actions, key="fb_bulk_action")
    if not right.button("Apply", key="fb_bulk_apply", icon=":material/done_all:", disabled=view.empty):
        return
    positions = view.index.tolist()
    if action.startswith("label "):
        workspace.correct(positions, action.removeprefix("label "))
    elif action == "take back my corrections":
        workspace.correct(positions, None)
    elif action == "confirm their categories":  # each becomes an example of the category it is in
        for name, rows in view[view["category"] != ""].groupby("category"):
            workspace.move_to_category(rows.index.tolist(), name)
    elif action.startswith("move to "):
        workspace.move_to_category(positions, action.removeprefix("move to "))
    else:
        workspace.hold_back(positions, action.startswith("hold"))
    st.rerun()


def comments_tab(scored: pd.DataFrame) -> None:
    names = list(workspace.feedback_settings().categories)
    view, filters = _filtered(scored, names)
    corrected = int((scored["label_by"] == "organiser").sum())
    st.caption(f"{len(view):,} of {len(scored):,} comments · {count(corrected, 'label')} set by you (they win everywhere: "
               f"charts, digests, the report, packs and exports) · {int(scored['held_back'].sum()):,} held back "
               "from speakers. Change a label, a category or a tick in the table, or many at once below it.")
    table = view[["text", "label", "category", "held_back", "label_by", "model_label", "confidence", "session",
                  "rating", "rating_disagrees"]].assign(label_by=view["label_by"].map(BY),
                                                         category=view["category"].replace("", None))
    revision = workspace.current().revisions.get("feedback", 0)
    edited = st.data_editor(
        table, hide_index=True, width="stretch", key=data_key(FB_COMMENTS_EDITOR, revision, filters),
        disabled=["text", "label_by", "model_label", "confidence", "session", "rating", "rating_disagrees"],
        column_config={"text": st.column_config.TextColumn(width="large"),
                       "label": st.column_config.SelectboxColumn("label", options=list(LABELS), required=True),
                       "category": st.column_config.SelectboxColumn("category", options=names + [NO_CATEGORY]),
                       "held_back": st.column_config.CheckboxColumn("hold back", help="never shown in a speaker's pack"),
                       "label_by": st.column_config.TextColumn("label by"),
                       "model_label": st.column_config.TextColumn("model said"), "confidence": PCT,
                       "rating_disagrees": st.column_config.CheckboxColumn("rating disagrees")})
    if _apply_edits(table, edited):
        st.rerun()
    _bulk(view, names)
    adapt_panel(scored)


def adapt_panel(scored: pd.DataFrame) -> None:
    """From MIN_CORRECTIONS corrections on: fit a head on them, show its cross-validated agreement beside the
    shipped model's, and let the organiser switch it on or off."""
    corrected = scored[scored["label_by"] == "organiser"]
    n = len(corrected)
    found = workspace.feedback_settings()
    with st.container(border=True):
        st.markdown("**Teach the classifier this event**")
        if n < MIN_CORRECTIONS and found.head is None:
            st.caption(f"{n} of {MIN_CORRECTIONS} corrections so far. From {MIN_CORRECTIONS} on, a small "
                       "head can be fitted on them in seconds, on top of the shipped classifier and the shared "
                       "embedder (no second model is loaded), and measured before you switch it on.")
            return
        head = found.head
        stale = head is None or head.get("trained_on") != n
        if stale and n >= MIN_CORRECTIONS and st.button(
                f"Adapt to my {n} corrections" if head is None else f"Adapt again, on all {n} corrections",
                key="fb_adapt", icon=":material/model_training:", type="primary" if head is None else "secondary"):
            _adapt(scored, corrected)
        if head is None:
            return
        stats = head.get("stats", {})
        a, b, c = st.columns(3)
        a.metric("Corrections it learned from", head.get("trained_on", 0))
        b.metric("Shipped model agrees with you", f"{stats.get('shipped_agreement', 0):.0%}",
                 help="on your corrections")
        c.metric("Adapted agrees with you", f"{stats.get('adapted_agreement', 0):.0%}",
                 delta=f"{stats.get('adapted_agreement', 0) - stats.get('shipped_agreement', 0):+.0%}",
                 help=f"{stats.get('folds', 5)}-fold cross-validation: each correction is predicted by a head "
                      "that never saw it")
        if "relabelled" in stats:
            st.caption(f"Switched on, it changes the label of {count(stats['relabelled'], 'comment')} of the "
                       f"{stats['uncorrected']:,} you have not corrected (shown below once on, as *label by: adapted*). "
                       "Agreement is measured by cross-validation: each correction is predicted by a head that "
                       "never saw it.")
            changed = scored[(scored["label_by"] != "organiser") & scored["adapted"].notna()
                             & (scored["adapted"] != scored["model_label"])]
            if len(changed):
                with st.expander(f"What it would change ({len(changed):,})", icon=":material/difference:"):
                    st.dataframe(changed[["text", "model_label", "adapted", "session"]].rename(
                        columns={"model_label": "shipped model", "adapted": "adapted head"}), hide_index=True,
                        width="stretch", column_config={"text": st.column_config.TextColumn(width="large")})
        on = st.toggle("Use the adapted classifier for the comments you have not corrected", value=found.head_on,
                       key=f"fb_head_on_{workspace.current().revisions.get('feedback', 0)}")
        if on != found.head_on:
            workspace.use_head(on)
            st.rerun()
        st.caption("Your corrections always win. The adapted head is kept with this workspace and can be switched "
                   "off at any time; the shipped classifier is never changed.")


def _adapt(scored: pd.DataFrame, corrected: pd.DataFrame) -> None:
    bar = st.empty()
    vectors = with_progress(lambda progress: embed(scored["text"].tolist(), progress=progress), bar,
                            "Reading the comments…", "Read {done} of {total}")
    if vectors is None:
        return
    shipped = scored[[f"p_{label}" for label in LABELS]].to_numpy()
    rows = corrected.index.to_numpy()
    others = np.setdiff1d(np.arange(len(scored)), rows)
    bar.progress(1.0, text="Fitting and cross-validating the head…")
    head = adapt_rows(vectors[rows], shipped[rows], corrected["label"].tolist(),
                            anchors=(vectors[others], shipped[others]))
    labels = head.label_rows(np.asarray(vectors), shipped)
    bar.empty()
    workspace.save_head(head.to_json(), labels)
    st.rerun()
