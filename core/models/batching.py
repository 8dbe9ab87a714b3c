"""Group texts into batches for encoder inference: similar lengths together, and no batch too big to hold.

Sorting by length keeps padding small. Capping each batch by its attention size keeps memory flat: an encoder
materialises a (batch x heads x tokens x tokens) score matrix per layer, so 40 abstracts of 256 tokens in one
batch need 125 MB for it alone (MiniLM, 12 heads, fp32), while short comments can go 64 at a time.
"""
from __future__ import annotations

# batch x longest^2 per batch: 64 texts of 64 tokens, or 4 of 256. MiniLM's score matrix then stays under
# 13 MB per layer; throughput on CPU is the same as with larger batches (bench/cost_growth.py).
MAX_CELLS = 64 * 64 * 64


def length_batches(lengths: list[int], max_batch: int = 64, max_cells: int = MAX_CELLS) -> list[list[int]]:
    """Indices into `lengths`, shortest first, cut into batches of at most `max_batch` whose size times their
    longest length squared stays within `max_cells` (a single over-long item still gets a batch of its own).

    Example: length_batches([10, 200, 12, 190], max_batch=64, max_cells=50_000) -> [[0, 2], [3], [1]]
    """
    batches: list[list[int]] = []
    batch: list[int] = []
    for i in sorted(range(len(lengths)), key=lambda i: lengths[i]):
        longest = max(lengths[i], 1)  # ascending order: the newcomer is the longest so far
        if batch and (len(batch) == max_batch or (len(batch) + 1) * longest * longest > max_cells):
            batches.append(batch)
            batch = []
        batch.append(i)
    if batch:
        batches.append(batch)
    return batches
