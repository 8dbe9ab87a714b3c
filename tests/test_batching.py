"""Length-capped batches: every text once, similar lengths together, no batch over the attention budget."""
from __future__ import annotations

import random

import numpy as np

from core.models.batching import MAX_CELLS, length_batches
from core.models.embeddings import clear_cache, embed


def test_worked_example():
    assert length_batches([10, 200, 12, 190], max_batch=64, max_cells=50_000) == [[0, 2], [3], [1]]


def test_every_index_once_shortest_first_and_within_budget():
    rng = random.Random(0)
    lengths = [rng.randint(3, 256) for _ in range(1000)]
    batches = length_batches(lengths)
    flat = [i for batch in batches for i in batch]
    assert sorted(flat) == list(range(1000))
    assert [lengths[i] for i in flat] == sorted(lengths)
    for batch in batches:
        assert len(batch) <= 64
        assert len(batch) == 1 or len(batch) * max(lengths[i] for i in batch) ** 2 <= MAX_CELLS


def test_short_texts_fill_whole_batches_and_long_ones_get_small_ones():
    assert [len(b) for b in length_batches([20] * 130)] == [64, 64, 2]
    assert {len(b) for b in length_batches([256] * 8)} == {4}
    assert length_batches([5000, 3]) == [[1], [0]]  # over the budget alone: still processed, on its own


def test_nothing_in_nothing_out():
    assert length_batches([]) == []


def test_real_embeddings_are_the_same_however_they_are_batched(embedder):
    rng = random.Random(1)
    words = "keynote venue badge catering stage workshop networking sponsor panel schedule".split()
    texts = [" ".join(rng.choices(words, k=rng.choice([3, 30, 180]))) for _ in range(60)]
    clear_cache()
    ours = embed(texts)
    reference = embedder.encode(texts, batch_size=64, normalize_embeddings=True)
    assert np.allclose(ours, reference, atol=1e-5)
