"""Feedback cleaning and roll-ups on hand-made comments (no model needed)."""
import pandas as pd
import pytest

from core.feedback import comments as F


def scored(rows):
    """rows: (session, label, rating)"""
    comments = pd.DataFrame({"text": [f"comment {i}" for i in range(len(rows))], "session": [r[0] for r in rows],
                             "rating": [r[2] for r in rows], "timestamp": pd.NaT})
    results = [{"label": r[1], "score": 0.9, "scores": {k: (0.9 if k == r[1] else 0.05)
                                                       for k in ("negative", "neutral", "positive")}} for r in rows]
    return F.with_sentiment(comments, results)


def test_rollup_shares_net_sentiment_and_mean_rating():
    table = F.rollup(scored([("A", "positive", 5), ("A", "positive", 4), ("A", "negative", 2),
                             ("B", "neutral", 3), ("B", "negative", None)])).set_index("session")
    assert table.loc["A", "comments"] == 3
    assert table.loc["A", "share_positive"] == pytest.approx(2 / 3)
    assert table.loc["A", "net_sentiment"] == pytest.approx(1 / 3)
    assert table.loc["A", "mean_rating"] == pytest.approx(11 / 3)
    assert table.loc["B", "net_sentiment"] == pytest.approx(-0.5)
    assert table.loc["B", "mean_rating"] == 3
    assert table.index[0] == "B"  # worst first


def test_five_stars_on_a_negative_comment_is_flagged():
    s = scored([("A", "negative", 5), ("A", "positive", 1), ("A", "positive", 5), ("A", "negative", None)])
    assert s["rating_disagrees"].tolist() == [True, True, False, False]
    assert F.rollup(s).rating_disagrees[0] == 2


def test_normalise_skips_empty_cuts_long_and_ignores_bad_ratings():
    frame = pd.DataFrame({"Comment": ["Great", "   ", "x" * 5000, "ok"], "Stars": ["5", "4", "11", "n/a"],
                          "Submitted at": ["2026-06-11 10:00", "", "yesterday", "11/06/2026 12:00"]})
    fb = F.normalise(frame, F.guess_mapping(list(frame.columns)))
    c = fb.comments
    assert c["text"].tolist()[0] == "Great" and len(c) == 3
    assert len(c["text"][1]) == F.MAX_CHARS + 1
    assert c["rating"].tolist()[0] == 5 and pd.isna(c["rating"][1]) and pd.isna(c["rating"][2])
    notes = " ".join(fb.notes)
    assert "1 empty comments were skipped" in notes
    assert "1 ratings outside 1–5" in notes
    assert "1 timestamps could not be read" in notes
    assert "cut to 2,000 characters" in notes


def test_only_the_text_column_is_required():
    with pytest.raises(ValueError, match="comment text"):
        F.normalise(pd.DataFrame({"a": ["x"]}), {"text": None})
    fb = F.normalise(pd.DataFrame({"a": ["x"]}), {"text": "a"})
    assert fb.comments["session"].tolist() == [""] and pd.isna(fb.comments["rating"][0])


def test_pasted_text_is_one_comment_per_line():
    assert F.from_pasted("Loved it\n\n  Too hot in room B  \n").comments["text"].tolist() == ["Loved it", "Too hot in room B"]


def test_trend_shares_sum_to_one_per_bucket():
    s = scored([("A", "positive", 5), ("A", "negative", 1), ("A", "neutral", 3)])
    s["timestamp"] = pd.to_datetime(["2026-06-11 10:05", "2026-06-11 10:40", "2026-06-11 11:10"])
    trend = F.trend(s)
    assert trend.groupby("time")["share"].sum().tolist() == pytest.approx([1.0, 1.0])
