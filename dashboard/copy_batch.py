"""Batch mode: a description for every session of an agenda, with progress, stop and resume."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from core.copywriting import FORMATS, KINDS, Brief, draft_many, suggested_max_tokens
from core.fact_check import check
from core.tables import guess_column
from dashboard.copy_form import KIND_LABELS, RunSettings
from dashboard.copy_views import decoder
from dashboard.state import current_event
from dashboard.uploads import map_columns, upload_table
from dashboard.widgets import download_csv

JOB = "copy_batch"
FIELDS = {"title": "Title", "speakers": "Speakers", "format": "Format", "abstract": "Existing abstract / notes"}
CANDIDATES = {"title": ("title", "name", "session"), "speakers": ("speakers", "speaker"),
              "format": ("format", "type", "session type"), "abstract": ("abstract", "description", "notes")}
MAX_ROWS = 500


def _sessions() -> pd.DataFrame | None:
    event = current_event()
    source = st.radio("Sessions", ["The loaded event's agenda", "Upload a file"], horizontal=True,
                      key="copy_batch_source", index=0 if event is not None else 1)
    if source == "The loaded event's agenda":
        if event is None:
            st.info("Load the demo event on **Home**, or upload a file.", icon=":material/info:")
            return None
        return event.agenda[["title", "speakers", "format", "abstract"]]
    frame = upload_table("copy_batch", "Sessions file (CSV, XLSX or JSON)")
    if frame is None:
        return None
    columns = list(frame.columns)
    guessed = {f: guess_column(columns, CANDIDATES[f]) for f in FIELDS}
    mapping = map_columns("copy_batch", columns, FIELDS, guessed, ("title",))
    if not mapping["title"]:
        return None
    return pd.DataFrame({f: frame[c].astype(str) if c else "" for f, c in mapping.items()})


def batch(run: RunSettings, event_name: str, tone: str) -> None:
    sessions = _sessions()
    job = st.session_state.get(JOB)
    if sessions is not None:
        sessions = sessions[sessions["title"].str.strip() != ""].head(MAX_ROWS)
        kind = st.selectbox("Output", list(KINDS), format_func=KIND_LABELS.get, key="copy_batch_kind")
        st.caption(f"{len(sessions)} sessions. Uses the generation settings above"
                   + (f"; at most {MAX_ROWS} rows per batch." if len(sessions) == MAX_ROWS else "."))
        if st.button("Generate for every session", type="primary", icon=":material/playlist_play:"):
            job = st.session_state[JOB] = {"sessions": sessions.reset_index(drop=True), "kind": kind,
                                           "done": {}, "running": True, "event": event_name}
    if not job:
        return
    if job["running"]:
        _work(job, run, event_name, tone)
    _review(job)


def _work(job: dict, run: RunSettings, event_name: str, tone: str) -> None:
    # A click on Stop makes Streamlit interrupt this loop and rerun; the rerun sees the click and stops.
    if st.button("Stop", icon=":material/stop_circle:", key="copy_batch_stop"):
        job["running"] = False
        return
    engine = decoder()
    if engine is None:
        job["running"] = False
        return
    sessions, total = job["sessions"], len(job["sessions"])
    bar = st.progress(len(job["done"]) / total, text=f"{len(job['done'])} of {total} written")
    max_new = min(run.max_new_tokens, suggested_max_tokens(job["kind"]))
    todo = [i for i in range(total) if i not in job["done"]]
    briefs = [Brief(title=row.title, event=event_name, speakers=row.speakers, tone=tone, kind=job["kind"],
                    format=row.format if row.format in FORMATS else "talk", notes=row.abstract)
              for row in sessions.iloc[todo].itertuples()]
    # several sessions at once, one per engine slot; each finished draft is kept as it arrives, so Stop
    # (which interrupts this loop) loses nothing already written
    for k, best in draft_many(briefs, run.seed, n=run.candidates, strict=run.strict, sampling=run.sampling,
                              max_tokens=max_new, engine=engine):
        job["done"][todo[k]] = f"(skipped: {best})" if isinstance(best, Exception) else best.text
        bar.progress(len(job["done"]) / total, text=f"{len(job['done'])} of {total} written")
    job["running"] = False


def _review(job: dict) -> None:
    sessions, done = job["sessions"], job["done"]
    table = pd.DataFrame({"title": sessions["title"],
                          "description": [done.get(i, "") for i in range(len(sessions))]})
    # recomputed from the text as it stands, so an edit that removes an invented fact clears it here too
    briefs = [Brief(title=row.title, speakers=row.speakers, notes=row.abstract, event=job.get("event", ""))
              for row in sessions.itertuples()]
    # every tab draws on every rerun: check a row again only when its text changed (~1.5 ms a check)
    memo = job.setdefault("checks", {})
    checks = []
    for i, (text, b) in enumerate(zip(table["description"], briefs)):
        if memo.get(i, (None,))[0] != text:
            memo[i] = (text, check(text, b).unsupported if text else [])
        checks.append(memo[i][1])
    table["not in brief"] = [", ".join(c.text for c in found) for found in checks]
    table["unsupported facts"] = [len(found) if text else None for found, text in zip(checks, table["description"])]
    left, right = st.columns([3, 1])
    left.caption(f"{len(done)} of {len(sessions)} written. Edit any cell before downloading.")
    if not job["running"] and len(done) < len(sessions) and right.button("Resume", icon=":material/play_arrow:"):
        job["running"] = True
        st.rerun()
    edited = st.data_editor(table, hide_index=True, width="stretch", key="copy_batch_editor",
                            disabled=["title", "not in brief", "unsupported facts"],
                            column_config={"description": st.column_config.TextColumn(width="large")})
    for i, text in enumerate(edited["description"]):
        if text:
            done[i] = text
    download_csv(edited, "session_descriptions.csv", "Download descriptions (CSV)", key="copy_batch_csv")
