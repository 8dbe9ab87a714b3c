"""The speakers' sign-off in real browsers against one real server: the organiser sends two drafts of Amara's
session from the Speaker sign-off tab; Amara's private link (a second browser context, at phone width, with no
serious or critical axe-core violation) approves one and changes the other; the organiser sees both statuses; Lukas's link (a third context) sees neither piece.
The drafts are put in the store directly (writing them with the model is tested on the Session descriptions page);
everything after that is done by clicking."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from browser import Server, axe_violations, go, needs_chromium, no_exception, organiser_with_demo, settle

pytestmark = [pytest.mark.browser, needs_chromium]

SESSION = "Pandas for Event Analytics: From Registrations to Insight"
ABSTRACT = "Amara Okafor shows how pandas turns registrations into insight for Tidewater Festivals."
TEASER = "Registrations in, insight out: Amara Okafor on pandas for <i>events</i>."


def _add_drafts(ws_id: str) -> None:
    from core.store import drafts
    from core.store.db import writing

    from apptest_helpers import store_engine

    brief = {"title": SESSION, "speakers": "Amara Okafor", "kind": "abstract",
             "notes": "Amara Okafor, Head of Data at Tidewater Festivals: pandas, registrations and insight."}
    with writing(store_engine()) as conn:
        for kind, text in (("abstract", ABSTRACT), ("teaser", TEASER)):
            drafts.save_written(conn, ws_id, "S02", kind, {**brief, "kind": kind},
                                [{"text": text, "seed": 1, "reasons": ["no facts outside your brief"], "removed": [],
                                  "tokens": 30, "tok_s": 100.0}], [], {}, 1, "llama.cpp", "SmolLM2", who="Ana")


def _token(ws_id: str, name: str) -> str:
    from core.store import speakers

    from apptest_helpers import store_engine

    return next(s.token for s in speakers.roster(store_engine(), ws_id) if s.name == name)


def _choose(tab, picker, name) -> None:
    """Pick an option of a multiselect; a click that lands while the page reruns opens no list, so try again."""
    for attempt in range(3):
        picker.click()
        try:
            tab.get_by_role("option", name=name).click(timeout=15_000)
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
            tab.keyboard.press("Escape")
            settle(tab)
    settle(tab)


def _phone(browser):
    # bypass_csp: only so axe-core can be injected
    return browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                               bypass_csp=True).new_page()


def test_the_organiser_sends_two_drafts_the_speaker_approves_one_and_changes_the_other(chromium):
    server = Server("streamlit-speakers").start()
    try:
        organiser, ws_id = organiser_with_demo(chromium, server)
        _add_drafts(ws_id)
        go(organiser, "Session descriptions")
        organiser.get_by_role("tab", name="Speaker sign-off").click()
        settle(organiser)
        picker = organiser.get_by_role("combobox", name="Send for approval")
        for kind in ("abstract", "teaser"):
            _choose(organiser, picker, re.compile(f"S02 · {kind}"))
        organiser.keyboard.press("Escape")
        organiser.get_by_role("button", name="Send for approval", exact=True).click()
        settle(organiser)
        organiser.get_by_role("tab", name="Speaker sign-off").click()
        organiser.get_by_text("sent: 2").first.wait_for()

        amara = _phone(chromium)
        amara.set_default_timeout(120_000)
        amara.goto(f"{server.url}/?s={_token(ws_id, 'Amara Okafor')}")
        settle(amara)
        assert amara.get_by_role("heading", name="Hello, Amara Okafor").is_visible()
        assert amara.locator('[data-testid="stSidebarNav"]').count() == 0  # nothing of the organiser's pages
        assert amara.get_by_text("2 pieces waiting for you").is_visible()
        assert amara.get_by_text("<i>events</i>", exact=False).first.is_visible()  # shown as text, not markup
        assert axe_violations(amara) == []  # the marks and the page's small print readable at a phone's width
        amara.get_by_role("button", name="Approve as it is").first.click()
        settle(amara)
        amara.get_by_text("you approved it").first.wait_for()
        amara.get_by_role("button", name="Change it").nth(1).click()
        amara.get_by_label("Your version").last.fill("Amara Okafor shows 3 ways pandas turns sign-ups into insight.")
        amara.get_by_role("button", name="Save my version and approve it").last.click()
        settle(amara)
        amara.get_by_text("your version, approved").first.wait_for()
        assert no_exception(amara)
        assert amara.evaluate("document.documentElement.scrollWidth") <= 390  # fits the phone, no sideways scroll

        organiser.reload()
        settle(organiser)
        organiser.get_by_role("tab", name="Speaker sign-off").click()
        organiser.get_by_text("approved by the speaker: 1").first.wait_for()
        assert organiser.get_by_text("changed by the speaker: 1").first.is_visible()

        lukas = _phone(chromium)
        lukas.goto(f"{server.url}/?s={_token(ws_id, 'Lukas Brenner')}")
        settle(lukas)
        assert lukas.get_by_role("heading", name="Hello, Lukas Brenner").is_visible()
        body = lukas.locator("body").inner_text()
        assert "Nothing is waiting for you" in body
        assert "pandas turns" not in body and SESSION not in body  # neither piece, nor Amara's session
        lukas.goto(f"{server.url}/?s={'x' * 22}")
        settle(lukas)
        assert lukas.get_by_role("heading", name="No page at this link").is_visible()
    finally:
        server.stop()
