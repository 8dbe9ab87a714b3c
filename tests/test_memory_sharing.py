"""Models that hold identical weights share one copy: the sentiment classifier's untouched embedding tables
are the embedder's."""
from __future__ import annotations

import gc
from pathlib import Path

import psutil
import torch

from core.feedback import sentiment
from core.models.cache import MODELS, ModelCache
from core.models.memory import own_unshared_tensors, share_identical_tensors
from core.models.registry import get_spec, resolve


def tiny(seed: int, tie: bool = False) -> torch.nn.Module:
    torch.manual_seed(seed)
    model = torch.nn.Sequential(torch.nn.Embedding(1000, 128), torch.nn.Linear(128, 1000))
    torch.manual_seed(0)  # both models draw the same embedding table from seed 0
    model[0].weight.data = torch.randn(1000, 128)
    if tie:
        model[1].weight = model[0].weight
    return model


def test_equal_tensors_are_shared_and_different_ones_kept():
    loaded, new = tiny(seed=1), tiny(seed=2)
    ids = torch.tensor([[1, 5, 7]])
    expected = new(ids)
    saved = share_identical_tensors(new, [loaded])
    assert saved == 1000 * 128 * 4 / 2**20
    assert new[0].weight is loaded[0].weight  # the embedding table: one copy now
    assert new[1].weight is not loaded[1].weight  # the differently initialised layer: untouched
    assert torch.equal(new(ids), expected)


def test_tied_weights_stay_tied_when_shared():
    loaded, new = tiny(seed=1), tiny(seed=2, tie=True)  # new: one tensor under two names
    share_identical_tensors(new, [loaded])
    assert new[0].weight is loaded[0].weight and new[1].weight is loaded[0].weight


def test_unshared_tensors_get_their_own_memory_and_shared_ones_stay_shared():
    loaded, new = tiny(seed=1), tiny(seed=2)
    ids = torch.tensor([[1, 5, 7]])
    expected = new(ids)
    share_identical_tensors(new, [loaded])
    before = new[1].weight.data_ptr()
    assert own_unshared_tensors(new, [loaded]) == 2  # the Linear's weight and bias
    assert new[0].weight is loaded[0].weight
    assert new[1].weight.data_ptr() != before
    assert torch.equal(new(ids), expected)


def _mappings_of(path: str) -> int:
    return sum(m.path == path for m in psutil.Process().memory_maps(grouped=False))


def test_nothing_to_share_with_no_other_model():
    assert share_identical_tensors(tiny(seed=1), []) == 0.0


def test_real_sentiment_classifier_shares_the_embedders_tables_and_reads_the_same(embedder):
    comments = ["The keynote was brilliant", "Too crowded and the wifi kept failing", "Lunch is at noon"]
    alone = ModelCache()  # a cache with no embedder in it: the classifier keeps its own copy
    own = alone.get("sentiment")
    assert alone.record_for("sentiment").shared_mb == 0
    MODELS.get("sentiment")
    first, second = MODELS.record_for("embedder"), MODELS.record_for("sentiment")
    assert max(first.shared_mb, second.shared_mb) > 40  # whichever loaded second shares the word table
    shared = MODELS.get("sentiment")
    assert (shared.model.bert.embeddings.word_embeddings.weight.data_ptr()
            == embedder[0].auto_model.embeddings.word_embeddings.weight.data_ptr())
    assert (own.model.bert.embeddings.word_embeddings.weight.data_ptr()
            != embedder[0].auto_model.embeddings.word_embeddings.weight.data_ptr())
    with torch.inference_mode():
        batch = own.tokenizer(comments, return_tensors="pt", padding=True)
        assert torch.equal(own.model(**batch).logits, shared.model(**batch).logits)
    assert [r["label"] for r in sentiment.classify(comments)][:2] == ["positive", "negative"]
    del alone, own
    gc.collect()
    # the classifier read the embedder's weights file again; once its tables are shared, that second mapping
    # (46 MB of resident memory counted twice) is let go
    assert _mappings_of(str(Path(resolve(get_spec("embedder")).location) / "model.safetensors")) == 1
