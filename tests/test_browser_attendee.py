"""An attendee's phone and the organiser's browser against one real server: the organiser switches the forms on
and opens one; the phone scans its link, sends an answer with HTML in it and is thanked; the answer waits in the
organiser's queue after a rerun, as text. axe-core (from npm) finds no serious or critical violation on the
form, the thank-you page or a closed form."""
from __future__ import annotations


import pytest

from browser import Server, axe_violations, go, needs_chromium, no_exception, organiser_with_demo, settle

pytestmark = [pytest.mark.browser, needs_chromium]

PROBE = '<script>alert(1)</script>"onmouseover="alert(2) The mic cut out twice'
KEYNOTE = "Events That Learn: Opening Keynote"


def set_state(tab, label: str) -> None:
    tab.get_by_role("radio", name=label, exact=True).click()
    settle(tab)


def test_an_attendee_sends_feedback_from_a_phone_and_the_organiser_moderates_it(chromium):
    browser = chromium
    server = Server("streamlit-attendee").start()
    try:
        organiser, _ = organiser_with_demo(browser, server)
        go(organiser, "Workspace")
        organiser.get_by_text("Collect feedback through the app's own forms").click()
        settle(organiser)
        organiser.get_by_text("One session's form").wait_for()
        set_state(organiser, "open now")  # the demo's day is past: the organiser opens the keynote's form now
        link = organiser.locator('[data-testid="stImageCaption"]', has_text="/f/").first.inner_text().strip()
        assert link.startswith(server.url + "/f/")

        phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                    bypass_csp=True).new_page()  # bypass_csp: only so axe can be injected
        dialogs = []
        phone.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        assert phone.goto(link).status == 200
        assert phone.get_by_role("heading", name=KEYNOTE).is_visible()
        assert axe_violations(phone) == []
        phone.get_by_role("radio", name="4").check()
        phone.get_by_label("Your comment").fill(PROBE)
        phone.get_by_label("One thing to improve").fill("A second microphone")
        phone.get_by_role("button", name="Send feedback").click()
        phone.get_by_role("heading", name="Thank you!").wait_for()
        assert phone.locator("blockquote").inner_text().startswith('<script>alert(1)</script>"onmouseover=')
        assert axe_violations(phone) == [] and dialogs == []  # the probe was shown, never run

        go(organiser, "Attendee feedback")
        settle(organiser)
        organiser.get_by_role("tab", name="Form answers").click()
        organiser.get_by_text("1 answer from the forms · 1 waiting").wait_for()
        assert organiser.get_by_text(f"{KEYNOTE} (1)").first.is_visible()  # the live count, per session
        assert no_exception(organiser)

        go(organiser, "Workspace")
        organiser.get_by_text("One session's form").wait_for()
        set_state(organiser, "closed now")
        phone.goto(link)
        assert phone.get_by_role("heading", name="This form is closed").is_visible()
        assert axe_violations(phone) == []
    finally:
        server.stop()
