"""The concept pages' maths: hand-computed values for the calculators and the toy models."""
import numpy as np
import pytest

from core.concepts import scaling
from core.concepts import tokens
from core.concepts import toy_generative as toy


def test_chinchilla_rule_of_thumb():
    assert scaling.chinchilla_tokens(70e9) == 1.4e12
    assert scaling.chinchilla_tokens(175e9) == 3.5e12  # the primer: GPT-3 "should have seen 3.5T"
    assert scaling.training_flops(70e9, 2e12) == pytest.approx(8.4e23)
    assert scaling.undertrained_factor(175e9, 300e9) == pytest.approx(11.67, abs=0.01)
    assert scaling.undertrained_factor(70e9, 2e12) == pytest.approx(0.7)


def test_weights_and_kv_cache_memory():
    assert scaling.weights_bytes(135e6, "int8") == 135e6
    assert scaling.weights_bytes(7e9, "fp16/bf16") == 14e9
    assert scaling.weights_bytes(70e9, "int4") == 35e9
    smollm = scaling.Architecture(layers=30, kv_heads=3, head_dim=64)
    assert scaling.kv_cache_bytes(smollm, 8192, 1, 4) == 2 * 30 * 3 * 64 * 8192 * 4 == 377_487_360
    assert scaling.kv_cache_bytes(smollm, 8192, 4, 2) == 2 * scaling.kv_cache_bytes(smollm, 8192, 1, 4)


def test_point_in_polygon():
    square = np.array([(0, 0), (2, 0), (2, 2), (0, 2)])
    assert toy.inside(np.array([[1, 1], [3, 1], [1, 2.5], [0.1, 1.9]]), square).tolist() == [True, False, False, True]


def test_true_samples_lie_in_the_region_and_box_errs_more_than_mixture():
    data = toy.true_sample(400)
    assert toy.inside(data).all()
    box, gmm = toy.error_rate(toy.box_model(data, 2000)), toy.error_rate(toy.mixture_model(data, 2000))
    # the box covers its bounding rectangle; the region fills about 70% of it
    assert 0.15 < box < 0.45
    assert gmm < box / 2


def test_box_model_stays_within_the_bounding_rectangle():
    data = np.array([[1.0, 1.0], [3.0, 2.0], [2.0, 5.0]])
    samples = toy.box_model(data, 500)
    assert (samples.min(axis=0) >= [1, 1]).all() and (samples.max(axis=0) <= [3, 5]).all()


def test_discriminative_boundary_separates_the_classes():
    data = toy.true_sample(600)
    labels = toy.two_classes(data)
    grid, p, accuracy = toy.boundary(data, labels)
    assert accuracy > 0.9
    assert grid.shape == (3600, 2) and ((p >= 0) & (p <= 1)).all()


def test_fits_counts_items_in_reading_order():
    rows = tokens.fits([300, 300, 300], {"512": 512, "1k": 1024})
    assert rows[0] == {"window": "512", "tokens": 512, "fits_all": False, "items_that_fit": 1, "share_used": 1.0}
    assert rows[1]["fits_all"] and rows[1]["items_that_fit"] == 3
    assert rows[1]["share_used"] == pytest.approx(900 / 1024)


def test_tokenize_keeps_the_text_of_each_token(embedder):
    pieces = tokens.tokenize(embedder.tokenizer, "Keynotes at Harbourline!")
    assert "".join(p.text for p in pieces) == "KeynotesatHarbourline!"  # original case, spaces between tokens
    assert len(pieces) > 4  # "Harbourline" is not one WordPiece
