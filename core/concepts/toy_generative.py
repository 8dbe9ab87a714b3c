"""The primer's "hello world" of generative models, placed on an event: where do attendees come from?

A true region (a simplified outline of the catchment area, a polygon) holds the real home locations. A
generative model learns to produce new points; samples that land outside the region are its errors. The
box model (the bounding rectangle of the data) is the primer's example; a Gaussian mixture does better.
A discriminative model, by contrast, only learns where the boundary between two classes lies.
"""
from __future__ import annotations

import numpy as np
from sklearn.mixture import GaussianMixture
from sklearn.neighbors import KNeighborsClassifier

# A simplified coastline-like outline around the venue (arbitrary km units), counter-clockwise.
REGION = np.array([
    (0.0, 2.0), (2.0, 0.5), (5.0, 0.0), (7.5, 1.0), (9.0, 3.0), (8.0, 4.5), (9.5, 6.5), (8.0, 9.0),
    (5.5, 9.5), (4.5, 7.5), (3.0, 8.5), (1.0, 7.0), (2.0, 5.0),
])


def inside(points: np.ndarray, polygon: np.ndarray = REGION) -> np.ndarray:
    """Ray casting: a point is inside when a ray to the right crosses the outline an odd number of times.

    Example: inside([[1, 1], [20, 20]], square 0..2) -> [True, False]
    """
    points = np.atleast_2d(points)
    x, y = points[:, 0], points[:, 1]
    result = np.zeros(len(points), dtype=bool)
    for (x1, y1), (x2, y2) in zip(polygon, np.roll(polygon, -1, axis=0)):
        crosses = (y1 > y) != (y2 > y)
        with np.errstate(divide="ignore", invalid="ignore"):
            x_at = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
        result ^= crosses & (x < x_at)
    return result


def true_sample(n: int, seed: int = 0) -> np.ndarray:
    """n attendee homes drawn uniformly from the true region (rejection sampling)."""
    rng = np.random.default_rng(seed)
    lo, hi = REGION.min(axis=0), REGION.max(axis=0)
    found = np.empty((0, 2))
    while len(found) < n:
        candidates = rng.uniform(lo, hi, size=(2 * n, 2))
        found = np.vstack([found, candidates[inside(candidates)]])
    return found[:n]


def box_model(data: np.ndarray, n: int, seed: int = 1) -> np.ndarray:
    """Fit: the bounding rectangle of the data. Sample: uniform within it."""
    rng = np.random.default_rng(seed)
    return rng.uniform(data.min(axis=0), data.max(axis=0), size=(n, 2))


def mixture_model(data: np.ndarray, n: int, components: int = 6, seed: int = 1) -> np.ndarray:
    """Fit a Gaussian mixture, then draw from it."""
    gm = GaussianMixture(n_components=min(components, len(data)), random_state=seed).fit(data)
    samples, _ = gm.sample(n)
    return np.random.default_rng(seed).permutation(samples)


def error_rate(samples: np.ndarray) -> float:
    """Share of generated points outside the true region: the model's error."""
    return float(1 - inside(samples).mean()) if len(samples) else 0.0


def two_classes(data: np.ndarray) -> np.ndarray:
    """A label for the discriminative side: 1 = came by train (lives near the rail line y = x - 1), else 0."""
    return (np.abs(data[:, 1] - (data[:, 0] - 1)) < 2.0).astype(int)


def boundary(data: np.ndarray, labels: np.ndarray, resolution: int = 60) -> tuple[np.ndarray, np.ndarray, float]:
    """Fit a discriminative classifier and evaluate it on a grid: (grid points, P(class 1), accuracy)."""
    clf = KNeighborsClassifier(n_neighbors=15).fit(data, labels)
    lo, hi = REGION.min(axis=0), REGION.max(axis=0)
    xs, ys = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    grid = np.column_stack([xs.ravel(), ys.ravel()])
    return grid, clf.predict_proba(grid)[:, 1], float(clf.score(data, labels))
