"""Agenda analysis on hand-made agendas and on the demo event, with the real offline embedding model."""
import numpy as np
import pandas as pd
import pytest

from core.agenda import analysis as A
from core.agenda import sessions as T
from core.models.embeddings import embed
from core.store.demo import load_demo_event


def agenda_frame(rows):
    return pd.DataFrame(rows, columns=["Title", "Description", "Room", "Scheduled At", "Ends At", "Track"])


def test_guess_mapping_understands_sessionize_style_columns():
    mapping = T.guess_mapping(["Session Id", "Title", "Description", "Room", "Scheduled At", "Ends At", "Speakers"])
    assert mapping["title"] == "Title" and mapping["abstract"] == "Description"
    assert mapping["start"] == "Scheduled At" and mapping["end"] == "Ends At"
    assert mapping["session_id"] == "Session Id" and mapping["speakers"] == "Speakers"
    assert mapping["track"] is None


def test_normalise_explains_every_fix():
    frame = agenda_frame([
        ["Keynote", "Opening", "Hall", "2026-06-11 09:00", "2026-06-11 10:00", "Main"],
        ["", "no title here", "Hall", "", "", ""],
        ["Late talk", "Backwards", "Room 1", "2026-06-11 12:00", "2026-06-11 11:00", "Main"],
        ["Mystery", "When?", "Room 2", "next tuesday-ish", "", "Main"],
        ["Mixed formats", "Times", "Room 2", "13/06/2026 14:00", "2026-06-13T15:00:00", "Main"],
    ])
    agenda = T.normalise(frame, T.guess_mapping(list(frame.columns)))
    s = agenda.sessions
    assert s["title"].tolist() == ["Keynote", "Late talk", "Mystery", "Mixed formats"]
    assert s["session_id"].tolist() == ["S001", "S002", "S003", "S004"]
    assert pd.isna(s.start[1]) and pd.isna(s.end[1])  # end before start: times dropped
    assert pd.isna(s.start[2])
    assert (s.start[3], s.end[3]) == (pd.Timestamp("2026-06-13 14:00"), pd.Timestamp("2026-06-13 15:00"))
    joined = " ".join(agenda.notes)
    assert "1 rows without a title" in joined
    assert "could not be read" in joined
    assert "end before they start" in joined


def test_normalise_requires_a_title_column():
    with pytest.raises(ValueError, match="title"):
        T.normalise(agenda_frame([]), {"title": None})


@pytest.fixture(scope="module")
def demo(embedder):
    agenda = T.from_event_agenda(load_demo_event().agenda)
    return agenda, embed(agenda.texts())


def test_embed_returns_unit_rows_and_reuses_cached_vectors(embedder):
    first = embed(["A pandas tutorial for analysts", "Closing keynote"])
    assert first.shape == (2, 384)
    assert np.allclose(np.linalg.norm(first, axis=1), 1, atol=1e-5)
    again = embed(["Closing keynote", "A pandas tutorial for analysts"])
    assert np.array_equal(again[0], first[1])


def test_meaning_beats_word_overlap(embedder):
    pandas, analysis, community = embed([
        "Hands-on pandas tutorial: cleaning and grouping data frames",
        "Data analysis of ticket sales with Python",
        "Keynote: building a welcoming community for everyone"])
    assert pandas @ analysis > pandas @ community + 0.1


def test_demo_near_duplicate_submission_is_found(demo):
    agenda, vectors = demo
    pairs = A.duplicates(agenda, vectors, 0.9)
    assert {(r.session_a, r.session_b) for r in pairs.itertuples()} == {("S17", "S34")}


def test_identical_abstracts_are_duplicates_with_score_one(embedder):
    frame = agenda_frame([["Talk A", "Deploying models on CPUs", "", "", "", ""],
                          ["Talk A", "Deploying models on CPUs", "", "", "", ""],
                          ["Other", "Running a choir", "", "", "", ""]])
    agenda = T.normalise(frame, T.guess_mapping(list(frame.columns)))
    pairs = A.duplicates(agenda, embed(agenda.texts()), 0.95)
    assert len(pairs) == 1 and pairs.similarity[0] == pytest.approx(1.0, abs=1e-3)


def test_demo_topic_clashes_are_the_planted_ones(demo):
    agenda, vectors = demo
    found = A.clashes(agenda, vectors, 0.6)
    expected = {("S23", "S24"), ("S02", "S03"), ("S09", "S10")}
    by_title = dict(zip(agenda.sessions.title, agenda.sessions.session_id))
    pairs = {tuple(sorted((by_title[r.session_a], by_title[r.session_b]))) for r in found.itertuples()}
    assert expected <= pairs
    assert all(r.room_a != r.room_b for r in found.itertuples())
    assert "pandas" in found[found.session_a.str.contains("Pandas")].why.iloc[0]


def test_agenda_without_times_has_no_clashes(embedder):
    frame = agenda_frame([["Talk A", "Python data", "R1", "", "", ""], ["Talk B", "Python data", "R2", "", "", ""]])
    agenda = T.normalise(frame, T.guess_mapping(list(frame.columns)))
    assert A.clashes(agenda, embed(agenda.texts()), 0.1).empty


def test_recommendations_rank_relevant_sessions_and_plan_has_no_overlap(demo):
    agenda, vectors = demo
    ranked, plan = A.recommend(agenda, vectors, embed(["analysing attendee data with pandas"])[0], k=6)
    assert set(ranked.title[:2]) == {"Pandas for Event Analytics: From Registrations to Insight",
                                     "Exploring Attendee Data with Python and pandas"}
    timed = plan.dropna(subset=["start"]).sort_values("start")
    assert (timed.start.iloc[1:].values >= timed.end.iloc[:-1].values).all()
    assert ranked.score.is_monotonic_decreasing


def test_clusters_have_keywords_and_misplaced_uses_declared_tracks(demo):
    agenda, vectors = demo
    labels, keywords = A.clusters(agenda, vectors, 4)
    assert len(set(labels)) == 4 and all(keywords[c] for c in set(labels))
    misplaced = A.misplaced(agenda, vectors)
    assert (misplaced.other_score > misplaced.own_score).all()
    assert set(misplaced.declared_track) <= set(agenda.sessions.track)
