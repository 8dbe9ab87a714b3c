"""Many visitors at once: 8 browser sessions open Attendee feedback at the same moment on one server, each
classifying the demo's 308 comments in its own session, against one session alone on the same server.

    .venv/bin/python bench/concurrency.py [--sessions 8]

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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=8)
    args = parser.parse_args()
    print(f"machine: {machine()}")
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
        errors = sum(page.locator('[data-testid="stException"]').count() for page in pages)
        panel = models_panel(pages[0])
        browser.close()

    loads = [int(n) for n in re.findall(r"loaded (\d+)×", panel)]
    print(f"one session alone: {alone:.2f} s to its 308 labels")
    print(f"{args.sessions} sessions at once: first done after {min(done):.2f} s, all done after {max(done):.2f} s "
          f"({max(done) / args.sessions:.2f} s per session)")
    print(f"errors shown: {errors}; times each model was loaded: {loads}")
    assert errors == 0 and loads and all(n == 1 for n in loads), (errors, loads)
    print(f"sessions_at_once_vs_one: {max(done) / alone:.2f}x")


if __name__ == "__main__":
    main()
