"""Session digests: what one session's (or the whole event's) comments say, in numbers and in attendees' own
words. Quotes are exact comments, never paraphrased, so a digest can go to a board or a speaker as it is.

    digest(scored, theme_list, "Pandas for Event Analytics")
    -> {"session": ..., "comments": 12, "net": 0.42, "praise": "Loved the live demo...", "complaint": ..., ...}
"""
from __future__ import annotations

import pandas as pd

EVENT = "Whole event"


def theme_of(theme_list: list[dict], n: int) -> list[str]:
    """The theme label of every comment (index into the scored frame). Example: -> ["wifi", "coffee", ...]"""
    labels = ["Other"] * n
    for theme in theme_list:
        for i in theme["members"]:
            labels[i] = theme["label"]
    return labels


def digest(scored: pd.DataFrame, theme_list: list[dict], session: str | None = None) -> dict:
    themes = pd.Series(theme_of(theme_list, len(scored)), index=scored.index)
    rows = scored if session is None else scored[scored["session"] == session]
    n = len(rows)
    share = rows["label"].value_counts(normalize=True) if n else pd.Series(dtype=float)
    positive, negative = float(share.get("positive", 0.0)), float(share.get("negative", 0.0))
    # a comment held back from speakers (a personal remark, abuse) is counted but never quoted
    quotable = rows[~rows["held_back"].astype(bool)] if "held_back" in rows else rows
    praise = quotable[quotable["label"] == "positive"].sort_values("p_positive", ascending=False)
    complaint = quotable[quotable["label"] == "negative"].sort_values("p_negative", ascending=False)
    top_themes = themes.loc[rows.index]
    top_themes = top_themes[top_themes != "Other"].value_counts().head(3)
    rating = rows["rating"].mean() if "rating" in rows and rows["rating"].notna().any() else None
    categories = (rows["category"][~rows["category"].isin(["", "none"])].value_counts().head(3)
                  if "category" in rows else pd.Series(dtype=int))
    return {"session": session or EVENT, "comments": n, "positive": positive, "neutral": float(share.get("neutral", 0.0)),
            "negative": negative, "net": positive - negative, "mean_rating": rating,
            "praise": praise["text"].iloc[0] if len(praise) else None,
            "complaint": complaint["text"].iloc[0] if len(complaint) else None,
            "themes": [f"{label} ({count})" for label, count in top_themes.items()],
            "categories": [f"{name} ({count})" for name, count in categories.items()]}


def digests(scored: pd.DataFrame, theme_list: list[dict]) -> list[dict]:
    """The whole event first, then every session, most commented first."""
    sessions = scored["session"].replace("", pd.NA).dropna().value_counts().index.tolist()
    return [digest(scored, theme_list)] + [digest(scored, theme_list, s) for s in sessions]


def themes_by_sentiment(scored: pd.DataFrame, theme_list: list[dict]) -> pd.DataFrame:
    """One row per (theme, label) with its count: the data of the themes × sentiment chart."""
    frame = pd.DataFrame({"theme": theme_of(theme_list, len(scored)), "label": scored["label"].to_numpy()})
    return frame.groupby(["theme", "label"]).size().rename("comments").reset_index()
