"""Attendee feedback: clean the comments an organiser brings, and roll sentiment up per session."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from core.readers import guess_column

MAX_COMMENTS = 10_000
MAX_CHARS = 2_000  # longer comments are cut; the classifier reads 256 tokens anyway
FIELDS = {"text": ("text", "comment", "comments", "feedback", "response", "answer", "review"),
          "session": ("session_id", "session id", "session", "title", "talk"),
          "rating": ("rating", "stars", "score", "grade"),
          "timestamp": ("timestamp", "submitted at", "date", "time", "created")}
# A labelled comment's columns, here and as the workspace gives them back
SCORED_COLUMNS = ["text", "session", "rating", "timestamp", "label", "confidence", "p_negative", "p_neutral",
                  "p_positive", "model_label", "adapted", "corrected", "label_by", "category", "category_by",
                  "held_back", "rating_disagrees"]


@dataclass
class Feedback:
    comments: pd.DataFrame  # text, session, rating (float or NaN), timestamp (datetime or NaT)
    notes: list[str] = field(default_factory=list)


def guess_mapping(columns: list[str]) -> dict[str, str | None]:
    return {name: guess_column(columns, candidates) for name, candidates in FIELDS.items()}


def normalise(frame: pd.DataFrame, mapping: dict[str, str | None]) -> Feedback:
    """Only the text is required. Empty comments are skipped, long ones cut, odd ratings ignored, and
    every such fix is counted in a note."""
    if not mapping.get("text"):
        raise ValueError("Choose the column that holds the comment text.")
    notes = []
    out = pd.DataFrame({"text": frame[mapping["text"]].fillna("").astype(str).str.strip()})
    out["session"] = frame[mapping["session"]].fillna("").astype(str).str.strip() if mapping.get("session") else ""
    rating = pd.to_numeric(frame[mapping["rating"]], errors="coerce") if mapping.get("rating") else pd.Series(float("nan"), index=frame.index)
    bad = rating.notna() & ~rating.between(1, 5)
    if bad.any():
        notes.append(f"{int(bad.sum())} ratings outside 1–5 were ignored.")
    out["rating"] = rating.where(~bad)
    if mapping.get("timestamp"):
        raw = frame[mapping["timestamp"]].fillna("").astype(str).str.strip()
        out["timestamp"] = pd.to_datetime(raw, errors="coerce", format="mixed")
        unread = int(((raw != "") & out["timestamp"].isna()).sum())
        if unread:
            notes.append(f"{unread} timestamps could not be read.")
    else:
        out["timestamp"] = pd.NaT
    empty = out["text"] == ""
    if empty.any():
        notes.append(f"{int(empty.sum())} empty comments were skipped.")
        out = out[~empty]
    if len(out) > MAX_COMMENTS:
        notes.append(f"{len(out):,} comments found; the first {MAX_COMMENTS:,} are analysed.")
        out = out.head(MAX_COMMENTS)
    long = out["text"].str.len() > MAX_CHARS
    if long.any():
        notes.append(f"{int(long.sum())} very long comments were cut to {MAX_CHARS:,} characters.")
        out.loc[long, "text"] = out.loc[long, "text"].str.slice(0, MAX_CHARS) + "…"
    return Feedback(out.reset_index(drop=True), notes)


def from_event(feedback: pd.DataFrame, agenda: pd.DataFrame) -> Feedback:
    """The demo event's feedback, with session ids shown as titles."""
    titles = dict(zip(agenda["session_id"], agenda["title"]))
    comments = pd.DataFrame({"text": feedback["text"], "session": feedback["session_id"].map(titles).fillna(feedback["session_id"]),
                             "rating": feedback["rating"].astype(float), "timestamp": feedback["timestamp"]})
    return Feedback(comments)


def from_pasted(text: str) -> Feedback:
    """One comment per line."""
    lines = pd.Series(text.splitlines(), dtype=str)
    return normalise(pd.DataFrame({"comment": lines}), {"text": "comment"})


def with_sentiment(comments: pd.DataFrame, results: list[dict]) -> pd.DataFrame:
    out = comments.copy()
    out["label"] = [r["label"] for r in results]
    out["confidence"] = [r["score"] for r in results]
    for label in ("negative", "neutral", "positive"):
        out[f"p_{label}"] = [r["scores"][label] for r in results]
    # What the organiser may set later (see core.store.feedback.effective_labels): none of it yet
    out["model_label"], out["adapted"], out["corrected"], out["label_by"] = out["label"], None, None, "model"
    out["category"], out["category_by"], out["held_back"] = "", "", False
    # A rating of 4-5 on a comment the model reads as negative, or 1-2 on a positive one.
    out["rating_disagrees"] = ((out["rating"] >= 4) & (out["label"] == "negative")) | \
                              ((out["rating"] <= 2) & (out["label"] == "positive"))
    return out


def rollup(scored: pd.DataFrame) -> pd.DataFrame:
    """Per session: n, shares of each label, net sentiment (positive share - negative share), mean rating,
    and how many ratings disagree with the text.

    Example: 3 comments (pos, pos, neg) -> share_positive 0.67, share_negative 0.33, net 0.33
    """
    frame = scored.assign(session=scored["session"].replace("", "(no session)"))
    grouped = frame.groupby("session")
    table = pd.DataFrame({
        "comments": grouped.size(),
        "share_negative": grouped["label"].apply(lambda s: (s == "negative").mean()),
        "share_neutral": grouped["label"].apply(lambda s: (s == "neutral").mean()),
        "share_positive": grouped["label"].apply(lambda s: (s == "positive").mean()),
        "mean_rating": grouped["rating"].mean(),
        "rating_disagrees": grouped["rating_disagrees"].sum().astype(int),
    })
    table.insert(4, "net_sentiment", table["share_positive"] - table["share_negative"])
    return table.sort_values("net_sentiment").reset_index()


def most_negative(scored: pd.DataFrame, per_session: int = 3) -> pd.DataFrame:
    ranked = scored.sort_values("p_negative", ascending=False)
    return ranked.groupby("session", sort=False).head(per_session)[["session", "text", "p_negative", "rating"]]


def trend(scored: pd.DataFrame, freq: str = "h") -> pd.DataFrame:
    """Share of each label per time bucket, for comments with timestamps."""
    timed = scored.dropna(subset=["timestamp"])
    if timed.empty:
        return pd.DataFrame(columns=["time", "label", "share"])
    counts = timed.groupby([pd.Grouper(key="timestamp", freq=freq), "label"]).size().rename("n").reset_index()
    counts["share"] = counts["n"] / counts.groupby("timestamp")["n"].transform("sum")
    return counts.rename(columns={"timestamp": "time"})
