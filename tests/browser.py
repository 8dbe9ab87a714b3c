"""A real `streamlit run` and headless Chromium for the browser tests: start, stop, kill and restart the server on
one port (its workspaces stay in the test run's data folder), and wait for a page to finish running."""
from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed")
AXE = ROOT / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"  # scripts/run_tests.sh installs it


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`streamlit run dashboard/app.py` on a port of its own; the log goes to test-artifacts/."""

    def __init__(self, name: str = "streamlit", **env: str):
        self.port, self.name = free_port(), name
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, **env}
        self.process: subprocess.Popen | None = None

    @property
    def log_path(self) -> Path:
        return ARTIFACTS / f"{self.name}.log"

    def start(self) -> "Server":
        ARTIFACTS.mkdir(exist_ok=True)
        log = open(self.log_path, "a")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "app.py"), "--server.port",
             str(self.port), "--server.headless", "true", "--client.showErrorDetails", "full"],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=self.env)
        log.close()  # the server writes through its own copy of the handle
        for _ in range(600):  # wait for the health endpoint, at most about a minute
            try:
                if urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=1).status == 200:
                    return self
            except OSError:
                time.sleep(0.1)
        self.process.kill()
        pytest.fail(f"streamlit did not start; see test-artifacts/{self.name}.log")

    def stop(self) -> None:
        """SIGTERM, as a host stops a server. Streamlit's own shutdown once took over 30 s in CI right after a
        resumed batch (everything it had written was already in the database); then the threads' stacks go to the
        log, the process is killed, and the test run shows a warning instead of failing a test that had passed."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                stacks = self.stacks()
                self.process.kill()
                self.process.wait(timeout=30)
                warnings.warn(f"{self.name}: streamlit had not stopped 30 s after SIGTERM; killed. Threads:\n{stacks}")

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs, as when a host dies or a container is evicted."""
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)


    def stacks(self) -> str:
        """The stack of every server thread that is inside this project's code, from the server's own log (the
        app registers SIGUSR1 with faulthandler)."""
        if not self.process or self.process.poll() is not None:
            return f"the server is not running (exit code {self.process and self.process.returncode})"
        start = self.log_path.stat().st_size
        os.kill(self.process.pid, signal.SIGUSR1)
        time.sleep(1.0)
        with open(self.log_path, errors="replace") as log:
            log.seek(start)
            dump = log.read()
        blocks = [b for b in re.split(r"\n(?=Thread 0x|Current thread 0x)", dump) if "(most recent call first)" in b]
        ours = [b for b in blocks if _in_project(b)]
        return "\n".join(ours) + f"\n({len(blocks) - len(ours)} more threads in library code only: idle pools)"


def _in_project(block: str) -> bool:
    """A thread stack with a frame of this project's own code (not its virtualenv's)."""
    return any(str(ROOT) in line and "/.venv/" not in line for line in block.splitlines())


def explain(tab, server: "Server | None" = None) -> str:
    """What a visitor would see when a step timed out, and what the server was doing: the page's messages and
    progress bars, then every thread's stack."""
    parts = [f"url: {tab.url}"]
    try:
        state = tab.locator('[data-testid="stApp"]').get_attribute("data-test-script-state", timeout=2_000)
        parts.append(f"script state: {state}")
        for kind in ("stAlert", "stException", "stProgress", "stSpinner", "stStatusWidget"):
            for text in tab.locator(f'[data-testid="{kind}"]').all_inner_texts()[:8]:
                parts.append(f"{kind}: {' '.join(text.split())[:300]}")
    except Exception as exc:  # the page itself may be gone: say so and go on to the server
        parts.append(f"page unreadable: {exc!r:.200}")
    if server is not None:
        parts.append("server threads:\n" + server.stacks())
    return "\n".join(parts)


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def settle(tab) -> None:
    """Wait until Streamlit has finished running the script for the current page."""
    tab.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=180_000)
    tab.wait_for_timeout(500)  # let the last elements paint before a screenshot


def no_exception(tab) -> bool:
    return tab.locator('[data-testid="stException"]').count() == 0


def go(tab, title: str) -> None:
    """Open a page from the sidebar, as a visitor does (the pointer moved off first: a button's tooltip where it
    rested would be in the way)."""
    tab.mouse.move(1, 1)
    tab.locator('[data-testid="stSidebarNav"] a', has_text=title).first.click()
    settle(tab)


def organiser_with_demo(browser, server: Server):
    """A wide organiser's tab with the demo event loaded; returns the tab and the workspace's id."""
    from urllib.parse import parse_qs, urlsplit

    tab = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    tab.set_default_timeout(180_000)
    tab.goto(server.url)
    tab.get_by_role("button", name="Load the demo event").click()
    tab.get_by_text("40 sessions · 308 comments").first.wait_for()
    settle(tab)
    return tab, parse_qs(urlsplit(tab.url).query)["w"][0]


def axe_violations(page) -> list[str]:
    """Serious and critical accessibility violations on the page, by axe-core's rules (WCAG 2 A and AA)."""
    assert AXE.exists(), f"axe-core is missing: run `npm install --prefix .cache/npm axe-core` ({AXE})"
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'best-practice']}))
                             .violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length}))""")
    return [json.dumps(v) for v in found if v["impact"] in ("serious", "critical")]
