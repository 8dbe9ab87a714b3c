"""Leave-one-set-out helpers the feedback benchmarks share: cached features, the choice that leaves each set out,
and the median / worst summary."""
from __future__ import annotations

import hashlib
import statistics
from pathlib import Path

import numpy as np


def cached(name: str, texts: list[str], folder: Path, compute) -> tuple[np.ndarray, ...]:
    """Features are slow (both models read every text): kept per set and text list in `folder`."""
    key = hashlib.sha1("\n".join(texts).encode()).hexdigest()[:12]
    path = folder / f"{name.split(' ')[0]}-{key}.npz"
    if path.exists():
        data = np.load(path)
        return tuple(data[k] for k in sorted(data.files))
    out = compute(texts)
    folder.mkdir(parents=True, exist_ok=True)
    np.savez(path, **{f"a{i}": a for i, a in enumerate(out)})
    return out


def leave_one_out(names: list[str], score, methods: list[str]) -> dict[str, tuple[str, float]]:
    """For each set: the method best on the mean of the others, and its figure on this one."""
    out = {}
    for held in names:
        rest = [n for n in names if n != held]
        chosen = max(methods, key=lambda m: np.mean([score(n, m) for n in rest]))
        out[held] = (chosen, score(held, chosen))
    return out


def summary(values: list[float]) -> str:
    return f"median {statistics.median(values):+.3f}, worst {min(values):+.3f}"
