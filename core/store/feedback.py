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

from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Connection, Engine, bindparam, delete, func, insert, select, update

from core.feedback import SCORED_COLUMNS, Feedback
from core.store.db import frame, latest, reading
from core.store.collect import FORM_SOURCE
from core.store.schema import comment_sets, comments, feedback_settings, reports, themes
from core.store.workspaces import WORKSPACE_CAPS, CapExceeded, now, touch

LABEL_COLUMNS = ["label", "confidence", "p_negative", "p_neutral", "p_positive"]
ORGANISER_COLUMNS = ["corrected", "adapted", "category", "category_by", "held_back"]


@dataclass
class CommentSet:
    id: int
    source: str  # demo, upload, paste or form (the first answer from a form started them)
    filename: str
    feedback: Feedback  # text, session, rating, timestamp
    scored: pd.DataFrame | None  # with the labels, once the classifier has read every comment
    labelled_by: str | None
    unlabelled: list[int] = field(default_factory=list)  # positions the classifier has not read yet
    moderation: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=["status", "reason", "improve", "submitted_at"]))  # the answers from the forms, by position


@dataclass
class Settings:
    """What the organiser set for the workspace's feedback: their categories and the adapted head."""
    categories: dict[str, str] = field(default_factory=dict)
    head: dict | None = None  # core.feedback.adapt.Adapted.to_json()
    head_on: bool = False


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
    if "model_label" in scored:  # a frame read back from here: its label may be the organiser's
        scored = scored.assign(label=scored["model_label"])
    columns = ["text", "session", "rating", "timestamp"] + (LABEL_COLUMNS if labelled else [])
    columns += [c for c in ORGANISER_COLUMNS if c in scored]
    frame = scored[columns].rename(columns={"timestamp": "submitted_at"})
    rows = _frame_rows(frame, set_id)
    for row in rows:
        row["session"] = row["session"] or ""
        if row.get("submitted_at") is not None:
            row["submitted_at"] = pd.Timestamp(row["submitted_at"]).to_pydatetime()
        row["held_back"] = bool(row.get("held_back") or False)
    return rows


def save_comments(conn: Connection, ws_id: str, feedback: Feedback, source: str, filename: str, mapping: dict,
                  who: str) -> int:
    """Replace the workspace's comments (their labels, themes and reports' source go with the old ones). What
    attendees sent through the app's forms is kept: it moves to the new set, after the new comments."""
    n = len(feedback.comments)
    if n > WORKSPACE_CAPS.comments:
        raise CapExceeded(f"{n:,} comments; a workspace holds at most {WORKSPACE_CAPS.comments:,}.")
    old = latest(conn, comment_sets, ws_id)
    answers = [] if old is None else [dict(r._mapping) for r in conn.execute(
        select(comments).where(comments.c.set_id == old.id, comments.c.source == FORM_SOURCE)
        .order_by(comments.c.position))]
    if n + len(answers) > WORKSPACE_CAPS.comments:
        raise CapExceeded(f"{n:,} comments and {len(answers):,} answers from the forms; a workspace holds at most "
                          f"{WORKSPACE_CAPS.comments:,}.")
    conn.execute(delete(comment_sets).where(comment_sets.c.workspace_id == ws_id))
    set_id = conn.execute(insert(comment_sets).values(
        workspace_id=ws_id, source=source, filename=filename[:300], mapping=dict(mapping),
        notes=list(feedback.notes), created_at=now(), created_by=who, labelled_by=None)).inserted_primary_key[0]
    if n:
        conn.execute(insert(comments), _comment_rows(feedback.comments, set_id, labelled=False))
    if answers:
        conn.execute(insert(comments), [row | {"set_id": set_id, "position": n + i} for i, row in enumerate(answers)])
    # an adapted head was measured on the old comments' corrections, which are gone with them; categories stay
    conn.execute(update(feedback_settings).where(feedback_settings.c.workspace_id == ws_id)
                 .values(head=None, head_on=False))
    touch(conn, ws_id, "feedback", who, f"loaded {n:,} comments from {filename}")
    return set_id


def current_id(conn: Connection, ws_id: str) -> int | None:
    """The id of the workspace's comments, looked up inside a change's own transaction."""
    row = latest(conn, comment_sets, ws_id)
    return None if row is None else row.id


def save_labels(conn: Connection, ws_id: str, set_id: int, scored: pd.DataFrame, model: str, who: str) -> None:
    """The classifier's labels for these comments of the set (the frame's index is each one's position): every
    comment at first, then only new ones, such as answers from the forms. One statement for all rows."""
    values = scored[LABEL_COLUMNS].astype(object).where(scored[LABEL_COLUMNS].notna(), None)
    rows = [{"at": int(position), **{f"new_{c}": v for c, v in zip(LABEL_COLUMNS, row)}}
            for position, row in zip(scored.index, values.itertuples(index=False))]
    if rows:
        conn.execute(update(comments).where(comments.c.set_id == set_id, comments.c.position == bindparam("at"))
                     .values({c: bindparam(f"new_{c}") for c in LABEL_COLUMNS}), rows)
    conn.execute(update(comment_sets).where(comment_sets.c.id == set_id).values(labelled_by=model[:300]))
    touch(conn, ws_id, "feedback", who, f"labelled {len(scored):,} comments with {model}")


def load(engine: Engine, ws_id: str) -> CommentSet | None:
    with reading(engine) as conn:
        row = latest(conn, comment_sets, ws_id)
        if row is None:
            return None
        found = frame(conn, select(comments).where(comments.c.set_id == row.id).order_by(comments.c.position))
        head_on = bool(conn.execute(select(feedback_settings.c.head_on)
                                    .where(feedback_settings.c.workspace_id == ws_id)).scalar())
    found = found.rename(columns={"submitted_at": "timestamp"}).reindex(columns=[c.name for c in comments.columns]
                                                                        + ["timestamp"])
    found["timestamp"] = pd.to_datetime(found["timestamp"])
    found["rating"] = pd.to_numeric(found["rating"], errors="coerce")
    found.index = found["position"].astype(int).to_numpy()  # a comment's position is its row label everywhere
    base = found[["text", "session", "rating", "timestamp"]]
    unlabelled = found.index[found["label"].isna()].tolist()
    moderation = _moderation(found)
    scored = None
    if row.labelled_by is not None and len(found) and not unlabelled:
        scored = base.copy()
        for column in LABEL_COLUMNS[1:]:
            scored[column] = pd.to_numeric(found[column]).to_numpy()
        scored = effective_labels(scored, found["label"].to_numpy(), found["adapted"].to_numpy(),
                                  found["corrected"].to_numpy(), head_on)
        scored["category"] = found["category"].fillna("").to_numpy()
        scored["category_by"] = found["category_by"].fillna("").to_numpy()
        # a form answer reaches speakers only once the organiser approved it
        waiting = found.index.isin(moderation.index[moderation["status"] != "approved"])
        scored["held_back"] = found["held_back"].fillna(False).astype(bool).to_numpy() | waiting
        scored = scored[SCORED_COLUMNS]  # as core.feedback.comments.with_sentiment lays them out
    return CommentSet(row.id, row.source, row.filename, Feedback(base, list(row.notes)), scored, row.labelled_by,
                      unlabelled, moderation)


def _moderation(found: pd.DataFrame) -> pd.DataFrame:
    """The answers from the forms: their moderation, the improvement asked for, when they were sent."""
    answers = found[found["source"] == FORM_SOURCE]
    return pd.DataFrame({"status": answers["status"].fillna("new"), "reason": answers["reason"],
                         "improve": answers["improve"].fillna(""), "submitted_at": answers["timestamp"]},
                        index=answers.index)


def effective_labels(scored: pd.DataFrame, model, adapted, corrected, head_on: bool) -> pd.DataFrame:
    """`label` is what every view, chart, digest, report and export reads: the organiser's correction, else the
    adapted head's label while it is on, else the shipped model's. `label_by` says which, and `model_label` and
    `adapted` keep the others for the corrections table and for switching the head off."""
    out = scored.copy()
    out["model_label"] = model
    out["adapted"] = pd.Series(adapted, index=out.index, dtype=object).where(pd.notna(adapted), None)
    out["corrected"] = pd.Series(corrected, index=out.index, dtype=object).where(pd.notna(corrected), None)
    use_head = head_on & out["adapted"].notna()
    out["label"] = out["corrected"].where(out["corrected"].notna(), out["adapted"].where(use_head, out["model_label"]))
    out["label_by"] = "model"
    out.loc[use_head, "label_by"] = "adapted"
    out.loc[out["corrected"].notna(), "label_by"] = "organiser"
    out["rating_disagrees"] = ((out["rating"] >= 4) & (out["label"] == "negative")) | \
                              ((out["rating"] <= 2) & (out["label"] == "positive"))
    return out


def _per_position(conn: Connection, set_id: int, positions: list[int], values: dict) -> int:
    """Set the same values on the comments at these positions, in one statement per call."""
    positions = sorted({int(p) for p in positions})
    if positions:
        conn.execute(update(comments).where(comments.c.set_id == set_id, comments.c.position.in_(positions))
                     .values(**values))
    return len(positions)


def correct(conn: Connection, ws_id: str, set_id: int, positions: list[int], label: str | None, who: str) -> None:
    """The organiser's label for these comments; None takes the correction back."""
    n = _per_position(conn, set_id, positions, {"corrected": label})
    touch(conn, ws_id, "feedback", who, f"labelled {n:,} comments {label}" if label else
          f"took back the corrections of {n:,} comments")


def hold_back(conn: Connection, ws_id: str, set_id: int, positions: list[int], held: bool, who: str) -> None:
    n = _per_position(conn, set_id, positions, {"held_back": held})
    touch(conn, ws_id, "feedback", who, f"{'held back' if held else 'released'} {n:,} comments for speakers' packs")


def move(conn: Connection, ws_id: str, set_id: int, positions: list[int], category: str, who: str) -> None:
    """The organiser puts these comments in a category (or "none"): kept through every later assignment. They are
    examples now, so the comments sorted by meaning are free to be sorted again, with them (the page does so on
    its next run; their embeddings are cached, so it costs a matrix product)."""
    n = _per_position(conn, set_id, positions, {"category": category[:60], "category_by": "organiser"})
    conn.execute(update(comments).where(comments.c.set_id == set_id,
                                        func.coalesce(comments.c.category_by, "") == "auto")
                 .values(category=None, category_by=None))
    touch(conn, ws_id, "feedback", who, f"moved {n:,} comments to {category[:60]}")


def save_assignments(conn: Connection, ws_id: str, set_id: int, assigned: dict[int, str], who: str) -> None:
    """Categories found by meaning, for comments the organiser has not placed themselves."""
    if assigned:
        conn.execute(update(comments).where(comments.c.set_id == set_id, comments.c.position == bindparam("pos"),
                                            func.coalesce(comments.c.category_by, "") != "organiser")
                     .values(category=bindparam("cat"), category_by="auto"),
                     [{"pos": int(p), "cat": c[:60]} for p, c in assigned.items()])
    touch(conn, ws_id, "feedback", who, f"sorted {len(assigned):,} comments into categories")


def settings(engine: Engine, ws_id: str) -> Settings:
    with engine.connect() as conn:
        row = conn.execute(select(feedback_settings).where(feedback_settings.c.workspace_id == ws_id)).first()
    return Settings() if row is None else Settings(dict(row.categories), row.head, bool(row.head_on))


def _set(conn: Connection, ws_id: str, **values) -> None:
    done = conn.execute(update(feedback_settings).where(feedback_settings.c.workspace_id == ws_id).values(**values))
    if not done.rowcount:
        conn.execute(insert(feedback_settings).values(
            {"categories": {}, "head": None, "head_on": False} | values | {"workspace_id": ws_id}))


def save_categories(conn: Connection, ws_id: str, set_id: int | None, categories: dict[str, str], who: str) -> None:
    """The organiser's list; comments they placed in a category that is gone are free to be sorted again."""
    _set(conn, ws_id, categories=dict(categories))
    if set_id is not None:
        conn.execute(update(comments).where(comments.c.set_id == set_id,
                                            comments.c.category.not_in(list(categories) + ["none"]))
                     .values(category=None, category_by=None))
        conn.execute(update(comments).where(comments.c.set_id == set_id,
                                            func.coalesce(comments.c.category_by, "") == "auto")
                     .values(category=None, category_by=None))
    touch(conn, ws_id, "feedback", who, f"set {len(categories)} categories")


def save_head(conn: Connection, ws_id: str, set_id: int, head: dict, labels: list[str], who: str) -> None:
    """A head adapted from the corrections, and its label for every comment; it starts switched off."""
    _set(conn, ws_id, head=head, head_on=False)
    conn.execute(update(comments).where(comments.c.set_id == set_id, comments.c.position == bindparam("pos"))
                 .values(adapted=bindparam("lab")), [{"pos": i, "lab": lab} for i, lab in enumerate(labels)])
    touch(conn, ws_id, "feedback", who, f"adapted the classifier on {head.get('trained_on', 0)} corrections")


def use_head(conn: Connection, ws_id: str, on: bool, who: str) -> None:
    _set(conn, ws_id, head_on=on)
    touch(conn, ws_id, "feedback", who, f"switched the adapted classifier {'on' if on else 'off'}")


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
    if kept + size > WORKSPACE_CAPS.report_bytes:
        raise CapExceeded(f"Reports in this workspace would take {(kept + size) / 2**20:,.1f} MB; the limit is "
                          f"{WORKSPACE_CAPS.report_bytes // 2**20} MB. Delete an older report first.")
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
