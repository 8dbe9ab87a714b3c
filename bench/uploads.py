"""Hostile uploads at full size: every case in tests/hostile_files.py read by `core.readers.frames.read_table`, timed
against reading the demo agenda in the same run, each with the message the user gets.

    .venv/bin/python bench/uploads.py

Goal: every case answers within a few seconds on 2 cores (BOUND_S), because one slow upload stalls every
visitor of the shared server. Last line: slowest_case_vs_bound: <slowest seconds> / BOUND_S (≤ 1.00 is the goal).
"""
from __future__ import annotations

import resource
import sys
import time

from common import ROOT, best_of, machine

sys.path.insert(0, str(ROOT / "tests"))

from hostile_files import CASES  # noqa: E402

from core.store.demo import SAMPLE_DIR  # noqa: E402
from core.readers.frames import read_table  # noqa: E402

BOUND_S = 3.0


def main() -> None:
    print(machine())
    demo = (SAMPLE_DIR / "agenda.csv").read_bytes()
    baseline = best_of(lambda: read_table(demo, "agenda.csv"), repeats=5)
    print(f"baseline: the demo agenda ({len(demo) / 1024:.0f} KB, 40 sessions) read in {baseline * 1000:.1f} ms\n")
    print(f"{'case':52} {'file MB':>8} {'read s':>7} {'× demo':>8} {'rss MB':>7}  what the user is told")
    slowest = 0.0
    for case in CASES:
        data, name = case.build(True)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        result = read_table(data, name)
        took = time.perf_counter() - start
        grew = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024  # peak growth, if any
        said = result.error or "; ".join(result.notes) or f"{len(result.frame):,} rows read"
        flag = "" if took <= BOUND_S else "  ← over the bound"
        print(f"{case.name[:52]:52} {len(data) / 2**20:8.1f} {took:7.2f} {took / baseline:8.0f} {grew:7.0f}  "
              f"{said[:90]}{flag}")
        slowest = max(slowest, took)
        del data, result
    print(f"\n{len(CASES)} cases; slowest {slowest:.2f} s (bound {BOUND_S:.0f} s)")
    print(f"slowest_case_vs_bound: {slowest / BOUND_S:.2f}")


if __name__ == "__main__":
    main()
