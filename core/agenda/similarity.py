"""Similarity maths on L2-normalised embeddings: neighbours, near-duplicates, clashes, recommendations.

Everything here is pure numpy on arrays the caller passes in, so it is unit-tested without a model. Large
agendas are processed in row blocks, so memory grows as n × block, not n².
"""
from __future__ import annotations

import numpy as np

BLOCK = 512
PAIR_BLOCK = 4096


def cosine(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cosine similarity of unit vectors is their dot product.

    Example: cosine([[1, 0]], [[1, 0], [0, 1]]) -> [[1.0, 0.0]]
    """
    return np.asarray(a, dtype=np.float32) @ np.asarray(b, dtype=np.float32).T


def top_k(vectors: np.ndarray, k: int, block: int = BLOCK) -> tuple[np.ndarray, np.ndarray]:
    """Each row's k most similar other rows: (indices, scores), both shaped (n, k), best first."""
    n = len(vectors)
    k = max(0, min(k, n - 1))
    indices = np.zeros((n, k), dtype=np.int64)
    scores = np.zeros((n, k), dtype=np.float32)
    if k == 0:
        return indices, scores
    for start in range(0, n, block):
        sims = cosine(vectors[start:start + block], vectors)
        rows = np.arange(sims.shape[0])
        sims[rows, rows + start] = -np.inf  # a session is not its own neighbour
        part = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        part_scores = np.take_along_axis(sims, part, axis=1)
        order = np.argsort(-part_scores, axis=1)
        indices[start:start + block] = np.take_along_axis(part, order, axis=1)
        scores[start:start + block] = np.take_along_axis(part_scores, order, axis=1)
    return indices, scores


def pairs_above(vectors: np.ndarray, threshold: float, block: int = BLOCK) -> list[tuple[int, int, float]]:
    """All pairs i < j with similarity ≥ threshold, most similar first.

    Example: three vectors where only rows 0 and 2 are near -> [(0, 2, 0.97)]
    """
    found = []
    n = len(vectors)
    for start in range(0, n, block):
        sims = cosine(vectors[start:start + block], vectors)
        rows, cols = np.nonzero(sims >= threshold)
        for r, c in zip(rows, cols):
            i = start + int(r)
            if i < c:
                found.append((i, int(c), float(sims[r, c])))
    return sorted(found, key=lambda p: -p[2])


def overlapping_pairs(starts: np.ndarray, ends: np.ndarray) -> list[tuple[int, int]]:
    """Pairs of sessions whose time ranges overlap (touching ends do not count). NaT times are skipped.

    A sweep over sessions sorted by start keeps this O(n log n + overlaps) rather than O(n²).
    Example: 9:00-10:00, 9:30-10:30, 10:00-11:00 -> [(0, 1), (1, 2)]
    """
    starts = np.asarray(starts, dtype="datetime64[ns]")
    ends = np.asarray(ends, dtype="datetime64[ns]")
    valid = [i for i in range(len(starts)) if not (np.isnat(starts[i]) or np.isnat(ends[i])) and ends[i] > starts[i]]
    valid.sort(key=lambda i: starts[i])
    pairs, active = [], []
    for i in valid:
        active = [j for j in active if ends[j] > starts[i]]
        pairs += [(min(i, j), max(i, j)) for j in active]
        active.append(i)
    return sorted(pairs)


def clashes(vectors: np.ndarray, starts, ends, rooms: list[str], threshold: float) -> list[tuple[int, int, float]]:
    """Similar sessions at the same time in different rooms: attendees must choose one of them."""
    pairs = [(i, j) for i, j in overlapping_pairs(starts, ends) if not (rooms[i] and rooms[i] == rooms[j])]
    if not pairs:
        return []
    left, right = np.array(pairs).T
    found = []
    for start in range(0, len(left), PAIR_BLOCK):  # blocks: a busy agenda has 10^5 overlapping pairs
        a, b = left[start:start + PAIR_BLOCK], right[start:start + PAIR_BLOCK]
        scores = np.einsum("ij,ij->i", vectors[a], vectors[b])
        found += [(int(a[k]), int(b[k]), float(scores[k])) for k in np.nonzero(scores >= threshold)[0]]
    return sorted(found, key=lambda p: -p[2])


def rank(query: np.ndarray, vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows ordered by similarity to one query vector: (indices, scores)."""
    scores = cosine(query.reshape(1, -1), vectors)[0]
    order = np.argsort(-scores, kind="stable")
    return order, scores[order]


def conflict_free(order: np.ndarray, starts, ends, limit: int) -> list[int]:
    """Greedy personal agenda: walk sessions best first and keep each one that overlaps none kept so far.

    Sessions without times are kept only if there is room left, since they cannot clash.
    """
    starts = np.asarray(starts, dtype="datetime64[ns]")
    ends = np.asarray(ends, dtype="datetime64[ns]")
    chosen: list[int] = []
    for i in map(int, order):
        if len(chosen) >= limit:
            break
        if np.isnat(starts[i]) or np.isnat(ends[i]):
            chosen.append(i)
            continue
        if all(np.isnat(starts[j]) or not (starts[i] < ends[j] and starts[j] < ends[i]) for j in chosen):
            chosen.append(i)
    return chosen


def project_2d(vectors: np.ndarray) -> np.ndarray:
    """PCA to two dimensions (via SVD), for the agenda map."""
    if len(vectors) < 2:
        return np.zeros((len(vectors), 2), dtype=np.float32)
    centred = vectors - vectors.mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    return (centred @ vt[:2].T).astype(np.float32)
