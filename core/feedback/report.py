"""The post-event report: one self-contained HTML file an organiser can send to their board as it is.

Charts are rendered to inline SVG by vl-convert (the Vega project's own renderer, no browser, no network),
so the file has no scripts and no external links: it opens offline, prints, and survives email gateways
that strip JavaScript. The labelled comments ride along as a CSV download link inside the same file.

    html = build(event_name, scored, theme_list)   # str; write it to report.html
"""
from __future__ import annotations

import base64
from datetime import datetime

import altair as alt
import pandas as pd

from core.feedback import comments as core_feedback
from core.feedback.charts import categories_chart, sessions_chart, shares_chart, themes_chart
from core.feedback.digests import digests
from core.feedback.markup import escape, quote
from core.readers import to_csv_bytes

CSS = """
body{font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#1E293B;max-width:980px;
margin:2rem auto;padding:0 1rem;line-height:1.45}
h1{font-size:1.9rem;margin-bottom:.2rem}h2{margin-top:2.2rem;border-bottom:2px solid #0F766E;padding-bottom:.2rem}
.muted{color:#64748B;font-size:.9rem}.cards{display:flex;gap:1rem;flex-wrap:wrap;margin:1rem 0}
.card{flex:1;min-width:140px;background:#F0F5F4;border-radius:8px;padding:.8rem 1rem}
.card b{display:block;font-size:1.6rem}table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border-bottom:1px solid #E2E8F0;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#F8FAFC}.num{text-align:right;white-space:nowrap}
blockquote{margin:.3rem 0 .6rem;padding:.3rem .8rem;border-left:4px solid #0F766E;background:#F8FAFC}
blockquote.neg{border-left-color:#DC2626}.digest{break-inside:avoid;margin-bottom:1.2rem}
.chart svg{max-width:100%;height:auto}a.button{display:inline-block;background:#0F766E;color:#fff;
padding:.45rem .9rem;border-radius:6px;text-decoration:none}
@media print{a.button{display:none}}
"""


def _svg(chart: alt.Chart) -> str:
    import vl_convert  # heavy (the Vega renderer): only report downloads pay for it

    return f'<div class="chart">{vl_convert.vegalite_to_svg(chart.to_dict())}</div>'


def _categories(scored: pd.DataFrame, names: list[str]) -> str:
    """The organiser's categories × sentiment, when they have sorted the comments."""
    if not names or "category" not in scored or not (scored["category"] != "").any():
        return ""
    counts = pd.crosstab(scored["category"].replace("", "none"), scored["label"]).reindex(
        index=[n for n in names + ["none"] if n in set(scored["category"].replace("", "none"))],
        columns=["positive", "neutral", "negative"], fill_value=0)
    rows = "".join(f"<tr><td>{escape(name)}</td>" + "".join(f"<td class='num'>{v}</td>" for v in row) + "</tr>"
                   for name, row in zip(counts.index, counts.to_numpy()))
    return (f"<h2>By category</h2>{_svg(categories_chart(scored, names))}<table><tr><th>category</th>"
            f"<th class='num'>positive</th><th class='num'>neutral</th><th class='num'>negative</th></tr>{rows}</table>")


def build(event_name: str, scored: pd.DataFrame, theme_list: list[dict], categories: list[str] | None = None) -> str:
    """The whole report as one HTML document; `categories`: the organiser's category names, in their order."""
    n = len(scored)
    share = scored["label"].value_counts(normalize=True)
    table = core_feedback.rollup(scored)
    all_digests = digests(scored, theme_list)
    held = scored["held_back"].astype(bool) if "held_back" in scored else pd.Series(False, index=scored.index)
    # a comment held back from speakers, or a form answer not approved, is counted everywhere and quoted nowhere
    export = scored.assign(text=scored["text"].where(~held, "(held back)"))
    csv = base64.b64encode(to_csv_bytes(export.drop(columns=[c for c in ("rating_disagrees", "adapted") if c in export])))
    cards = "".join(f'<div class="card"><b>{value}</b>{escape(label)}</div>' for label, value in (
        ("comments", f"{n:,}"), ("positive", f"{share.get('positive', 0):.0%}"),
        ("neutral", f"{share.get('neutral', 0):.0%}"), ("negative", f"{share.get('negative', 0):.0%}"),
        ("net sentiment", f"{share.get('positive', 0) - share.get('negative', 0):+.2f}")))
    theme_rows = "".join(
        f"<tr><td><b>{escape(t['label'])}</b><br><span class='muted'>{escape(', '.join(t['keywords'][:6]))}</span></td>"
        f"<td class='num'>{t['size']} ({t['share']:.0%})</td><td>"
        + "".join(f"<blockquote>“{escape(q)}”</blockquote>" for q in t["quotes"][:2]) + "</td></tr>"
        for t in theme_list)
    session_rows = "".join(
        f"<tr><td>{escape(r.session)}</td><td class='num'>{r.comments}</td><td class='num'>{r.share_positive:.0%}</td>"
        f"<td class='num'>{r.share_neutral:.0%}</td><td class='num'>{r.share_negative:.0%}</td>"
        f"<td class='num'>{r.net_sentiment:+.2f}</td><td class='num'>"
        f"{'' if pd.isna(r.mean_rating) else f'{r.mean_rating:.1f}'}</td></tr>"
        for r in table.sort_values("net_sentiment", ascending=False).itertuples())
    digest_html = "".join(
        f"<div class='digest'><h3>{escape(d['session'])}</h3><p>{d['comments']} comments · net sentiment "
        f"{d['net']:+.2f} · {d['positive']:.0%} positive, {d['negative']:.0%} negative"
        + (f" · themes: {escape(', '.join(d['themes']))}" if d["themes"] else "")
        + (f" · categories: {escape(', '.join(d['categories']))}" if d.get("categories") else "") + "</p>"
        f"<p class='muted'>Top praise</p>{quote(d['praise'], 'positive')}"
        f"<p class='muted'>Top complaint</p>{quote(d['complaint'], 'negative')}</div>"
        for d in all_digests)
    held_note = (f"; {int(held.sum()):,} held back from speakers or hidden by the organisers are counted, never "
                 "quoted") if held.any() else ""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>{escape(event_name)}: attendee feedback report</title><style>{CSS}</style></head><body>
<h1>{escape(event_name)}</h1><p class="muted">Attendee feedback report · {n:,} comments · written
{datetime.now():%d %B %Y}. Sentiment by a fine-tuned MiniLM classifier; themes by sentence embeddings and
class-based TF-IDF. Quotes are exact comments{held_note}.</p>
<div class="cards">{cards}</div>
<p><a class="button" download="labelled_comments.csv" href="data:text/csv;base64,{csv.decode()}">Download
the labelled comments (CSV)</a></p>
<h2>How attendees felt</h2>{_svg(shares_chart(scored))}
<h2>What they talked about</h2>{_svg(themes_chart(scored, theme_list))}
<table><tr><th>theme</th><th class="num">comments</th><th>in their words</th></tr>{theme_rows}</table>
{_categories(scored, list(categories or []))}
<h2>Sessions</h2>{_svg(sessions_chart(table))}
<table><tr><th>session</th><th class="num">comments</th><th class="num">positive</th><th class="num">neutral</th>
<th class="num">negative</th><th class="num">net</th><th class="num">rating</th></tr>{session_rows}</table>
<h2>Digests</h2>{digest_html}
</body></html>"""
