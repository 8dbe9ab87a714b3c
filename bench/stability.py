"""Rerun every page many times with the demo event loaded and watch resident memory: after warm-up it
should stop growing.

    .venv/bin/python bench/stability.py [--reruns 100]

Last line: rss_growth_after_warmup_mb: <RSS after all reruns - RSS after the warm-up round>.
"""
from __future__ import annotations

import argparse

from common import ROOT, machine

from streamlit.testing.v1 import AppTest

from core.models.memory import release_freed_memory, rss_mb
from dashboard.page_index import PAGES


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reruns", type=int, default=100)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=600).run()
    next(b for b in at.button if b.label == "Load the demo event").click().run()
    start = rss_mb()
    for page in PAGES:  # warm-up: loads every model a page needs, fills the caches
        at.switch_page(str(page.path)).run()
        assert not at.exception, (page.title, at.exception)
    release_freed_memory()
    warm = rss_mb()
    print(f"rss before pages: {start:.0f} MB, after one warm-up round: {warm:.0f} MB")
    print(f"{'page':32} {'reruns':>6} {'rss after MB':>13}")
    for page in PAGES:
        at.switch_page(str(page.path)).run()
        for _ in range(args.reruns):
            at.run()
        assert not at.exception, (page.title, at.exception)
        release_freed_memory()
        print(f"{page.title:32} {args.reruns:6d} {rss_mb():13.0f}")
    print(f"rss_growth_after_warmup_mb: {rss_mb() - warm:.0f}")


if __name__ == "__main__":
    main()
