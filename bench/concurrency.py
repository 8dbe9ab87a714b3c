"""Many visitors at once: 8 browser sessions open Attendee feedback at the same moment on one server, each
classifying the demo's 308 comments in its own session, against one session alone on the same server.

    .venv/bin/python bench/concurrency.py [--sessions 8]
    .venv/bin/python bench/concurrency.py --drafts [--candidates 1]

With --drafts, visitors write copy instead: each sets Candidates (1 by default: one draft, as the goal of
a 220-token abstract is stated; the page's default is 4) and clicks Generate; every candidate's tokens count.

Models are warmed up first (Model status -> Load all models), so this measures sharing the CPU, not loading.
Checks that every session shows its result with no error and that each model was loaded once.

Last line: sessions_at_once_vs_one: <seconds until all sessions show their result> / <one session's seconds>.
"""
from __future__ import annotations

import argparse
import re
import time

from common import machine
from server import ARGS, go_to, load_demo, open_app, settle, streamlit_server

from playwright.sync_api import sync_playwright


def models_panel(page) -> str:
    """The sidebar's model lines, hidden in a collapsed expander: text_content reads them anyway."""
    return page.locator('[data-testid="stSidebar"]').text_content()


def served(pages) -> tuple[int, list[int]]:
    """(errors shown on any page, times each loaded model was loaded), read from the pages themselves;
    asserts that every session was served and no model loaded twice."""
    errors = sum(page.locator('[data-testid="stException"]').count() + page.locator(
        '[data-testid="stAlert"]').filter(has_text="unavailable").count() for page in pages)
    loads = [int(n) for n in re.findall(r"loaded (\d+)×", models_panel(pages[0]))]
    print(f"errors shown: {errors}; times each loaded model was loaded: {loads}")
    assert errors == 0 and loads and all(n == 1 for n in loads), (errors, loads)
    return errors, loads


def draft(page) -> None:
    """Generate one draft on Session descriptions (the demo's first talk) and wait for it."""
    page.get_by_role("button", name="Generate").click()
    page.get_by_text("tokens/s").first.wait_for()


def draft_tokens(page) -> int:
    """Tokens written for this visitor: the shown draft's, plus every other candidate's (picked in turn)."""
    def shown() -> int:
        caption = page.get_by_text("tokens/s").first.text_content()
        return int(re.search(r"(\d+) tokens at", caption).group(1))

    options = page.get_by_role("radiogroup").filter(has_text="Best").locator("label")
    if options.count() == 0:
        return shown()
    total = 0
    for i in range(options.count()):
        options.nth(i).click()
        settle(page)
        total += shown()
    return total


def set_candidates(page, n: int) -> None:
    box = page.get_by_label("Candidates", exact=True)
    box.fill(str(n))
    box.press("Enter")
    settle(page)


def drafts(url: str, sessions: int, candidates: int) -> None:
    """8 visitors write a draft at once: all served, by one engine, faster in total than one after another."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        first = open_app(browser, url)
        load_demo(first)
        go_to(first, "Session descriptions")
        settle(first)
        set_candidates(first, candidates)
        draft(first)  # warm: the engine is loaded
        settle(first)
        first.close()
        lone = open_app(browser, url)  # a new visitor, whose page shows no earlier draft
        load_demo(lone)
        go_to(lone, "Session descriptions")
        settle(lone)
        set_candidates(lone, candidates)
        start = time.perf_counter()
        draft(lone)
        alone = time.perf_counter() - start
        alone_rate = draft_tokens(lone) / alone
        lone.close()
        pages = [open_app(browser, url) for _ in range(sessions)]
        for page in pages:
            load_demo(page)
            go_to(page, "Session descriptions")
            settle(page)
            set_candidates(page, candidates)
        start, tokens = time.perf_counter(), 0
        for page in pages:
            page.get_by_role("button", name="Generate").click()
        for page in pages:
            page.get_by_text("tokens/s").first.wait_for()
        together = time.perf_counter() - start
        tokens = sum(draft_tokens(page) for page in pages)
        print(f"one session alone, {candidates} candidate(s): {alone:.2f} s until its checked draft shows "
              f"({alone_rate:.1f} tok/s)")
        print(f"{sessions} sessions at once: all {sessions} drafts done after {together:.2f} s, {tokens} tokens "
              f"({tokens / together:.1f} tok/s in all)")
        served(pages)
        browser.close()
    print(f"aggregate_drafts_tok_s_vs_one: {tokens / together / alone_rate:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=8)
    parser.add_argument("--drafts", action="store_true", help="visitors write drafts instead of classifying")
    parser.add_argument("--candidates", type=int, default=1, help="with --drafts: candidates per visitor")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    if args.drafts:
        with streamlit_server() as (url, _, _):
            drafts(url, args.sessions, args.candidates)
        return
    with streamlit_server() as (url, _, _), sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        first = open_app(browser, url)
        load_demo(first)
        go_to(first, "Model status")
        settle(first)
        first.get_by_role("button", name="Load all models").click()
        first.wait_for_timeout(500)
        settle(first)

        start = time.perf_counter()
        go_to(first, "Attendee feedback")
        first.get_by_text("Positive", exact=True).first.wait_for()
        alone = time.perf_counter() - start
        settle(first)
        first.close()

        pages = [open_app(browser, url) for _ in range(args.sessions)]
        for page in pages:
            load_demo(page)
        start, done = time.perf_counter(), []
        for page in pages:  # click them all before waiting for any
            go_to(page, "Attendee feedback")
        for page in pages:
            page.get_by_text("Positive", exact=True).first.wait_for()
            done.append(time.perf_counter() - start)
        for page in pages:
            settle(page)
        print(f"one session alone: {alone:.2f} s to its 308 labels")
        print(f"{args.sessions} sessions at once: first done after {min(done):.2f} s, all done after "
              f"{max(done):.2f} s ({max(done) / args.sessions:.2f} s per session)")
        served(pages)
        browser.close()
    print(f"sessions_at_once_vs_one: {max(done) / alone:.2f}x")


if __name__ == "__main__":
    main()
