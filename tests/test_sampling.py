"""Sampling maths against hand-computed examples."""
import math

import pytest
import torch

from core.concepts.sampling import Sampling, after_settings, keep_mask, probabilities, tempered


def softmax(xs):
    exps = [math.exp(x) for x in xs]
    return [e / sum(exps) for e in exps]


def test_temperature_divides_logits_before_softmax():
    logits = torch.tensor([2.0, 1.0, 0.0])
    assert tempered(logits, 1.0).tolist() == pytest.approx(softmax([2, 1, 0]), abs=1e-6)
    assert tempered(logits, 0.5).tolist() == pytest.approx(softmax([4, 2, 0]), abs=1e-6)
    assert tempered(logits, 2.0).tolist() == pytest.approx(softmax([1, 0.5, 0]), abs=1e-6)


def test_low_temperature_sharpens_high_temperature_flattens():
    logits = torch.tensor([2.0, 1.0, 0.0])
    assert tempered(logits, 0.3)[0] > tempered(logits, 1.0)[0] > tempered(logits, 3.0)[0]


def test_top_k_keeps_the_k_likeliest_and_renormalises():
    # softmax([2, 1]) over the two survivors = [e/(e+1), 1/(e+1)] = [0.7311, 0.2689]
    probs = probabilities(torch.tensor([2.0, 1.0, 0.0]), temperature=1.0, top_k=2)
    assert probs.tolist() == pytest.approx([0.7311, 0.2689, 0.0], abs=1e-4)


@pytest.mark.parametrize("top_p,expected", [
    (0.4, [True, False, False]),  # the first token alone crosses 0.4
    (0.7, [True, True, False]),   # 0.5 < 0.7, so the second is needed; 0.5 + 0.3 crosses it
    (0.8, [True, True, False]),   # exactly 0.8 is reached by two tokens
    (0.81, [True, True, True]),
    (1.0, [True, True, True]),
])
def test_top_p_keeps_the_smallest_set_reaching_p(top_p, expected):
    assert keep_mask(torch.tensor([0.5, 0.3, 0.2]), top_p=top_p).tolist() == expected


def test_top_p_works_on_unsorted_probabilities():
    assert keep_mask(torch.tensor([0.2, 0.5, 0.3]), top_p=0.7).tolist() == [False, True, True]


def test_top_k_and_top_p_combine_and_result_sums_to_one():
    logits = torch.tensor([3.0, 2.5, 1.0, 0.5, -1.0])
    probs = probabilities(logits, temperature=0.8, top_k=3, top_p=0.9)
    assert probs.sum().item() == pytest.approx(1.0, abs=1e-6)
    assert probs[3] == 0 and probs[4] == 0
    hot = tempered(logits, 0.8)
    kept = keep_mask(hot, 3, 0.9)
    assert probs.tolist() == pytest.approx((hot * kept / (hot * kept).sum()).tolist(), abs=1e-7)


def test_after_settings_fills_in_what_an_engine_does_not_report():
    rows = [{"token": t, "rank": r, "p_raw": p, "p_final": None, "status": "not reported"}
            for r, (t, p) in enumerate([("Join", 0.5), ("Meet", 0.3), ("Hear", 0.2)], 1)]
    greedy = after_settings(rows, Sampling(greedy=True))
    assert [r["p_final"] for r in greedy] == [1.0, 0.0, 0.0]
    assert [r["status"] for r in greedy] == ["kept", "cut by greedy", "cut by greedy"]
    top_two = after_settings(rows, Sampling(temperature=1.0, top_k=2, top_p=1.0))
    assert [r["p_final"] for r in top_two] == pytest.approx([0.625, 0.375, 0.0])
    assert top_two[2]["status"] == "cut by top-k" and all(r["computed"] for r in top_two)
    nucleus = after_settings(rows, Sampling(temperature=1.0, top_k=0, top_p=0.6))
    assert [r["status"] for r in nucleus] == ["kept", "kept", "cut by top-p"]
    assert after_settings([], Sampling()) == []
