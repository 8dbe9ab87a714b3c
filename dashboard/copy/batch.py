"""Batch mode: a description for every session of an agenda, with progress, stop and resume."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from core.agenda.table import REQUIRED, from_event_agenda, guess_mapping, normalise
from core.copy.best_of import draft_many
from core.copy.brief import KINDS, brief_for, suggested_max_tokens
from core.copy.fact_check import check
from dashboard.agenda.input import LABELS
from dashboard.copy.form import KIND_LABELS, RunSettings
from dashboard.state import COPY_BATCH, current_event
from dashboard.uploads import map_columns, upload_table
from dashboard.widgets import download_csv, model_or_stop

FIELDS = ("title", "speakers", "format", "abstract")  # what a brief draws on
MAX_ROWS = 500


def _sessions() -> pd.DataFrame | None:
    """The sessions to write for, in the agenda's standard columns."""
    event = current_event()
    source = st.radio("Sessions", ["The loaded event's agenda", "Upload a file"], horizontal=True,
                      key="copy_batch_source", index=0 if event is not None else 1)
    if source == "The loaded event's agenda":
        if event is None:
            st.info("Load the demo event on **Home**, or upload a file.", icon=":material/info:")
            return None
        return from_event_agenda(event.agenda).sessions
    frame = upload_table("copy_batch", "Sessions file")
    if frame is None:
        return None
    columns = list(frame.columns)
    guessed = {f: c for f, c in guess_mapping(columns).items() if f in FIELDS}
    mapping = map_columns("copy_batch", columns, {f: LABELS[f] for f in FIELDS}, guessed, REQUIRED)
    if not all(mapping.get(f) for f in REQUIRED):
        return None
    return normalise(frame, mapping).sessions


def batch(run: RunSettings, event_name: str, tone: str) -> None:
    sessions = _sessions()
    job = st.session_state.get(COPY_BATCH)
    if sessions is not None:
        sessions = sessions.head(MAX_ROWS)
        kind = st.selectbox("Output", list(KINDS), format_func=KIND_LABELS.get, key="copy_batch_kind")
        st.caption(f"{len(sessions)} sessions. Uses the generation settings above"
                   + (f"; at most {MAX_ROWS} rows per batch." if len(sessions) == MAX_ROWS else "."))
        if st.button("Generate for every session", type="primary", icon=":material/playlist_play:"):
            job = st.session_state[COPY_BATCH] = {"sessions": sessions.reset_index(drop=True), "kind": kind,
                                                  "done": {}, "running": True, "event": event_name, "tone": tone}
    if not job:
        return
    if job["running"]:
        _work(job, run)
    _review(job)


def _work(job: dict, run: RunSettings) -> None:
    # A click on Stop makes Streamlit interrupt this loop and rerun; the rerun sees the click and stops.
    if st.button("Stop", icon=":material/stop_circle:", key="copy_batch_stop"):
        job["running"] = False
        return
    job["running"] = False  # until the engine is there: a page stopped for want of it must not loop
    engine = model_or_stop("decoder", "language model")
    job["running"] = True
    sessions, total = job["sessions"], len(job["sessions"])
    bar = st.progress(len(job["done"]) / total, text=f"{len(job['done'])} of {total} written")
    max_new = min(run.max_new_tokens, suggested_max_tokens(job["kind"]))
    todo = [i for i in range(total) if i not in job["done"]]
    briefs = [brief_for(row, event=job["event"], tone=job["tone"], kind=job["kind"])
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
    briefs = [brief_for(row, event=job["event"]) for row in sessions.itertuples()]
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
