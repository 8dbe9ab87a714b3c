"""Attendee feedback: the encoder classifier reads every comment; roll-ups, themes, digests, report, export."""
import streamlit as st

from core.feedback import classify, with_sentiment
from core.models import MODELS
from dashboard import workspace
from dashboard.feedback import (categories_tab, comments_tab, compare_tab, digests_tab, export_tab, feedback_source,
                                packs_tab, report_tab, sessions_tab, themes_tab, time_tab, why_tab, with_categories)
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

scored = found.scored  # the labels are kept in the workspace: the classifier reads each set of comments once
# Always the same element here, drawn or not: if the page's elements shifted between runs, Streamlit would
# rebuild the tabs below and drop the organiser back on the first one.
bar = st.empty()
if scored is None:
    texts = found.feedback.comments["text"].tolist()
    results = with_progress(lambda progress: classify(texts, progress=progress), bar, f"Reading {len(texts)} comments…",
                            "Read {done} of {total} comments")
    if results is None:
        st.stop()
    scored = with_sentiment(found.feedback.comments, results)
    record = MODELS.record_for("sentiment")
    workspace.save_labels(scored, record.source if record else "the sentiment classifier")

scored = with_categories(scored, bar)  # sorts comments not yet in one of the organiser's categories
counts = scored["label"].value_counts()
a, b, c, d = st.columns(4)
a.metric("Comments", len(scored))
b.metric("Positive", f"{counts.get('positive', 0) / len(scored):.0%}")
c.metric("Neutral", f"{counts.get('neutral', 0) / len(scored):.0%}")
d.metric("Negative", f"{counts.get('negative', 0) / len(scored):.0%}")

tabs = st.tabs(["Comments", "Sessions", "Categories", "Themes", "Digests", "Speaker packs", "Over time", "Why?",
               "Encoder vs decoder", "Report", "Export"])
for tab, render in zip(tabs, [comments_tab, sessions_tab, categories_tab,
                              themes_tab, digests_tab, packs_tab, time_tab,
                              why_tab, compare_tab, report_tab, export_tab]):
    with tab:
        render(scored)
