"""Attendee feedback: the encoder classifier reads every comment; roll-ups, themes, digests, report, export."""
import streamlit as st

from core.feedback import comments as core_feedback
from core.feedback import sentiment
from core.models.cache import MODELS, ModelUnavailableError
from dashboard import workspace
from dashboard.feedback import categories, corrections, insights, packs, views
from dashboard.feedback.input import feedback_source

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
    bar.progress(0.0, text=f"Reading {len(texts)} comments…")
    try:
        results = sentiment.classify(texts, progress=lambda d, t: bar.progress(d / t, text=f"Read {d} of {t} comments"))
    except ModelUnavailableError as exc:
        bar.empty()
        st.error(str(exc), icon=":material/error:")
        st.stop()
    bar.empty()
    scored = core_feedback.with_sentiment(found.feedback.comments, results)
    record = MODELS.record_for("sentiment")
    workspace.save_labels(scored, record.source if record else "the sentiment classifier")

scored = categories.with_categories(scored, bar)  # sorts comments not yet in one of the organiser's categories
counts = scored["label"].value_counts()
a, b, c, d = st.columns(4)
a.metric("Comments", len(scored))
b.metric("Positive", f"{counts.get('positive', 0) / len(scored):.0%}")
c.metric("Neutral", f"{counts.get('neutral', 0) / len(scored):.0%}")
d.metric("Negative", f"{counts.get('negative', 0) / len(scored):.0%}")

tabs = st.tabs(["Comments", "Sessions", "Categories", "Themes", "Digests", "Speaker packs", "Over time", "Why?",
               "Encoder vs decoder", "Report", "Export"])
for tab, render in zip(tabs, [corrections.comments_tab, views.sessions_tab, categories.categories_tab,
                              insights.themes_tab, insights.digests_tab, packs.packs_tab, views.time_tab,
                              views.why_tab, views.compare_tab, insights.report_tab, views.export_tab]):
    with tab:
        render(scored)
