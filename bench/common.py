"""Small helpers shared by the benchmark scripts (run from the repo root: `.venv/bin/python bench/x.py`)."""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def machine() -> str:
    import torch

    return f"{platform.machine()} · {os.cpu_count()} CPUs · torch {torch.__version__} · {torch.get_num_threads()} threads"


def timings(fn, repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def best_of(fn, repeats: int = 3) -> float:
    """The fastest of a few runs: the least disturbed by whatever else the machine is doing."""
    return min(timings(fn, repeats))


def median_time(fn, repeats: int) -> float:
    """The median of a few runs, for the fast paths whose best run is mostly luck."""
    return statistics.median(timings(fn, repeats))


def options(**defaults: int) -> argparse.Namespace:
    """Integer command-line options with their defaults, after printing the machine the figures come from.

    Example: options(n=4, sessions=40) reads `--n 2 --sessions 10`."""
    parser = argparse.ArgumentParser()
    for name, default in defaults.items():
        flag = f"--{name.replace('_', '-')}"
        if isinstance(default, bool):  # a switch: --labels-only
            parser.add_argument(flag, action="store_true", default=default)
        else:
            parser.add_argument(flag, type=int, default=default)
    args = parser.parse_args()
    print(machine())
    return args
