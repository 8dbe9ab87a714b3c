"""Memory: the server's peak resident memory with every model loaded and the demo event processed on every
page, and each model's share.

1. A real `streamlit run` server, driven by headless Chromium: load the demo, write a draft on Session
   descriptions, then visit every page. The peak is the kernel's high-water mark (VmHWM) of the server.
2. The floor, in a fresh process: resident memory after each library the server imports and each model it
   loads (each model used once, so its weights are read in), before any page does any work.
3. Each model's share, measured in this process: resident memory added by loading it, and its weights
   (the decoder: its GGUF file on llama.cpp, plus the KV cache shared by its slots).

    .venv/bin/python bench/memory.py

The server runs twice: as `streamlit run` starts it, and as `make run` does, with glibc's malloc arenas
capped from the first allocation. The Attention page stays on its default (the encoder), as a visitor finds it;
the PyTorch copy of the decoder is in the peak all the same: the draft's second opinion reads every sentence with it
(core/descriptions/likelihood.py, since 2026-12-07), and the warm-up loads it after the first page.

Last line: server_peak_rss_vs_goal: <the larger peak, MB> / 900 MB.
"""
from __future__ import annotations

import argparse
import subprocess
import sys

from common import machine
from server import ARGS, go_to, load_demo, open_app, peak_rss_mb, settle, streamlit_server

import psutil
from playwright.sync_api import sync_playwright

from core.models.cache import MODELS
from dashboard.page_index import HOME, PAGES

GOAL_MB = 900


def server_peak(env: dict[str, str]) -> tuple[float, float, float]:
    """(RSS after the home page, peak RSS, RSS at the end) of the server, in MB."""
    with streamlit_server(env) as (url, server, _), sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        page = open_app(browser, url)
        home = psutil.Process(server.pid).memory_info().rss / 2**20
        load_demo(page)
        print(f"{'page':32} {'server RSS MB':>13} {'peak so far':>11}")
        for info in PAGES:
            if info is HOME:
                continue
            go_to(page, info.title)
            settle(page)
            if info.title == "Session descriptions":
                page.get_by_role("button", name="Generate").click()
                page.get_by_text("tokens/s").first.wait_for()
                settle(page)
            assert page.locator('[data-testid="stException"]').count() == 0, info.title
            rss = psutil.Process(server.pid).memory_info().rss / 2**20
            print(f"{info.title:32} {rss:13.0f} {peak_rss_mb(server.pid):11.0f}")
        peak, end = peak_rss_mb(server.pid), psutil.Process(server.pid).memory_info().rss / 2**20
        browser.close()
    return home, peak, end


def floor_steps() -> None:
    """Run in a fresh process (--floor-step): print resident MB after each step, garbage collected and trimmed."""
    import importlib

    from core.models.memory import limit_malloc_arenas, release_freed_memory, rss_mb

    limit_malloc_arenas()

    def use(name: str):
        def step() -> None:
            if name == "embedder":
                from core.models.embeddings import embed
                embed(["A workshop on pandas for event data"])
            elif name == "sentiment":
                from core.feedback.sentiment import classify
                classify(["The keynote was brilliant"])
            else:
                MODELS.get(name)
        return step

    steps = [("Python and this script's imports", lambda: None)]
    steps += [(f"+ import {m}", lambda m=m: importlib.import_module(m)) for m in (
        "streamlit", "pandas", "altair", "torch", "transformers.models.bert.modeling_bert", "sentence_transformers")]
    steps += [("+ decoder loaded (llama.cpp)", use("decoder"))]
    steps += [(f"+ {name} loaded and used once", use(name)) for name in ("embedder", "sentiment")]
    for label, step in steps:
        step()
        release_freed_memory()
        print(f"{label:52} {rss_mb():6.0f}", flush=True)


def floor() -> float:
    """The floor, from a fresh process; returns it in MB."""
    print(f"\n{'the floor, step by step (fresh process)':52} {'RSS MB':>6}")
    out = subprocess.run([sys.executable, __file__, "--floor-step"], capture_output=True, text=True, check=True)
    lines = [line for line in out.stdout.splitlines() if line.strip()]
    print("\n".join(lines))
    return float(lines[-1].split()[-1])


def model_shares() -> None:
    print(f"\n{'model':34} {'parameters':>11} {'weights MB':>10} {'RSS added MB':>12} {'shared MB':>9}")
    for name in ("embedder", "sentiment", "decoder", "decoder_torch"):
        MODELS.get(name)
        record = MODELS.record_for(name)
        print(f"{name:34} {record.parameters / 1e6:10.1f}M {record.weights_mb:10.0f} {record.rss_delta_mb:12.0f} "
              f"{record.shared_mb:9.0f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--server-only", action="store_true", help="skip the floor and the per-model part")
    parser.add_argument("--floor-step", action="store_true", help=argparse.SUPPRESS)  # the child of floor()
    args = parser.parse_args()
    if args.floor_step:
        floor_steps()
        return
    print(f"machine: {machine()}")
    peaks = {}
    runs = (("streamlit run", {}), ("make run (MALLOC_ARENA_MAX=2 from the start)", {"MALLOC_ARENA_MAX": "2"}))
    for way, env in runs:
        print(f"\n{way}")
        home, peaks[way], end = server_peak(env)
        print(f"server RSS after the home page {home:.0f} MB; peak {peaks[way]:.0f} MB; at the end {end:.0f} MB "
              f"(goal {GOAL_MB} MB; Streamlit Community Cloud allows about 2,700 MB)")
    if not args.server_only:
        idle = floor()
        print(f"floor with every model loaded, before any page works: {idle:.0f} MB (goal {GOAL_MB} MB)")
        model_shares()
    print(f"server_peak_rss_vs_goal: {max(peaks.values()) / GOAL_MB:.2f}x")


if __name__ == "__main__":
    main()
