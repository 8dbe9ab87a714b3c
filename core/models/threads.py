"""How many threads torch should use for inference.

torch sizes its thread pool from the host's core count, but a container usually gets a CPU quota far
smaller than the host: Streamlit Community Cloud's can be a fraction of one CPU on a many-core host. Running
one thread per host core under such a quota makes the threads queue for their time slices, so every matmul
waits on the slowest of them. We size the pool from what this process may really use: the CPU affinity
mask, capped by the cgroup CPU quota. `EVENTS_LLM_TORCH_THREADS` overrides it.
"""
from __future__ import annotations

import math
import os
import threading
from pathlib import Path

from core.config import setting

CGROUP_ROOT = Path("/sys/fs/cgroup")
_applied = threading.Event()


def cgroup_cpu_quota(root: Path = CGROUP_ROOT) -> float | None:
    """CPUs allowed by the cgroup quota (v2 `cpu.max`, else v1 `cpu.cfs_quota_us`), or None if unlimited."""
    try:
        quota, period = (root / "cpu.max").read_text().split()[:2]
        return None if quota == "max" else int(quota) / int(period)
    except (OSError, ValueError):
        pass
    try:
        quota = int((root / "cpu" / "cpu.cfs_quota_us").read_text())
        period = int((root / "cpu" / "cpu.cfs_period_us").read_text())
        return quota / period if quota > 0 and period > 0 else None
    except (OSError, ValueError):
        return None


def usable_cpus(root: Path = CGROUP_ROOT) -> int:
    """Cores this process may run on at once: affinity mask, capped by the quota rounded up, at least 1.

    Example: 16 visible cores with a quota of 1.5 CPUs -> 2.
    """
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    quota = cgroup_cpu_quota(root)
    if quota is not None:
        cores = min(cores, math.ceil(quota))
    return max(1, cores)


def torch_threads(root: Path = CGROUP_ROOT) -> int:
    value = setting("torch_threads")
    if value and value.strip().isdigit() and int(value) > 0:
        return int(value)
    return usable_cpus(root)


def apply_torch_threads() -> int:
    """Set torch's intra-op pool once per process, before the first model runs; returns the thread count."""
    import torch  # heavy: only the first model that runs on torch pays for it

    if not _applied.is_set():
        torch.set_num_threads(torch_threads())
        _applied.set()
    return torch.get_num_threads()
