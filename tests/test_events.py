import difflib
from itertools import combinations

from core.store.demo import FEEDBACK_COLUMNS, load_demo_event


def test_demo_event_has_the_promised_shape():
    event = load_demo_event()
    assert event.name == "Harbourline Tech Summit 2026"
    assert event.info["venue"] and event.info["start_date"] < event.info["end_date"]
    assert list(event.agenda.columns) == ["session_id", "title", "speakers", "format", "track", "room", "start", "end",
                                         "abstract"]
    assert list(event.feedback.columns) == FEEDBACK_COLUMNS
    assert len(event.agenda) == 40
    assert event.agenda["start"].dt.date.nunique() == 2
    assert 280 <= len(event.feedback) <= 320
    assert (event.agenda["end"] > event.agenda["start"]).all()


def test_abstracts_are_60_to_150_words():
    words = load_demo_event().agenda["abstract"].str.split().str.len()
    assert words.between(60, 150).all()


def test_feedback_refers_to_real_sessions_with_valid_ratings():
    event = load_demo_event()
    assert set(event.feedback["session_id"]) <= set(event.agenda["session_id"])
    assert event.feedback["rating"].between(1, 5).all()
    assert event.feedback["text"].str.strip().str.len().gt(0).all()


def test_agenda_has_same_track_overlaps_and_a_near_duplicate():
    agenda = load_demo_event().agenda.to_dict("records")
    overlapping_same_track = [
        (a["session_id"], b["session_id"]) for a, b in combinations(agenda, 2)
        if a["track"] == b["track"] and a["room"] != b["room"] and a["start"] < b["end"] and b["start"] < a["end"]
    ]
    assert len(overlapping_same_track) >= 3
    best = max(difflib.SequenceMatcher(None, a["abstract"], b["abstract"]).ratio() for a, b in combinations(agenda, 2))
    assert best > 0.85
