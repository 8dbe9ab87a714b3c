"""Attendee feedback: the encoder classifier reads every comment; roll-ups, themes, digests, report, export."""
import streamlit as st

from core.feedback import comments as core_feedback
from core.feedback import sentiment
from core.fingerprint import content_key
from core.models.cache import ModelUnavailableError
from dashboard.feedback import insights, views
from dashboard.feedback.input import feedback_source
from dashboard.state import FEEDBACK_SCORED, recall, remember

st.title("Attendee feedback")
st.markdown(
    "An encoder-only model reads each comment in both directions at once and a small trained head maps it to "
    "*negative*, *neutral* or *positive*. It is discriminative: it learned the boundary between the labels, "
    "not how to write text. The base encoder is MiniLM (22M parameters), fine-tuned here with a LoRA adapter."
)

feedback = feedback_source()
if feedback is None or feedback.comments.empty:
    st.stop()
for note in feedback.notes:
    st.info(note, icon=":material/info:")

digest = content_key(feedback.comments)
scored = recall(FEEDBACK_SCORED, {}).get(digest)  # reruns and page switches reuse the labels
# Always the same element here, drawn or not: if the page's elements shifted between runs, Streamlit would
# rebuild the tabs below and drop the organiser back on the first one.
bar = st.empty()
if scored is None:
    texts = feedback.comments["text"].tolist()
    bar.progress(0.0, text=f"Reading {len(texts)} comments…")
    try:
        results = sentiment.classify(texts, progress=lambda d, t: bar.progress(d / t, text=f"Read {d} of {t} comments"))
    except ModelUnavailableError as exc:
        bar.empty()
        st.error(str(exc), icon=":material/error:")
        st.stop()
    bar.empty()
    scored = core_feedback.with_sentiment(feedback.comments, results)
    remember(FEEDBACK_SCORED, {digest: scored})

counts = scored["label"].value_counts()
a, b, c, d = st.columns(4)
a.metric("Comments", len(scored))
b.metric("Positive", f"{counts.get('positive', 0) / len(scored):.0%}")
c.metric("Neutral", f"{counts.get('neutral', 0) / len(scored):.0%}")
d.metric("Negative", f"{counts.get('negative', 0) / len(scored):.0%}")

tabs = st.tabs(["Comments", "Sessions", "Themes", "Digests", "Over time", "Why?", "Encoder vs decoder", "Report",
               "Export"])
for tab, render in zip(tabs, [views.comments_tab, views.sessions_tab, insights.themes_tab, insights.digests_tab,
                              views.time_tab, views.why_tab, views.compare_tab, insights.report_tab,
                              views.export_tab]):
    with tab:
        render(scored)
