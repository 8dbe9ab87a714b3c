"""A workspace's attendee feedback: the comments with their mapping, the labels the classifier gave them, the
themes found in them, and every report built from them (downloadable later).

Themes are stored, not recomputed: k-means' grouping can differ between machines, so a workspace opened on
another replica shows the themes its organiser saw. Digests follow from the stored labels and themes.

    with writing(engine) as conn:
        set_id = save_comments(conn, ws.id, feedback, "upload", "survey.csv", mapping, who="Ana")
        save_labels(conn, ws.id, set_id, scored, model="sentiment (MiniLM + LoRA)", who="Ana")
    load(engine, ws.id).scored     # the labelled comments, as the page shows them
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Connection, Engine, delete, func, insert, select, update

from core.feedback.comments import Feedback
from core.store.db import frame, reading
from core.store.schema import comment_sets, comments, reports, themes
from core.store.workspaces import CAPS, CapExceeded, latest, now, touch

LABEL_COLUMNS = ["label", "confidence", "p_negative", "p_neutral", "p_positive"]


@dataclass
class CommentSet:
    id: int
    source: str  # demo, upload or paste
    filename: str
    feedback: Feedback  # text, session, rating, timestamp
    scored: pd.DataFrame | None  # with the labels, once the classifier has read them
    labelled_by: str | None


@dataclass
class Report:
    id: int
    title: str
    bytes: int
    content_key: str
    created_at: object
    created_by: str


def _frame_rows(frame: pd.DataFrame, set_id: int) -> list[dict]:
    out = frame.astype(object).where(frame.notna(), None)
    rows = out.to_dict("records")
    for i, row in enumerate(rows):
        row.update(set_id=set_id, position=i)
    return rows


def _comment_rows(scored: pd.DataFrame, set_id: int, labelled: bool) -> list[dict]:
    columns = ["text", "session", "rating", "timestamp"] + (LABEL_COLUMNS if labelled else [])
    frame = scored[columns].rename(columns={"timestamp": "submitted_at"})
    rows = _frame_rows(frame, set_id)
    for row in rows:
        row["session"] = row["session"] or ""
        if row.get("submitted_at") is not None:
            row["submitted_at"] = pd.Timestamp(row["submitted_at"]).to_pydatetime()
    return rows


def save_comments(conn: Connection, ws_id: str, feedback: Feedback, source: str, filename: str, mapping: dict,
                  who: str) -> int:
    """Replace the workspace's comments (their labels, themes and reports' source go with the old ones)."""
    n = len(feedback.comments)
    if n > CAPS.comments:
        raise CapExceeded(f"{n:,} comments; a workspace holds at most {CAPS.comments:,}.")
    conn.execute(delete(comment_sets).where(comment_sets.c.workspace_id == ws_id))
    set_id = conn.execute(insert(comment_sets).values(
        workspace_id=ws_id, source=source, filename=filename[:300], mapping=dict(mapping),
        notes=list(feedback.notes), created_at=now(), created_by=who, labelled_by=None)).inserted_primary_key[0]
    if n:
        conn.execute(insert(comments), _comment_rows(feedback.comments, set_id, labelled=False))
    touch(conn, ws_id, "feedback", who, f"loaded {n:,} comments from {filename}")
    return set_id


def current_id(conn: Connection, ws_id: str) -> int | None:
    """The id of the workspace's comments, looked up inside a change's own transaction."""
    row = latest(conn, comment_sets, ws_id)
    return None if row is None else row.id


def save_labels(conn: Connection, ws_id: str, set_id: int, scored: pd.DataFrame, model: str, who: str) -> None:
    """The classifier's labels for every comment of the set, rewritten in one go (10,000 rows insert faster than
    they update one by one)."""
    conn.execute(delete(comments).where(comments.c.set_id == set_id))
    if len(scored):
        conn.execute(insert(comments), _comment_rows(scored, set_id, labelled=True))
    conn.execute(update(comment_sets).where(comment_sets.c.id == set_id).values(labelled_by=model[:300]))
    touch(conn, ws_id, "feedback", who, f"labelled {len(scored):,} comments with {model}")


def load(engine: Engine, ws_id: str) -> CommentSet | None:
    with reading(engine) as conn:
        row = latest(conn, comment_sets, ws_id)
        if row is None:
            return None
        found = frame(conn, select(comments).where(comments.c.set_id == row.id).order_by(comments.c.position))
    found = found.rename(columns={"submitted_at": "timestamp"}).reindex(columns=[c.name for c in comments.columns]
                                                                        + ["timestamp"])
    found["timestamp"] = pd.to_datetime(found["timestamp"])
    found["rating"] = pd.to_numeric(found["rating"], errors="coerce")
    base = found[["text", "session", "rating", "timestamp"]].reset_index(drop=True)
    scored = None
    if row.labelled_by is not None and len(found) and found["label"].notna().all():
        scored = base.copy()
        scored["label"] = found["label"].to_numpy()
        for column in LABEL_COLUMNS[1:]:
            scored[column] = pd.to_numeric(found[column]).to_numpy()
        scored["rating_disagrees"] = ((scored["rating"] >= 4) & (scored["label"] == "negative")) | \
                                     ((scored["rating"] <= 2) & (scored["label"] == "positive"))
    return CommentSet(row.id, row.source, row.filename, Feedback(base, list(row.notes)), scored, row.labelled_by)


def save_themes(conn: Connection, ws_id: str, set_id: int, found: list[dict], who: str) -> None:
    conn.execute(delete(themes).where(themes.c.set_id == set_id))
    if found:
        conn.execute(insert(themes), [{"set_id": set_id, "position": k, "label": t["label"],
                                       "keywords": list(t["keywords"]), "members": [int(i) for i in t["members"]],
                                       "quotes": list(t["quotes"]), "size": int(t["size"]),
                                       "share": float(t["share"]), "other": bool(t["other"])}
                                      for k, t in enumerate(found)])
    touch(conn, ws_id, "feedback", who, f"found {sum(not t['other'] for t in found)} themes")


def load_themes(engine: Engine, set_id: int) -> list[dict] | None:
    with engine.connect() as conn:
        rows = conn.execute(select(themes).where(themes.c.set_id == set_id).order_by(themes.c.position)).all()
    if not rows:
        return None
    return [{"label": r.label, "keywords": list(r.keywords), "members": list(r.members), "quotes": list(r.quotes),
             "size": r.size, "share": r.share, "other": bool(r.other)} for r in rows]


def save_report(conn: Connection, ws_id: str, title: str, html: str, content_key: str, who: str) -> int:
    size = len(html.encode("utf-8"))
    kept = conn.execute(select(func.coalesce(func.sum(reports.c.bytes), 0))
                        .where(reports.c.workspace_id == ws_id)).scalar_one()
    if kept + size > CAPS.report_bytes:
        raise CapExceeded(f"Reports in this workspace would take {(kept + size) / 2**20:,.1f} MB; the limit is "
                          f"{CAPS.report_bytes // 2**20} MB. Delete an older report first.")
    report_id = conn.execute(insert(reports).values(
        workspace_id=ws_id, title=title[:200], html=html, bytes=size, content_key=content_key, created_at=now(),
        created_by=who)).inserted_primary_key[0]
    touch(conn, ws_id, "feedback", who, f"built the report “{title[:80]}”")
    return report_id


def delete_report(conn: Connection, ws_id: str, report_id: int, who: str) -> None:
    conn.execute(delete(reports).where(reports.c.id == report_id, reports.c.workspace_id == ws_id))
    touch(conn, ws_id, "feedback", who, f"deleted report #{report_id}")


def list_reports(engine: Engine, ws_id: str) -> list[Report]:
    with engine.connect() as conn:
        rows = conn.execute(select(reports.c.id, reports.c.title, reports.c.bytes, reports.c.content_key,
                                   reports.c.created_at, reports.c.created_by)
                            .where(reports.c.workspace_id == ws_id).order_by(reports.c.id.desc())).all()
    return [Report(*r) for r in rows]


def report_html(engine: Engine, ws_id: str, report_id: int) -> str | None:
    with engine.connect() as conn:
        return conn.execute(select(reports.c.html).where(reports.c.id == report_id,
                                                         reports.c.workspace_id == ws_id)).scalar()
