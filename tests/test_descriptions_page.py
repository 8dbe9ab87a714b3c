"""The descriptions page through AppTest, on the real decoder with short outputs."""
from apptest_helpers import button, keyed, open_page, page_path

PAGE = "descriptions.py"


def test_form_is_prefilled_from_the_demo_and_generates_text(decoder):
    at = open_page(PAGE)
    keyed(at.selectbox, "copy_session_pick").select("Exploring Attendee Data with Python and pandas").run()
    assert at.text_input(key="copy_title").value == "Exploring Attendee Data with Python and pandas"
    assert at.text_input(key="copy_speakers").value.startswith("Lukas Brenner")
    at.selectbox(key="copy_kind").select("teaser").run()
    at.toggle(key="copy_greedy").set_value(True).run()
    at.slider(key="copy_max_teaser").set_value(64).run()  # room to end a sentence: a cut one can tidy to nothing
    button(at, "Generate").click().run()
    assert not at.exception
    draft = next(t for t in at.text_area if t.label == "Edit before you publish").value
    assert draft.startswith(("Join Lukas Brenner", "Lukas Brenner")) and len(draft.split()) > 3
    assert any("tokens/s" in c.value for c in at.caption)
    # the draft survives a page switch
    at.switch_page(page_path("home.py")).run()
    at.switch_page(page_path(PAGE)).run()
    assert next(t for t in at.text_area if t.label == "Edit before you publish").value == draft


def test_best_of_four_is_ranked_checked_and_highlighted(decoder, embedder):
    at = open_page(PAGE)
    keyed(at.selectbox, "copy_session_pick").select("Pandas for Event Analytics: From Registrations to Insight").run()
    at.text_area(key="copy_notes").input("This talk walks through a real analysis of registrations using pandas.")
    at.selectbox(key="copy_kind").select("teaser").run()
    button(at, "Generate").click().run()
    assert not at.exception
    choices = at.radio(key="copy_pick")
    assert len(choices.options) == 4 and choices.options[0].startswith("Best · ")
    shown = " ".join(c.value for c in at.caption)
    assert "Why first: " in shown and "facts from your brief" in shown and "closeness to your brief" in shown
    best = next(t for t in at.text_area if t.label == "Edit before you publish").value
    assert best.startswith(("Join Amara Okafor", "Amara Okafor"))
    # an invented fact typed into the draft is marked at once, and listed beside it
    at.text_area(key=next(t.key for t in at.text_area if t.label == "Edit before you publish")).input(
        best + " She spent 12 years at Google.").run()
    assert any(":red-background[Google]" in m.value for m in at.markdown)
    assert any("Not in your brief:" in m.value and "*12 years*" in m.value for m in at.markdown)
    # a claim the brief never made, typed in, is marked as a sentence not from the brief
    box = next(t.key for t in at.text_area if t.label == "Edit before you publish")
    at.text_area(key=box).input(best + " He also reveals the secret history of medieval carpentry guilds.").run()
    assert any(":orange-background[He also reveals the secret history" in m.value for m in at.markdown)
    assert any("Not from your brief:" in m.value and "carpentry" in m.value for m in at.markdown)
    # filler the words pass is marked too, with the decoder's reason
    box = next(t.key for t in at.text_area if t.label == "Edit before you publish")
    at.text_area(key=box).input(best + " It is a great time to learn, and the world is changing fast.").run()
    assert any(":orange-background[It is a great time to learn" in m.value for m in at.markdown)
    assert any("does not make it more likely" in m.value for m in at.markdown)
    # the second candidate can be picked and keeps its own text
    choices = at.radio(key="copy_pick").set_value(1).run()
    shown = next(t for t in at.text_area if t.label == "Edit before you publish").value
    assert shown != best + " She spent 12 years at Google."


def test_why_this_word_shows_the_real_distribution(decoder):
    at = open_page(PAGE, with_demo=False)
    at.text_input(key="copy_title").input("Kubernetes Cost Control").run()
    at.toggle(key="copy_why_on").set_value(True).run()
    assert not at.exception
    assert any("survive your settings" in c.value for c in at.caption)


def test_batch_mode_writes_every_uploaded_row_and_exports(decoder):
    at = open_page(PAGE, with_demo=False)
    csv = "Session,Speaker\nIntro to pandas,Ana Costa\n<b>Green events</b>,Lena Vogel\n,\n"
    at.file_uploader[0].set_value(("s.csv", csv.encode(), "text/csv")).run()
    button(at, "Use this programme").click().run()  # the file becomes the workspace's programme
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


def test_an_abstract_is_rewritten_by_default_and_scratch_is_a_choice(decoder, embedder):
    at = open_page(PAGE)
    keyed(at.selectbox, "copy_session_pick").select("Pandas for Event Analytics: From Registrations to Insight").run()
    notes = at.text_area(key="copy_notes").value
    assert notes and at.radio(key="copy_mode").value == "edit"
    button(at, "Generate").click().run()
    assert not at.exception
    rewrite = next(t for t in at.text_area if t.label == "Edit before you publish").value
    # the rewrite opens with the organiser's own words, not the formula
    assert rewrite.split()[:2] == notes.split()[:2] and not rewrite.startswith("In this talk")
    at.radio(key="copy_mode").set_value("scratch").run()
    button(at, "Generate").click().run()
    assert not at.exception
    scratch = next(t for t in at.text_area if t.label == "Edit before you publish").value
    # written from the facts, not the organiser's words (its opening "Amara Okafor …" may go as talk about the
    # task when it only announces the title)
    assert scratch != rewrite and scratch.split()[:2] != notes.split()[:2]
