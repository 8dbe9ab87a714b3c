"""The timetable repair's audience terms on small timetables whose best answer is known by hand: overflow alone,
an audience clash alone, a speaker's unavailable time alone, all three together, and an unavailable time no
timetable can meet. Topics are kept out of the way (orthogonal vectors: no pair is similar)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from core.agenda import Agenda, count_interest, repair
from core.agenda.fit import Audience, Weights

T10, T11 = pd.Timestamp("2026-06-11 10:00"), pd.Timestamp("2026-06-11 11:00")


def _agenda(capacity=None) -> Agenda:
    """A and B at 10:00, C and D at 11:00; Small holds 10, Big 100."""
    s = pd.DataFrame({
        "session_id": ["A", "B", "C", "D"], "title": ["Alpha", "Beta", "Gamma", "Delta"],
        "abstract": [""] * 4, "speakers": ["Ana Silva", "Ben Ode", "Cy Lee", "Di Moss"],
        "format": ["talk"] * 4, "track": [""] * 4, "room": ["Small", "Big", "Small", "Big"],
        "start": [T10, T10, T11, T11], "end": [T10 + pd.Timedelta("45min"), T10 + pd.Timedelta("45min"),
                                              T11 + pd.Timedelta("45min"), T11 + pd.Timedelta("45min")],
        "kind": [""] * 4})
    return Agenda(s, capacity=capacity if capacity is not None else {"Small": 10, "Big": 100})


VECTORS = np.eye(4, 8, dtype=np.float32)  # no two sessions alike


def _where(result, sid):
    row = result.schedule.set_index("session_id").loc[sid]
    return row.start, row.room


def _run(agenda, picks=(), expected=None, unavailable=None, weights=Weights(topics=5, demand=5, moves=1), **kw):
    audience = Audience.from_interest(agenda, count_interest(agenda, [list(p) for p in picks]), expected,
                                      unavailable)
    return repair(agenda, VECTORS, time_limit_s=10, audience=audience, weights=weights, workers=1, **kw)


def test_a_popular_talk_in_a_small_room_swaps_into_the_big_room():
    result = _run(_agenda(), expected={"A": 80, "B": 5, "C": 5, "D": 5})
    # swapping with B (same time) or with D (at eleven) are equally good: either way A is in the big room
    assert _where(result, "A")[1] == "Big"
    assert result.terms["overflow"] == (70, 0) and len(result.moves) == 2


def test_a_room_without_a_capacity_scores_no_overflow_so_nothing_moves_for_it():
    result = _run(_agenda(capacity={"Big": 100}), expected={"A": 80, "B": 5})
    assert result.moves == [] and result.terms["overflow"] == (0, 0)


def test_two_sessions_the_same_people_want_are_moved_apart_with_the_fewest_moves():
    result = _run(_agenda(), picks=[("A", "B")] * 10)
    assert result.terms["audience_clashes"] == (10, 0)
    assert _where(result, "A")[0] != _where(result, "B")[0]
    assert len(result.moves) == 2  # one of them swaps with a session at 11:00, nothing else moves


def test_a_speaker_who_cannot_come_at_ten_gets_their_session_moved_to_eleven():
    result = _run(_agenda(), unavailable={"ana silva": [(T10, T11)]})
    assert _where(result, "A")[0] == T11 and len(result.moves) == 2


def test_all_three_together_meet_the_hard_constraint_first_then_fit_the_people():
    agenda = _agenda()
    result = _run(agenda, picks=[("A", "B")] * 10, expected={"A": 80, "B": 5, "C": 5, "D": 5},
                  unavailable={"ben ode": [(T11, T11 + pd.Timedelta("1h"))]})
    start_a, room_a = _where(result, "A")
    assert _where(result, "B")[0] == T10  # Ben cannot come at eleven: B stays at ten
    assert start_a == T11 and room_a == "Big"  # A leaves B's hour, into the big room
    assert result.terms["overflow"][1] == 0 and result.terms["audience_clashes"][1] == 0


def test_an_unavailable_time_no_timetable_can_meet_is_named_and_nothing_changes():
    result = _run(_agenda(), unavailable={"ana silva": [(T10, T11)]}, pinned=["A"])
    assert result.status == "infeasible" and result.moves == []
    assert any("Ana Silva is unavailable" in n and "Alpha" in n for n in result.notes)
    both = _run(_agenda(), unavailable={"ana silva": [(T10, T11 + pd.Timedelta("1h"))]})
    assert both.status == "infeasible" and both.moves == []
    assert any("Ana Silva: Thu 10:00–12:00" in n for n in both.notes)


def test_without_an_audience_the_repair_is_todays():
    result = repair(_agenda(), VECTORS, time_limit_s=5, workers=1)
    assert result.moves == [] and result.terms == {}


def test_the_solvers_start_swaps_rooms_at_the_same_time_within_the_move_budget():
    from core.agenda.fit import room_swaps
    from core.agenda.schedule import _prepare
    agenda = _agenda()
    audience = Audience.from_interest(agenda, count_interest(agenda, []), {"A": 80, "B": 5, "C": 60, "D": 5})
    problem = _prepare(agenda, VECTORS, 0.5, ())
    # both popular talks sit in the small room: each swap with its neighbour at the same time seats 70 or 50
    assert room_swaps(problem.groups, problem.s, problem.times, audience, None) == {0: "Big", 1: "Small",
                                                                                   2: "Big", 3: "Small"}
    assert room_swaps(problem.groups, problem.s, problem.times, audience, 2) == {0: "Big", 1: "Small"}
    assert room_swaps(problem.groups, problem.s, problem.times, audience, 1) == {}  # a swap moves two
