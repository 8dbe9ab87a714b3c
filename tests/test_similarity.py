"""Pure similarity maths on small hand-made vectors and agendas, checked against hand-computed answers."""
import numpy as np
import pytest

from core.agenda import similarity as sim


def unit(rows):
    rows = np.asarray(rows, dtype=np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def times(*pairs):
    to_dt = lambda hm: np.datetime64(f"2026-06-11T{hm}") if hm else np.datetime64("NaT")
    return np.array([to_dt(a) for a, _ in pairs]), np.array([to_dt(b) for _, b in pairs])


def test_cosine_of_unit_vectors_is_their_dot_product():
    assert sim.cosine([[1, 0]], [[1, 0], [0, 1]]).tolist() == [[1.0, 0.0]]
    v = unit([[3, 4], [4, 3]])
    assert sim.cosine(v, v)[0, 1] == pytest.approx(24 / 25)


@pytest.mark.parametrize("block", [1, 3, 512])
def test_blocked_top_k_matches_brute_force(block):
    v = unit(np.random.default_rng(0).normal(size=(23, 8)))
    idx, scores = sim.top_k(v, 4, block=block)
    full = v @ v.T
    np.fill_diagonal(full, -np.inf)
    expected = np.argsort(-full, axis=1)[:, :4]
    assert (idx == expected).all()
    assert np.allclose(scores, np.take_along_axis(full, expected, axis=1))


def test_top_k_of_one_session_is_empty():
    idx, scores = sim.top_k(unit([[1, 0]]), 5)
    assert idx.shape == (1, 0)


@pytest.mark.parametrize("block", [1, 2, 512])
def test_pairs_above_threshold_finds_near_duplicates_only(block):
    v = unit([[1, 0, 0], [0, 1, 0], [0.99, 0.05, 0]])
    pairs = sim.pairs_above(v, 0.9, block=block)
    assert [(i, j) for i, j, _ in pairs] == [(0, 2)]
    assert pairs[0][2] == pytest.approx(0.99 / np.hypot(0.99, 0.05), abs=1e-5)


def test_overlapping_pairs_ignores_touching_sessions_and_missing_times():
    starts, ends = times(("09:00", "10:00"), ("09:30", "10:30"), ("10:00", "11:00"), (None, None), ("09:00", "09:15"))
    assert sim.overlapping_pairs(starts, ends) == [(0, 1), (0, 4), (1, 2)]


def test_clashes_need_overlap_similarity_and_different_rooms():
    v = unit([[1, 0], [1, 0.05], [1, 0.02], [0, 1]])
    starts, ends = times(("09:00", "10:00"), ("09:00", "10:00"), ("09:30", "10:30"), ("09:00", "10:00"))
    rooms = ["A", "B", "A", "C"]
    found = sim.clashes(v, starts, ends, rooms, threshold=0.9)
    # 0-2 share room A (a double booking, not a topic clash); 3 is about something else.
    assert [(i, j) for i, j, _ in found] == [(1, 2), (0, 1)]  # most similar first
    assert found[0][2] > found[1][2]


def test_conflict_free_agenda_skips_overlaps_and_keeps_untimed():
    starts, ends = times(("09:00", "10:00"), ("09:30", "10:30"), ("10:00", "11:00"), (None, None))
    assert sim.conflict_free(np.array([1, 0, 2, 3]), starts, ends, limit=10) == [1, 3]
    assert sim.conflict_free(np.array([0, 1, 2, 3]), starts, ends, limit=2) == [0, 2]


def test_rank_orders_by_similarity():
    order, scores = sim.rank(unit([[1, 0]])[0], unit([[0, 1], [1, 0], [1, 1]]))
    assert order.tolist() == [1, 2, 0]
    assert scores[0] == pytest.approx(1.0)


def test_projection_keeps_the_main_direction():
    v = unit([[1, 0, 0], [0.9, 0.1, 0], [0, 1, 0], [0.1, 0.9, 0]])
    xy = sim.project_2d(v)
    assert xy.shape == (4, 2)
    assert np.sign(xy[0, 0]) == np.sign(xy[1, 0]) != np.sign(xy[2, 0])
