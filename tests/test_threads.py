"""The torch thread pool is sized from the CPUs this process may really use, not the host's core count."""
from __future__ import annotations

import os

import pytest

from core.models import threads


def cgroup(tmp_path, v2: str | None = None, v1: tuple[int, int] | None = None):
    if v2 is not None:
        (tmp_path / "cpu.max").write_text(v2 + "\n")
    if v1 is not None:
        (tmp_path / "cpu").mkdir()
        (tmp_path / "cpu" / "cpu.cfs_quota_us").write_text(f"{v1[0]}\n")
        (tmp_path / "cpu" / "cpu.cfs_period_us").write_text(f"{v1[1]}\n")
    return tmp_path


@pytest.mark.parametrize("v2, v1, quota", [
    ("150000 100000", None, 1.5),     # cgroup v2, a Streamlit-Cloud-like quota
    ("max 100000", None, None),       # v2, unlimited
    (None, (50000, 100000), 0.5),     # cgroup v1, half a CPU
    (None, (-1, 100000), None),       # v1, unlimited
    (None, None, None),               # no cgroup files at all
    ("garbage", None, None),          # unreadable file: treated as unlimited, never an error
])
def test_quota_is_read_from_cgroup_v2_or_v1(tmp_path, v2, v1, quota):
    assert threads.cgroup_cpu_quota(cgroup(tmp_path, v2, v1)) == quota


def test_many_visible_cores_are_capped_by_a_small_quota(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(16)))
    v2, v1 = tmp_path / "v2", tmp_path / "v1"
    v2.mkdir(), v1.mkdir()
    assert threads.usable_cpus(cgroup(v2, v2="150000 100000")) == 2
    assert threads.usable_cpus(cgroup(v1, v1=(50000, 100000))) == 1  # a fraction of a CPU still gets one thread
    assert threads.usable_cpus(tmp_path / "nothing-here") == 16


def test_environment_overrides_the_detected_count(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(8)))
    monkeypatch.setenv("EVENTS_LLM_TORCH_THREADS", "3")
    assert threads.torch_threads(tmp_path) == 3
    monkeypatch.setenv("EVENTS_LLM_TORCH_THREADS", "zero")  # nonsense falls back to detection
    assert threads.torch_threads(tmp_path) == 8


def test_loaded_models_run_on_the_detected_pool(embedder):
    import torch

    assert torch.get_num_threads() == threads.torch_threads()
