"""What the organiser tells the feedback page, kept in the workspace on SQLite and PostgreSQL: corrections win over
the models, categories and held-back comments are kept, the adapted head switches on and off, and a backup
carries all of it."""
from __future__ import annotations

import pandas as pd

from core.store.demo import load_demo_event
from core.feedback.categories import STARTER
from core.feedback.comments import from_event, with_sentiment
from core.store import backup, demo, feedback
from core.store.db import writing
from core.store.workspaces import create


def labelled_workspace(engine):
    ws = create(engine, "Feedback", who="Ana")
    event = load_demo_event()
    comments = from_event(event.feedback.head(12), event.agenda)
    results = [{"label": "positive", "score": 0.9, "scores": {"negative": 0.05, "neutral": 0.05, "positive": 0.9}}] * 12
    with writing(engine) as conn:
        set_id = feedback.save_comments(conn, ws.id, comments, "demo", "the demo event", {}, who="Ana")
        feedback.save_labels(conn, ws.id, set_id, with_sentiment(comments.comments, results), "sentiment", who="Ana")
    return ws, set_id


def test_a_correction_wins_everywhere_and_can_be_taken_back(engine):
    ws, set_id = labelled_workspace(engine)
    with writing(engine) as conn:
        feedback.correct(conn, ws.id, set_id, [0, 3], "negative", who="Ana")
    scored = feedback.load(engine, ws.id).scored
    assert scored.loc[[0, 3], "label"].tolist() == ["negative", "negative"]
    assert scored.loc[[0, 3], "label_by"].tolist() == ["organiser", "organiser"]
    assert scored.loc[[0, 3], "model_label"].tolist() == ["positive", "positive"]
    assert (scored.loc[1:2, "label"] == "positive").all() and (scored["label"] == "negative").sum() == 2
    with writing(engine) as conn:
        feedback.correct(conn, ws.id, set_id, [3], None, who="Ana")
    assert feedback.load(engine, ws.id).scored["label_by"].tolist().count("organiser") == 1


def test_the_adapted_head_labels_only_what_was_not_corrected_and_only_while_on(engine):
    ws, set_id = labelled_workspace(engine)
    with writing(engine) as conn:
        feedback.correct(conn, ws.id, set_id, [0], "positive", who="Ana")
        feedback.save_head(conn, ws.id, set_id, {"trained_on": 20}, ["neutral"] * 12, who="Ana")
    assert (feedback.load(engine, ws.id).scored["label"] == "positive").all()  # a new head starts switched off
    with writing(engine) as conn:
        feedback.use_head(conn, ws.id, True, who="Ana")
    scored = feedback.load(engine, ws.id).scored
    assert scored.loc[0, "label"] == "positive" and (scored.loc[1:, "label"] == "neutral").all()
    assert feedback.settings(engine, ws.id).head == {"trained_on": 20}
    with writing(engine) as conn:
        feedback.use_head(conn, ws.id, False, who="Ana")
    assert (feedback.load(engine, ws.id).scored["label"] == "positive").all()


def test_categories_moves_and_held_back_comments_are_kept(engine):
    ws, set_id = labelled_workspace(engine)
    with writing(engine) as conn:
        feedback.save_categories(conn, ws.id, set_id, {"Venue": "rooms", "Catering": "coffee"}, who="Ana")
        feedback.save_assignments(conn, ws.id, set_id, {i: "Venue" for i in range(12)}, who="Ana")
        feedback.move(conn, ws.id, set_id, [2], "Catering", who="Ana")
    scored = feedback.load(engine, ws.id).scored  # a new example: every comment sorted by meaning is sorted again
    assert scored.loc[2, "category"] == "Catering" and (scored.drop(index=2)["category"] == "").all()
    with writing(engine) as conn:
        feedback.save_assignments(conn, ws.id, set_id, {i: "Venue" for i in range(12)}, who="Ana")  # not over a move
        feedback.hold_back(conn, ws.id, set_id, [5, 6], True, who="Ana")
    scored = feedback.load(engine, ws.id).scored
    assert scored.loc[2, "category"] == "Catering" and scored.loc[2, "category_by"] == "organiser"
    assert (scored.drop(index=2)["category"] == "Venue").all()
    assert scored["held_back"].tolist() == [i in (5, 6) for i in range(12)]
    with writing(engine) as conn:  # Catering is gone: its comments are free to be sorted again; auto ones too
        feedback.save_categories(conn, ws.id, set_id, {"Venue": "rooms"}, who="Ana")
    scored = feedback.load(engine, ws.id).scored
    assert (scored["category"] == "").all() and feedback.settings(engine, ws.id).categories == {"Venue": "rooms"}


def test_the_demo_starts_with_the_starter_categories(engine):
    ws = create(engine, "Demo", who="Ana")
    with writing(engine) as conn:
        demo.fill(conn, ws.id, "Ana")
    assert feedback.settings(engine, ws.id).categories == STARTER


def test_a_backup_carries_corrections_categories_and_the_head(engine):
    ws, set_id = labelled_workspace(engine)
    with writing(engine) as conn:
        feedback.correct(conn, ws.id, set_id, [1], "negative", who="Ana")
        feedback.save_categories(conn, ws.id, set_id, {"Venue": "rooms"}, who="Ana")
        feedback.hold_back(conn, ws.id, set_id, [4], True, who="Ana")
        feedback.save_head(conn, ws.id, set_id, {"trained_on": 21}, ["neutral"] * 12, who="Ana")
        feedback.use_head(conn, ws.id, True, who="Ana")
    restored = backup.restore(engine, backup.export(engine, ws.id), who="Ben")
    before, after = feedback.load(engine, ws.id).scored, feedback.load(engine, restored.id).scored
    pd.testing.assert_frame_equal(before, after)
    assert feedback.settings(engine, restored.id) == feedback.settings(engine, ws.id)


def test_new_comments_drop_the_head_trained_on_the_old_ones_and_keep_the_categories(engine):
    ws, set_id = labelled_workspace(engine)
    with writing(engine) as conn:
        feedback.save_categories(conn, ws.id, set_id, {"Venue": "rooms"}, who="Ana")
        feedback.save_head(conn, ws.id, set_id, {"trained_on": 20}, ["neutral"] * 12, who="Ana")
        feedback.use_head(conn, ws.id, True, who="Ana")
        feedback.save_comments(conn, ws.id, from_event(load_demo_event().feedback.head(3), load_demo_event().agenda),
                               "paste", "pasted comments", {}, who="Ana")
    found = feedback.settings(engine, ws.id)
    assert found.head is None and not found.head_on and found.categories == {"Venue": "rooms"}
