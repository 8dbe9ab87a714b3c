"""Sampling maths against hand-computed examples."""
import math

import pytest
import torch

from core.sampling import Sampling, keep_mask, penalise_repeats, pick, probabilities, tempered


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


def test_greedy_picks_the_argmax_and_seeded_sampling_repeats():
    logits = torch.tensor([0.1, 3.0, 0.2])
    assert pick(logits, Sampling(greedy=True)) == 1
    settings = Sampling(temperature=1.5, top_k=0, top_p=1.0)
    logits = torch.randn(50, generator=torch.Generator().manual_seed(0))
    draws = lambda seed: [pick(logits, settings, g) for g in [torch.Generator().manual_seed(seed)] for _ in range(20)]
    assert draws(7) == draws(7)
    assert draws(7) != draws(8)


def test_repetition_penalty_lowers_only_seen_tokens():
    logits = torch.tensor([2.0, -1.0, 1.0])
    out = penalise_repeats(logits, [0, 1, 0], 2.0)
    assert out.tolist() == [1.0, -2.0, 1.0]
    assert penalise_repeats(logits, [0], 1.0) is logits
