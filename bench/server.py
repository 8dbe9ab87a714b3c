"""A real `streamlit run` server driven by headless Chromium, shared by the server-side benchmarks."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from common import ROOT

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
DEMO = "Harbourline Tech Summit 2026"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(env: dict[str, str] | None = None):
    """Yield (url, process, start time) for a fresh server on a free port, with `env` added to this
    process's environment; stop it afterwards. Its workspaces go to a folder of its own."""
    port = free_port()
    start = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "app.py"),
                               "--server.port", str(port), "--server.headless", "true"], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={**os.environ, "EVENTS_DATA_DIR": tempfile.mkdtemp(prefix="bench-data-"),
                                   **(env or {})})
    try:
        yield f"http://127.0.0.1:{port}", server, start
    finally:
        server.terminate()
        server.wait(timeout=30)


def open_app(browser, url: str):
    """A new browser session (its own Streamlit session state) on the home page, retrying until the server
    answers."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(300_000)
    for _ in range(600):
        try:
            page.goto(url, timeout=2000)
            break
        except Exception:
            time.sleep(0.1)
    page.get_by_role("button", name="Load the demo event").wait_for()
    settle(page)
    return page


def settle(page) -> None:
    """Wait until Streamlit has finished running the script for the current page."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=300_000)


def load_demo(page) -> None:
    page.get_by_role("button", name="Load the demo event").click()
    page.get_by_text("40 sessions · 308 comments").first.wait_for()
    settle(page)


def go_to(page, title: str) -> None:
    # a help tooltip left open under the pointer (e.g. by the button just clicked) would swallow the click
    page.mouse.move(0, 0)
    page.locator('[data-testid="stTooltipContent"]').first.wait_for(state="hidden")
    page.locator('[data-testid="stSidebarNav"] a', has_text=title).first.click()


def peak_rss_mb(pid: int) -> float:
    """The kernel's high-water mark of the process's resident memory (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc status")
