"""Attendee feedback: the encoder classifier reads every comment; roll-ups, themes, digests, report, export."""
import streamlit as st

from core.feedback import classify, with_sentiment
from core.models import MODELS
from dashboard import workspace
from dashboard.feedback import (categories_tab, comments_tab, compare_tab, digests_tab, export_tab, feedback_source,
                                live_answers, packs_tab, queue_tab, report_tab,
                                sessions_tab, themes_tab, time_tab, why_tab,
                                with_categories)
from dashboard.widgets import with_progress

st.title("Attendee feedback")
st.markdown(
    "An encoder-only model reads each comment in both directions at once and a small trained head maps it to "
    "*negative*, *neutral* or *positive*. It is discriminative: it learned the boundary between the labels, "
    "not how to write text. The base encoder is MiniLM (22M parameters), fine-tuned here with a LoRA adapter."
)

workspace.require()
found = feedback_source()
if found is None or found.feedback.comments.empty:
    st.info("Paste or upload this event's comments above, or load the demo event on **Home**.", icon=":material/info:")
    st.stop()

scored = found.scored  # the labels are kept in the workspace: the classifier reads each comment once
# Always the same element here, drawn or not: if the page's elements shifted between runs, Streamlit would
# rebuild the tabs below and drop the organiser back on the first one.
bar = st.empty()
if scored is None:  # a new set of comments, or new answers from the forms: only what was not read yet
    pending = found.feedback.comments
    if found.labelled_by is not None and found.unlabelled:
        pending = pending.loc[found.unlabelled]
    texts = pending["text"].tolist()
    results = with_progress(lambda progress: classify(texts, progress=progress), bar, f"Reading {len(texts)} comments…",
                            "Read {done} of {total} comments")
    if results is None:
        st.stop()
    record = MODELS.record_for("sentiment")
    workspace.save_labels(with_sentiment(pending, results), record.source if record else "the sentiment classifier")
    found = workspace.comment_set() or found
    scored = found.scored if found.scored is not None else with_sentiment(pending, results)

scored = with_categories(scored, bar)  # sorts comments not yet in one of the organiser's categories
counts = scored["label"].value_counts()
a, b, c, d = st.columns(4)
a.metric("Comments", len(scored))
b.metric("Positive", f"{counts.get('positive', 0) / len(scored):.0%}")
c.metric("Neutral", f"{counts.get('neutral', 0) / len(scored):.0%}")
d.metric("Negative", f"{counts.get('negative', 0) / len(scored):.0%}")

live_answers()  # how many answers from the forms wait, per session; refreshed while the page is open
tabs = st.tabs(["Comments", "Form answers", "Sessions", "Categories", "Themes", "Digests", "Speaker packs",
               "Over time", "Why?", "Encoder vs decoder", "Report", "Export"])
for tab, render in zip(tabs, [comments_tab, lambda scored: queue_tab(scored, found.moderation), sessions_tab,
                              categories_tab,
                              themes_tab, digests_tab, packs_tab, time_tab,
                              why_tab, compare_tab, report_tab, export_tab]):
    with tab:
        render(scored)
