"""Cold start: from `streamlit run` to a usable home page in headless Chromium, and proof that no model is
loaded until a page needs one; then time to first result on the agenda page, cold and warm.

    .venv/bin/python bench/cold_start.py

Last line: first_result_cold_vs_warm: <cold seconds / warm seconds> on the agenda page.
"""
from __future__ import annotations

import socket
import subprocess
import sys
import time

from common import ROOT, machine

import psutil
from playwright.sync_api import sync_playwright

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def settle(page) -> None:
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=300_000)


def main() -> None:
    print(f"machine: {machine()}")
    port = free_port()
    start = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "app.py"),
                               "--server.port", str(port), "--server.headless", "true"], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
            page = browser.new_page()
            for _ in range(600):
                try:
                    page.goto(f"http://127.0.0.1:{port}", timeout=2000)
                    break
                except Exception:
                    time.sleep(0.1)
            page.get_by_role("button", name="Load the demo event").wait_for(timeout=300_000)
            settle(page)
            cold_start = time.perf_counter() - start
            rss = psutil.Process(server.pid).memory_info().rss / 2**20
            page.get_by_role("button", name="Load the demo event").click()
            page.get_by_text("Loaded: Harbourline").wait_for()
            models = page.locator('[data-testid="stSidebar"]').inner_text()
            print(f"cold start to usable home page: {cold_start:.2f} s, server RSS {rss:.0f} MB")
            print(f"models loaded after home renders: {'none' if 'loaded 1×' not in models else 'SOME'}")

            timings = []
            for label in ("cold (model loads)", "warm (model loaded)"):
                page.locator('[data-testid="stSidebarNav"] a', has_text="Agenda similarity").first.click()
                t = time.perf_counter()
                page.get_by_text("Nearest sessions").wait_for(timeout=300_000)
                timings.append(time.perf_counter() - t)
                print(f"agenda page first result, {label}: {timings[-1]:.2f} s")
                page.locator('[data-testid="stSidebarNav"] a', has_text="Home").first.click()
                settle(page)
            browser.close()
        print(f"first_result_cold_vs_warm: {timings[0] / timings[1]:.2f}x")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
