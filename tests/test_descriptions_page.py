"""The descriptions page through AppTest, on the real decoder with short outputs."""
from apptest_helpers import button, open_page, page_path

PAGE = "descriptions.py"


def test_form_is_prefilled_from_the_demo_and_generates_text(decoder):
    at = open_page(PAGE)
    at.selectbox(key="copy_session_pick").select("Exploring Attendee Data with Python and pandas").run()
    assert at.text_input(key="copy_title").value == "Exploring Attendee Data with Python and pandas"
    assert at.text_input(key="copy_speakers").value.startswith("Lukas Brenner")
    at.selectbox(key="copy_kind").select("teaser").run()
    at.toggle(key="copy_greedy").set_value(True).run()
    at.slider(key="copy_max_teaser").set_value(32).run()
    button(at, "Generate").click().run()
    assert not at.exception
    draft = next(t for t in at.text_area if t.label == "Draft").value
    assert draft.startswith("Join Lukas Brenner") and len(draft.split()) > 3
    assert any("tokens/s" in c.value for c in at.caption)
    # the draft survives a page switch
    at.switch_page(page_path("home.py")).run()
    at.switch_page(page_path(PAGE)).run()
    assert next(t for t in at.text_area if t.label == "Draft").value == draft


def test_why_this_word_shows_the_real_distribution(decoder):
    at = open_page(PAGE, with_demo=False)
    at.text_input(key="copy_title").input("Kubernetes Cost Control").run()
    at.toggle(key="copy_why_on").set_value(True).run()
    assert not at.exception
    assert any("survive your settings" in c.value for c in at.caption)


def test_batch_mode_writes_every_uploaded_row_and_exports(decoder):
    at = open_page(PAGE, with_demo=False)
    at.radio(key="copy_batch_source").set_value("Upload a file").run()
    csv = "Session,Speaker\nIntro to pandas,Ana Costa\n<b>Green events</b>,Lena Vogel\n,\n"
    at.file_uploader[0].set_value(("s.csv", csv.encode(), "text/csv")).run()
    at.selectbox(key="copy_batch_kind").select("teaser").run()
    at.slider(key="copy_max_abstract").set_value(24).run()
    button(at, "Generate for every session").click().run()
    assert not at.exception
    assert any("2 of 2 written" in c.value for c in at.caption)  # the empty row was skipped
    assert any(b.label == "Download descriptions (CSV)" and not b.disabled for b in at.get("download_button"))


def test_without_a_title_nothing_is_generated():
    at = open_page(PAGE, with_demo=False)
    assert button(at, "Generate").disabled
    assert any("Give the session a title" in c.value for c in at.caption)
