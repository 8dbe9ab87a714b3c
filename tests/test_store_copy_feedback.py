"""The store keeps session copy and feedback (SQLite and PostgreSQL, as in test_store.py): drafts with their
edits and status, batch jobs and who may take them over, comments, labels, themes and reports."""
from __future__ import annotations

import pandas as pd
import pytest

from core.store.demo import load_demo_event
from core.feedback.comments import from_event
from core.store import drafts, feedback
from core.store.db import writing
from core.store.workspaces import create

from store_helpers import HOSTILE, written


def test_drafts_keep_brief_candidates_edits_and_status_and_a_late_edit_is_told(engine):
    ws = create(engine, "Copy", who="Ana")
    brief = {"title": HOSTILE, "speakers": "Amara Okafor", "kind": "abstract"}
    with writing(engine) as conn:
        first = drafts.save_written(conn, ws.id, "S01", "abstract", brief, written("Join Amara."), [],
                                    {"temperature": 0.7}, 42, "llama.cpp", "SmolLM2", who="Ana")
    assert first.version == 1 and first.shown == "Join Amara." and first.brief["title"] == HOSTILE
    with writing(engine) as conn:  # Ana and Ben both saw version 1; Ben writes, then Ana
        ben = drafts.save_edit(conn, ws.id, first.id, "Ben's text.", [], seen_version=1, who="Ben")
        ana = drafts.save_edit(conn, ws.id, first.id, "Ana's text at Google.", ["Google"], seen_version=1, who="Ana")
    assert ben.replaced_by is None
    assert ana.replaced_by == "Ben" and ana.replaced_at is not None and ana.version == 3
    stored = drafts.load(engine, ws.id)[("S01", "abstract")]
    assert stored.shown == "Ana's text at Google." and stored.text == "Join Amara." and stored.unsupported == ["Google"]
    with writing(engine) as conn:
        drafts.set_status(conn, ws.id, first.id, "approved", who="Ana")
        with pytest.raises(ValueError):
            drafts.set_status(conn, ws.id, first.id, "published", who="Ana")
    assert drafts.load(engine, ws.id)[("S01", "abstract")].status == "approved"


def test_a_batch_job_knows_what_it_wrote_and_who_may_take_it_over(engine):
    ws = create(engine, "Batch", who="Ana")
    with writing(engine) as conn:
        drafts.save_written(conn, ws.id, "S02", "teaser", {}, written("Old."), [], {}, 1, "e", "m", who="Ana")
        job_id = drafts.start_job(conn, ws.id, "teaser", {"n": 4}, ["S01", "S02", "S03"], who="Ana",
                                  writer="tab-1")
        drafts.save_written(conn, ws.id, "S01", "teaser", {}, written("New."), [], {}, 1, "e", "m", who="Ana",
                            job_id=job_id)
    job = drafts.current_job(engine, ws.id)
    assert job.id == job_id and job.alive()
    assert job.done == {"S01"}  # S02's draft is older than the job
    with writing(engine) as conn:
        assert drafts.beat(conn, job_id, "tab-1")
        assert drafts.take_over(conn, job_id, job.writer, "tab-2")  # tab 1 was closed
        assert not drafts.take_over(conn, job_id, job.writer, "tab-3")  # tab 2 took it first
        assert not drafts.beat(conn, job_id, "tab-1")  # so tab 1, back, stops writing
        drafts.finish_job(conn, ws.id, job_id, "done", who="Ana")
    assert not drafts.current_job(engine, ws.id).alive()


def test_comments_labels_themes_and_reports_round_trip(engine, embedder):
    from core.feedback import sentiment
    from core.feedback.comments import with_sentiment
    from core.feedback.themes import themes

    ws = create(engine, "Feedback", who="Ana")
    event = load_demo_event()
    comments = from_event(event.feedback, event.agenda)
    comments.comments.loc[0, "text"] = "<script>alert('x')</script> " + HOSTILE
    with writing(engine) as conn:
        set_id = feedback.save_comments(conn, ws.id, comments, "demo", "the demo event", {}, who="Ana")
    stored = feedback.load(engine, ws.id)
    assert stored.scored is None
    pd.testing.assert_frame_equal(stored.feedback.comments, comments.comments, check_dtype=False)
    scored = with_sentiment(comments.comments, sentiment.classify(comments.comments["text"].tolist()))
    found = themes(scored["text"].tolist())
    with writing(engine) as conn:
        feedback.save_labels(conn, ws.id, set_id, scored, "sentiment", who="Ana")
        feedback.save_themes(conn, ws.id, set_id, found, who="Ana")
        report_id = feedback.save_report(conn, ws.id, "Board report", "<html>" + "x" * 1000 + "</html>", "k" * 40,
                                         who="Ana")
    stored = feedback.load(engine, ws.id)
    pd.testing.assert_frame_equal(stored.scored, scored, check_dtype=False, atol=1e-6)
    assert feedback.load_themes(engine, set_id) == [{**t, "members": [int(i) for i in t["members"]]} for t in found]
    [report] = feedback.list_reports(engine, ws.id)
    assert report.id == report_id and report.bytes == 1013
    assert feedback.report_html(engine, ws.id, report_id).startswith("<html>xxx")
