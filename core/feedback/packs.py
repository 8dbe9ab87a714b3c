"""A feedback pack per speaker: one self-contained HTML page with their sessions' numbers, categories and themes,
their top praise and top complaint as exact quotes, and every comment, minus the ones the organiser held back.

Comments reach a speaker through their session: a comment's session is matched to the programme by id or by
title, and every speaker named on that session gets it. A held-back comment (a personal remark, abuse) is
removed before anything is counted or quoted, so no number, quote or list in a pack can carry it; the pack
says how many were held back.

    packs = speaker_packs(scored, agenda_sessions, theme_list)   # {"Amara Okafor": "<!doctype html>…", …}
    data = as_zip(packs)                                         # one file per speaker, named by speaker
"""
from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd

from core.feedback.digests import theme_of
from core.feedback.markup import escape, quote
from core.feedback.report import CSS
from core.text_terms import speaker_list


def sessions_by_speaker(comments_session: pd.Series, sessions: pd.DataFrame) -> dict[str, list[str]]:
    """Speaker -> the session values (as the comments spell them) of their sessions that have comments.

    Example: a comment on "S02" or on "Pandas for Event Analytics" both reach Amara Okafor."""
    spelled = set(comments_session.replace("", pd.NA).dropna())
    out: dict[str, list[str]] = {}
    for row in sessions.itertuples():
        for value in (str(row.session_id), str(row.title)):
            if value in spelled:
                for name in speaker_list(str(row.speakers)):
                    out.setdefault(name, [])
                    if value not in out[name]:
                        out[name].append(value)
    return dict(sorted(out.items(), key=lambda item: item[0].lower()))


def file_name(speaker: str) -> str:
    """A file name anyone's system accepts. Example: "Amara Okafor" -> "feedback-amara-okafor.html" """
    plain = unicodedata.normalize("NFKD", speaker).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "speaker"
    return f"feedback-{slug[:60]}.html"


def _top_quote(rows: pd.DataFrame, label: str) -> str:
    """The comment the classifier is surest carries `label`, as a quote."""
    ranked = rows[rows["label"] == label].sort_values(f"p_{label}", ascending=False)
    return quote(None if ranked.empty else ranked["text"].iloc[0], label)


def _counts(rows: pd.DataFrame, column: str) -> str:
    found = rows[column].replace("", pd.NA).dropna()
    found = found[~found.isin(["Other", "none"])].value_counts()
    return ", ".join(f"{escape(name)} ({n})" for name, n in found.items()) or '<span class="muted">none</span>'


def pack(speaker: str, sessions: list[str], scored: pd.DataFrame, event: str) -> str:
    """One speaker's page. `scored` needs text, session, label, p_* and held_back; theme and category if known."""
    mine = scored[scored["session"].isin(sessions)]
    held = int(mine["held_back"].sum()) if "held_back" in mine else 0
    shown = mine[~mine["held_back"]] if "held_back" in mine else mine
    blocks = []
    for session in sessions:
        rows = shown[shown["session"] == session]
        share = rows["label"].value_counts(normalize=True)
        rating = rows["rating"].mean() if rows["rating"].notna().any() else None
        listed = "".join(f"<tr><td>{escape(r.text)}</td><td>{escape(r.label)}</td>"
                         f"<td class='num'>{'' if pd.isna(r.rating) else f'{r.rating:.0f}'}</td></tr>"
                         for r in rows.itertuples())
        blocks.append(
            f"<h2>{escape(session)}</h2><div class='cards'>"
            f"<div class='card'><b>{len(rows)}</b>comments</div>"
            f"<div class='card'><b>{share.get('positive', 0):.0%}</b>positive</div>"
            f"<div class='card'><b>{share.get('negative', 0):.0%}</b>negative</div>"
            f"<div class='card'><b>{share.get('positive', 0) - share.get('negative', 0):+.2f}</b>net sentiment</div>"
            f"<div class='card'><b>{'—' if rating is None else f'{rating:.1f}'}</b>mean rating</div></div>"
            + (f"<p><b>Categories:</b> {_counts(rows, 'category')}</p>" if "category" in rows else "")
            + (f"<p><b>Themes:</b> {_counts(rows, 'theme')}</p>" if "theme" in rows else "")
            + f"<p class='muted'>Top praise</p>{_top_quote(rows, 'positive')}"
            f"<p class='muted'>Top complaint</p>{_top_quote(rows, 'negative')}"
            f"<h3>Every comment</h3><table><tr><th>comment</th><th>sentiment</th><th class='num'>rating</th></tr>"
            f"{listed}</table>")
    held_note = (f"{held} comment{'s were' if held != 1 else ' was'} held back by the organisers."
                 if held else "No comments were held back.")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Feedback for {escape(speaker)} · {escape(event)}</title><style>{CSS}</style></head><body>
<h1>Feedback for {escape(speaker)}</h1><p class="muted">{escape(event)} · {len(shown):,} comments on
{len(sessions)} session{'s' if len(sessions) != 1 else ''} · written {datetime.now():%d %B %Y}. {held_note}
Quotes are attendees' exact words; sentiment is read by a classifier and checked by the organisers.</p>
{''.join(blocks)}
</body></html>"""


def speaker_packs(scored: pd.DataFrame, sessions: pd.DataFrame, theme_list: list[dict] | None, event: str
                  ) -> dict[str, str]:
    """Speaker -> their pack's HTML, for every speaker with at least one comment on a session of theirs."""
    frame = scored.reset_index(drop=True)
    if theme_list:
        frame = frame.assign(theme=theme_of(theme_list, len(frame)))
    return {name: pack(name, values, frame, event)
            for name, values in sessions_by_speaker(frame["session"], sessions).items()}


@dataclass
class SessionFeedback:
    """One session's feedback as its speaker reads it through their link: numbers first, then (if they choose)
    themes and quotes. Built from what the organiser did not hold back, and nothing else."""
    session_id: str
    title: str
    comments: int
    positive: float  # shares of the comments
    negative: float
    rating: float | None  # mean answer to RATING_QUESTION
    ratings: int
    themes: list[tuple[str, int]] = field(default_factory=list)  # (theme, comments), largest first
    praise: list[str] = field(default_factory=list)  # exact quotes, the classifier's surest first
    complaints: list[str] = field(default_factory=list)


def _quotes(rows: pd.DataFrame, label: str, n: int) -> list[str]:
    ranked = rows[rows["label"] == label].sort_values(f"p_{label}", ascending=False)
    return [str(t) for t in ranked["text"].head(n)]


def _own_themes(rows: pd.DataFrame) -> list[tuple[str, int]]:
    """The themes of these comments, largest first. A theme's label is made from every session's comments, so a
    label word these comments never use (another speaker's name, say) would tell of other sessions: such a theme
    is left out."""
    if "theme" not in rows:
        return []
    out = []
    for label, group in rows.groupby("theme"):
        said = " ".join(group["text"].astype(str)).casefold()
        if label != "Other" and all(word.strip().casefold() in said for word in str(label).split("·")):
            out.append((str(label), len(group)))
    return sorted(out, key=lambda item: -item[1])


def session_feedback(scored: pd.DataFrame, sessions: pd.DataFrame, theme_list: list[dict] | None = None,
                     quotes: int = 3) -> list[SessionFeedback]:
    """Each of `sessions` (a speaker's own) with its comments' numbers, themes and top quotes. A comment reaches a
    session by its id or its title; a held-back comment (hidden, or a form answer not yet approved) is dropped
    before anything is counted."""
    frame = scored[~scored["held_back"]] if "held_back" in scored else scored
    if theme_list:
        labels = pd.Series("Other", index=scored.index)
        for theme in theme_list:
            labels.loc[labels.index.intersection(theme["members"])] = theme["label"]
        frame = frame.assign(theme=labels.reindex(frame.index))
    out = []
    for row in sessions.itertuples():
        rows = frame[frame["session"].isin([str(row.session_id), str(row.title)])]
        share = rows["label"].value_counts(normalize=True) if len(rows) else pd.Series(dtype=float)
        rated = rows["rating"].dropna()
        out.append(SessionFeedback(
            str(row.session_id), str(row.title), len(rows), float(share.get("positive", 0.0)),
            float(share.get("negative", 0.0)), float(rated.mean()) if len(rated) else None, len(rated),
            _own_themes(rows),
            _quotes(rows, "positive", quotes), _quotes(rows, "negative", quotes)))
    return out


def as_zip(packs: dict[str, str]) -> bytes:
    """Every pack, one file each, named by speaker (two speakers whose names fold to the same file get -2…)."""
    buffer = io.BytesIO()
    used: set[str] = set()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for speaker, page in packs.items():
            name, k = file_name(speaker), 2
            while name in used:
                name, k = file_name(speaker).replace(".html", f"-{k}.html"), k + 1
            used.add(name)
            archive.writestr(name, page)
    return buffer.getvalue()
