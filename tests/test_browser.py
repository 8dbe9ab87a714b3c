"""A real `streamlit run` driven by headless Chromium: the way a visitor actually meets the app.

Screenshots go to test-artifacts/ (ignored by git) so a failing run can be looked at.
"""
from __future__ import annotations

import sys

import pytest

from browser import ARTIFACTS, ROOT, Server, explain, go, launch, needs_chromium
from browser import settle as _settle
from dashboard.page_index import HOME, PAGES

pytestmark = [pytest.mark.browser, needs_chromium]


@pytest.fixture
def server(request, page):
    """A server of each test's own, as a visitor meets it after `make run`: what one test leaves running or
    loading cannot slow the next (each step waits at most two minutes). Started after conftest's autouse
    fixture, so like every other test it loads each model when it needs it; the background warm-up has a test
    of its own below."""
    running = Server().start()
    yield running
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:  # a timed-out step says only what it waited for: add what the page
        # showed and what every server thread was doing
        report.sections.append(("what the page and the server were doing", explain(page, running)))
    running.stop()


@pytest.fixture
def server_url(server):
    return server.url


@pytest.fixture(scope="module")
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch(p)
        tab = browser.new_page(viewport={"width": 1400, "height": 1000})
        tab.set_default_timeout(120_000)
        yield tab
        browser.close()


def test_visitor_loads_the_demo_and_visits_every_page(page, server_url):
    page.goto(server_url)
    _settle(page)
    page.get_by_role("heading", name="Events LLM Dashboard").wait_for()
    page.get_by_role("button", name="Load the demo event").click()
    page.get_by_text("40 sessions · 308 comments").first.wait_for()
    page.screenshot(path=ARTIFACTS / "home.png", full_page=True)

    for info in PAGES:
        if info is HOME:
            continue
        go(page, info.title)
        page.get_by_role("heading", name=info.title).first.wait_for()
        page.screenshot(path=ARTIFACTS / f"{info.url_path}.png", full_page=True)
        assert page.locator('[data-testid="stException"]').count() == 0, f"exception on {info.title}"
        # the demo event followed us to this page
        assert page.get_by_text("Harbourline Tech Summit 2026", exact=False).count() > 0


def test_hostile_uploads_get_plain_messages_in_the_browser(page, server_url):
    """An organiser uploads broken and hostile files: each gets its message, the page never shows a traceback,
    and HTML in a cell is shown as text (found by its visible text, so it was not rendered as markup)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from hostile_files import CASES

    _demo_page(page, server_url, "Agenda similarity")
    if not page.locator('[data-testid="stFileUploaderDropzone"]').first.is_visible():
        page.get_by_text("Programme").first.click()  # the expander is closed once a programme is loaded
    uploader = page.locator('[data-testid="stFileUploaderDropzoneInput"]').first
    wanted = {"xlsx: 2,000,000 rows": "more than 20,000 rows", "json: arrays nested 100,000 deep": "nested far more",
              "xlsx: zip bomb, 1 GB of rows unzipped": "unzips to", "csv: UTF-16 without a byte-order mark":
              "not readable text", "absurd: HTML and script in every cell": "<script>alert(1)</script>"}
    for case in (c for c in CASES if c.name in wanted):
        data, name = case.build(False)
        uploader.set_input_files({"name": name, "mimeType": "application/octet-stream", "buffer": data})
        _settle(page)
        # the preview table draws cells on a canvas and keeps their text in hidden grid cells
        page.get_by_text(wanted[case.name], exact=False).first.wait_for(state="attached")
        assert page.locator('[data-testid="stException"]').count() == 0, case.name
    page.screenshot(path=ARTIFACTS / "hostile-upload.png", full_page=True)


def _demo_page(page, server_url, title: str) -> None:
    """A fresh visit: load the demo event on Home, then open one page from the sidebar."""
    page.goto(server_url)
    _settle(page)
    page.get_by_role("button", name="Load the demo event").click()
    page.get_by_text("40 sessions · 308 comments").first.wait_for()
    go(page, title)


def test_organiser_fixes_clashes_and_uses_the_new_timetable(page, server_url):
    _demo_page(page, server_url, "Agenda similarity")
    page.get_by_role("tab", name="Fix clashes").click()
    page.get_by_role("button", name="Find a better timetable").click()
    _settle(page)
    page.get_by_text("The moves").wait_for()
    grid = page.get_by_role("tabpanel").filter(has_text="The moves").locator('[data-testid="stVegaLiteChart"]').first
    grid.locator("canvas, svg").first.wait_for()  # the timetable grid rendered
    page.screenshot(path=ARTIFACTS / "fix-clashes.png", full_page=True)
    grid.screenshot(path=ARTIFACTS / "fix-clashes-grid.png")
    assert page.locator('[data-testid="stException"]').count() == 0
    page.get_by_role("button", name="Use this timetable").click()
    _settle(page)
    page.get_by_text("Using the repaired timetable").wait_for()
    page.get_by_role("tab", name="Topic clashes").click()
    page.get_by_text("0 clashes found").wait_for()  # the repaired timetable reaches the other tabs
    page.screenshot(path=ARTIFACTS / "fix-clashes-used.png", full_page=True)
    assert page.locator('[data-testid="stException"]').count() == 0


def test_a_warm_started_server_loads_the_models_in_the_background_and_the_first_draft_uses_them(page):
    """The product's default: after the first page, the decoder and the embedder load in the background while
    the organiser clicks around; the first Generate then writes with them."""
    warm = Server("streamlit-warm", EVENTS_LLM_WARM_START="1").start()
    try:
        _demo_page(page, warm.url, "Attendee feedback")  # a page that loads a third model meanwhile
        page.get_by_role("tab", name="Report").wait_for()
        go(page, "Session descriptions")
        page.get_by_role("button", name="Generate").click()
        page.get_by_text("Candidates, best first").wait_for()
        assert page.locator('[data-testid="stException"]').count() == 0
    except Exception:
        raise AssertionError("the warm-started server did not draft:\n" + explain(page, warm))
    finally:
        warm.stop()


def test_organiser_gets_the_best_of_four_with_invented_facts_marked(page, server_url):
    _demo_page(page, server_url, "Session descriptions")
    page.get_by_role("button", name="Generate").click()
    page.get_by_text("Candidates, best first").wait_for()
    _settle(page)
    page.get_by_text("Why first:", exact=False).first.wait_for()
    assert page.get_by_text("From your brief:", exact=False).count() > 0
    page.screenshot(path=ARTIFACTS / "best-of-four.png", full_page=True)
    page.get_by_role("tabpanel").filter(has_text="Candidates, best first").screenshot(
        path=ARTIFACTS / "best-of-four-result.png")
    assert page.locator('[data-testid="stException"]').count() == 0


def test_the_post_event_report_downloads_and_opens_offline(page, server_url, tmp_path):
    _demo_page(page, server_url, "Attendee feedback")
    page.get_by_role("tab", name="Report").click()
    page.get_by_role("button", name="Build the report").click()
    _settle(page)
    page.get_by_text("the current comments").first.wait_for()  # built, and kept in the workspace
    page.screenshot(path=ARTIFACTS / "report-tab.png", full_page=True)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the report (HTML)").click()
    report = tmp_path / "report.html"
    download.value.save_as(report)
    viewer = page.context.browser.new_page()  # a page of its own: the report is opened like a file
    asked = []
    viewer.route("**/*", lambda route: (asked.append(route.request.url), route.abort())
                 if not route.request.url.startswith(("file:", "data:")) else route.continue_())
    viewer.goto(report.as_uri())
    sizes = viewer.eval_on_selector_all("svg", "els => els.map(e => e.getBoundingClientRect().width * "
                                               "e.getBoundingClientRect().height)")
    assert len(sizes) == 4 and all(s > 10_000 for s in sizes)  # four charts drawn (the demo has categories)
    assert viewer.locator("svg rect, svg path").count() > 50
    assert asked == []  # nothing fetched from the network
    assert viewer.get_by_text("Download the labelled comments (CSV)").count() == 1
    viewer.screenshot(path=ARTIFACTS / "report.png", full_page=True)
    viewer.close()


def test_a_held_back_comment_never_reaches_the_speakers_pack(page, server_url, tmp_path):
    """The organiser holds back a personal remark about a speaker; that speaker's pack, downloaded and opened as a
    file with the network blocked, holds every other comment of theirs and says one was held back."""
    import pandas as pd

    event = pd.read_csv(ROOT / "core" / "sample_data" / "feedback.csv")
    lower = event["text"].str.lower()
    once = lower.map(lambda t: lower.str.contains(t, regex=False).sum() == 1)  # the filter ignores case
    s02 = event[event["session_id"] == "S02"]["text"]
    held = s02[once & (s02.str.len() < 100)].iloc[0]  # in no other comment: the filter finds only it
    kept = s02[s02 != held].iloc[0]
    _demo_page(page, server_url, "Attendee feedback")
    page.get_by_label("Contains").fill(held)
    page.get_by_label("Contains").press("Enter")
    _settle(page)
    page.get_by_text("1 of 308 comments").first.wait_for()
    page.locator('[data-testid="stSelectbox"]').filter(has_text="Change the 1 comment shown").click()
    page.get_by_role("option", name="hold back from speakers").click()
    _settle(page)
    page.get_by_role("button", name="Apply").click()
    _settle(page)
    page.get_by_text("1 held back from speakers").first.wait_for()
    page.get_by_role("tab", name="Speaker packs").click()
    _settle(page)
    page.locator('[data-testid="stSelectbox"]').filter(has_text="Speaker").click()
    page.get_by_role("option", name="Amara Okafor").click()
    _settle(page)
    page.get_by_text("Held back from every pack: 1 comment.").wait_for()
    page.screenshot(path=ARTIFACTS / "speaker-packs.png", full_page=True)
    preview = page.frame_locator('[data-testid="stIFrame"]')  # the pack as the page shows it, before download
    preview.get_by_text("Feedback for Amara Okafor").first.wait_for()
    shown = preview.locator("body").inner_text()
    assert held not in shown and kept in shown and "1 comment was held back by the organisers" in shown
    with page.expect_download() as download:
        page.get_by_role("button", name="Download Amara Okafor's pack (HTML)").click()
    path = tmp_path / "pack.html"
    download.value.save_as(path)
    viewer = page.context.browser.new_page()
    asked = []
    viewer.route("**/*", lambda route: (asked.append(route.request.url), route.abort())
                 if not route.request.url.startswith(("file:", "data:")) else route.continue_())
    viewer.goto(path.as_uri())
    body = viewer.inner_text("body")
    assert held not in body and kept in body
    assert "1 comment was held back by the organisers" in body and "Feedback for Amara Okafor" in body
    assert asked == []
    viewer.screenshot(path=ARTIFACTS / "speaker-pack.png", full_page=True)
    viewer.close()
