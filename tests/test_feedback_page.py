"""The feedback page through AppTest with the real classifier."""
import pytest

from apptest_helpers import button, keyed, open_page

PAGE = "feedback.py"


@pytest.fixture(scope="module")
def classifier():
    from core.models.cache import MODELS
    return MODELS.get("sentiment")


def test_demo_feedback_is_classified_and_rolled_up(classifier):
    at = open_page(PAGE)
    values = {m.label: m.value for m in at.metric}
    assert values["Comments"] == "308"
    shares = [int(values[k].rstrip("%")) for k in ("Positive", "Neutral", "Negative")]
    assert 97 <= sum(shares) <= 103 and shares[0] > shares[2] > 0
    rollup = next(df.value for df in at.dataframe if "net_sentiment" in df.value.columns)
    assert len(rollup) == 40 and rollup.net_sentiment.is_monotonic_increasing
    weak = set(rollup.session.head(8))
    assert "Kubernetes Cost Control for Small Teams" in weak or "Sponsorship That Attendees Actually Value" in weak
    assert any(b.label.startswith("Download every comment") for b in at.get("download_button"))


def test_pasted_comments_with_html_are_shown_as_text(classifier):
    at = open_page(PAGE, with_demo=False)
    at.text_area(key="feedback_pasted").input("Loved it!\n<script>alert('x')</script> awful room\n\n").run()
    button(at, "Use these comments").click().run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Comments"] == "2"
    table = next(df.value for df in at.dataframe if "text" in df.value.columns)
    assert "<script>alert('x')</script> awful room" in table.text.tolist()


def test_uploaded_file_with_wrong_columns_needs_a_text_column(classifier):
    at = open_page(PAGE, with_demo=False)
    at.file_uploader[0].set_value(("f.csv", b"when,stars\n2026-06-11,5\n", "text/csv")).run()
    assert not at.exception
    assert any("Comment text" in w.value for w in at.warning)


def test_encoder_and_decoder_compared_side_by_side(classifier, decoder):
    at = open_page(PAGE)
    at.slider(key="fb_compare_n").set_value(5).run()
    button(at, "Run the comparison").click().run()
    assert not at.exception
    values = {m.label: m.value for m in at.metric}
    assert values["Agreement"].endswith("%") and "comments/s" in values["Decoder"]


def test_themes_digests_and_report_tabs(classifier, embedder):
    at = open_page(PAGE)
    assert not at.exception
    assert any("themes in 308 comments" in c.value for c in at.caption)
    crosstab = next(df.value for df in at.dataframe if df.value.index.name == "session")
    assert len(crosstab) == 40 and crosstab.to_numpy().sum() == 308  # every comment in one theme, per session
    keyed(at.selectbox, "fb_theme_pick").select_index(1).run()
    digest_names = keyed(at.selectbox, "fb_digest_pick").options
    assert digest_names[0] == "Whole event" and len(digest_names) == 41
    assert any(m.label == "Net sentiment" for m in at.metric)
    assert any(m.value.startswith("> ") for m in at.markdown)  # quoted comments
    button(at, "Build the report").click().run()
    assert not at.exception
    assert any(b.label == "Download the report (HTML)" for b in at.get("download_button"))


def test_a_new_upload_resets_the_theme_picker(classifier, embedder):
    """A picker whose options come from the comments must not keep naming a theme of comments that were replaced."""
    at = open_page(PAGE)
    picker = keyed(at.selectbox, "fb_theme_pick").select_index(1).run()
    picker = keyed(at.selectbox, "fb_theme_pick")
    old_labels, old_choice = list(picker.options), picker.options[1]
    wifi = [f"The wifi dropped again in hall {n}, could not load the slides" for n in range(12)]
    coffee = [f"Coffee queue number {n} was far too long at the break" for n in range(12)]
    at.text_area(key="feedback_pasted").input("\n".join(wifi + coffee)).run()
    button(at, "Use these comments").click().run()
    assert not at.exception
    picker = keyed(at.selectbox, "fb_theme_pick")
    assert list(picker.options) != old_labels
    assert picker.index == 0 and picker.value == 0 and old_choice not in picker.options
