"""The feedback page's insight tabs: themes, session digests and the post-event report."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from core.models import embed
from core.feedback import build_report, extend_themes, find_themes, needs_regrouping, session_digests, theme_of
from core.fingerprint import content_key
from dashboard import workspace
from dashboard.charts import sentiment_by_theme
from dashboard.state import FB_DIGEST_PICK, FB_THEME_PICK, data_key
from dashboard.widgets import counted, md_escape, show_error, with_progress


def theme_list(scored: pd.DataFrame) -> list[dict] | None:
    """Themes of these comments: kept in the workspace, so they are worked out once per set of comments and read
    the same on every machine; a progress bar while the comments are embedded. Answers that arrive during the
    event join the kept themes (the nearest one, or Other), until there are enough of them to regroup."""
    found = workspace.stored_themes()
    if found is not None and sum(len(t["members"]) for t in found) == len(scored):
        return found
    texts = scored["text"].tolist()
    vectors = with_progress(lambda progress: embed(texts, progress=progress), st.empty(),
                            "Reading what the comments are about…", "Embedded {done} of {total} comments")
    if vectors is None:
        return None
    quotable = (~scored["held_back"].astype(bool)).tolist()
    if needs_regrouping(found, len(texts)):
        with st.spinner("Grouping comments into themes…"):
            found = find_themes(texts, vectors, quotable=quotable)
    else:
        found = extend_themes(found, texts, vectors)
    workspace.save_themes(found)
    return found


def themes_tab(scored: pd.DataFrame) -> None:
    found = theme_list(scored)
    if not found:
        return
    named = [t for t in found if not t["other"]]
    st.caption(f"{counted(len(named), 'theme')} in {counted(len(scored), 'comment')}, named by the words most "
               "distinctive of each (class-based TF-IDF over sentence-embedding clusters). Comments that fit no "
               "theme are under Other.")
    order = [t["label"] for t in found]
    st.altair_chart(sentiment_by_theme(scored, found), width="stretch")
    labels = [f"{t['label']} ({t['size']})" for t in found]
    pick = st.selectbox("Read a theme's comments", range(len(found)), format_func=labels.__getitem__,
                        key=data_key(FB_THEME_PICK, labels))
    theme = found[pick]
    if theme["keywords"]:
        st.markdown("**Its words:** " + ", ".join(md_escape(k) for k in theme["keywords"]))
    for quote in theme["quotes"]:
        st.markdown(f"> {md_escape(quote)}")
    members = scored.iloc[theme["members"]]
    st.dataframe(members[["text", "label", "session"]], hide_index=True, width="stretch",
                 column_config={"text": st.column_config.TextColumn(width="large")})
    st.markdown("**Themes per session**")
    per_session = pd.DataFrame({"session": scored["session"].replace("", "(no session)").to_numpy(),
                                "theme": theme_of(found, len(scored))})
    st.dataframe(pd.crosstab(per_session["session"], per_session["theme"])[order], width="stretch")


def digests_tab(scored: pd.DataFrame) -> None:
    found = theme_list(scored)
    if found is None:
        return
    all_digests = session_digests(scored, found)
    names = [d["session"] for d in all_digests]
    pick = st.selectbox("Digest of", range(len(names)), format_func=names.__getitem__,
                        key=data_key(FB_DIGEST_PICK, names))
    d = all_digests[pick]
    a, b, c, e = st.columns(4)
    a.metric("Comments", d["comments"])
    b.metric("Net sentiment", f"{d['net']:+.2f}", help="share positive − share negative")
    c.metric("Positive / negative", f"{d['positive']:.0%} / {d['negative']:.0%}")
    e.metric("Mean rating", "—" if d["mean_rating"] is None else f"{d['mean_rating']:.1f} ★")
    left, right = st.columns(2)
    left.markdown("**Top praise**")
    left.markdown(f"> {md_escape(d['praise'])}" if d["praise"] else "_No positive comment._")
    right.markdown("**Top complaint**")
    right.markdown(f"> {md_escape(d['complaint'])}" if d["complaint"] else "_No negative comment._")
    if d["themes"]:
        st.markdown("**Themes:** " + ", ".join(md_escape(t) for t in d["themes"]))
    if d["categories"]:
        st.markdown("**Categories:** " + ", ".join(md_escape(c) for c in d["categories"]))
    st.caption("Quotes are exact comments: the one the classifier is surest is positive, and surest is negative.")


def report_tab(scored: pd.DataFrame) -> None:
    st.markdown("One HTML file with the headline numbers, the charts, the themes, every session and its digest, "
                "and the labelled comments as a CSV inside it. No scripts and no links out: it opens offline, "
                "prints, and can go to a board or a sponsor as it is. Every report built is kept here.")
    found = theme_list(scored)
    if found is None:
        return
    name = st.text_input("Report title", workspace.current().name, key="fb_report_title", max_chars=120)
    names = list(workspace.feedback_settings().categories)
    key = content_key(name, scored["text"].tolist(), scored["label"].tolist(), scored["category"].tolist(), names)
    built = workspace.reports()
    if not any(r.content_key == key for r in built) and st.button("Build the report", icon=":material/summarize:",
                                                                   key="fb_report_build"):
        with st.spinner("Drawing the charts…"):
            html = build_report(name, scored, found, names)
        try:
            workspace.save_report(name, html, key)
        except workspace.CapExceeded as exc:
            show_error(exc)
        st.rerun()
    for r in built:
        with st.container(border=True):
            a, b, c = st.columns([3, 1, 1], vertical_alignment="center")
            a.markdown(f"**{md_escape(r.title)}** · built by {md_escape(r.created_by)} at "
                       f"{workspace.local_time(r.created_at)} · {r.bytes / 1024:,.0f} KB"
                       + (" · :green[the current comments]" if r.content_key == key else ""))
            b.download_button("Download the report (HTML)", workspace.report_download(r.id),
                              file_name="feedback_report.html",
                              mime="text/html", icon=":material/download:", key=f"fb_report_html_{r.id}",
                              type="primary" if r.content_key == key else "secondary")
            if c.button("Delete", key=f"fb_report_delete_{r.id}", icon=":material/delete:"):
                workspace.delete_report(r.id)
                st.rerun()
