"""Batch mode: a description for every session of the programme, each kept in the workspace the moment it is
written, with progress, stop and resume. A batch cut short (Stop, a closed tab, a restarted server) carries on
from the first session without a draft the next time the page is open, with the settings it was started with."""
from __future__ import annotations

from dataclasses import asdict

import pandas as pd
import streamlit as st

from core.descriptions import KINDS, Brief, brief_for, check_draft, check_facts, draft_many, suggested_max_tokens
from core.models import ModelUnavailableError, Sampling
from dashboard import workspace
from dashboard.agenda import upload_programme
from dashboard.descriptions.form import KIND_LABELS, RunSettings
from dashboard.descriptions.write import kept, model_name, settings_of
from dashboard.state import COPY_BATCH_EDITOR, data_key
from dashboard.widgets import counted, download_csv, md_escape, model_or_stop, show_error

MAX_ROWS = 500
SAMPLING_FIELDS = ("temperature", "top_k", "top_p", "greedy")


def batch(run: RunSettings, event_name: str, tone: str) -> None:
    agenda = workspace.agenda()
    with st.expander("Replace the programme with a file", icon=":material/upload_file:", expanded=agenda is None):
        st.caption("The file becomes this workspace's programme, for every page.")
        if upload_programme("copy_batch", "Sessions file"):
            st.rerun()
    if agenda is None:
        st.info("Upload this event's programme above, or load the demo event on **Home**.", icon=":material/info:")
        return
    sessions = agenda.sessions.head(MAX_ROWS)
    kind = st.selectbox("Output", list(KINDS), format_func=KIND_LABELS.get, key="copy_batch_kind")
    st.caption(f"{counted(len(sessions), 'session')}. Uses the generation settings above"
               + (f"; at most {MAX_ROWS} rows per batch." if len(agenda.sessions) > MAX_ROWS else ".")
               + (" Each session keeps one draft, so its candidates are written one at a time, and no more once"
                  " one passes every check (a draft whose only fault is its last sentences can pass without them)."
                  if run.candidates > 1 and not run.sampling.greedy else ""))
    if st.button("Generate for every session", type="primary", icon=":material/playlist_play:"):
        settings = settings_of(run) | {"batch": True, "seed": run.seed, "tone": tone, "event": event_name}
        try:
            workspace.start_job(kind, settings, sessions["session_id"].tolist())
        except workspace.CapExceeded as exc:
            show_error(exc)
    job = workspace.job()
    if job is None:
        return
    if job.status == "running":
        opened = workspace.current()
        mine = job.writer == opened.writer or (not job.alive() and workspace.take_over(job))
        if mine:
            _work(job, agenda.sessions)
        else:
            _watch()
    _review(workspace.job() or job, agenda.sessions)


def _run_settings(job: workspace.Job) -> RunSettings:
    """The settings the job was started with: a batch resumed after a restart writes as it began."""
    s = job.settings
    return RunSettings(Sampling(**{k: s[k] for k in SAMPLING_FIELDS}), int(s["max_new_tokens"]), int(s["seed"]),
                       int(s["candidates"]), bool(s["strict"]))


def _work(job: workspace.Job, sessions: pd.DataFrame) -> None:
    # A click on Stop makes Streamlit interrupt this loop and rerun; the rerun sees the click and stops.
    if st.button("Stop", icon=":material/stop_circle:", key="copy_batch_stop"):
        workspace.finish_job(job.id, "stopped", "stopped the batch")
        return
    engine = model_or_stop("decoder", "language model")
    run, total = _run_settings(job), len(job.session_keys)
    rows = sessions.set_index("session_id", drop=False)
    todo = [k for k in job.session_keys if k not in job.done and k in rows.index]
    briefs = [brief_for(rows.loc[k], event=job.settings["event"], tone=job.settings["tone"], kind=job.kind)
              for k in todo]
    done, failed = total - len(todo), []
    bar = st.progress(done / total, text=f"{done} of {total} written")
    # several sessions at once, one per engine slot; each finished draft is written to the workspace as it
    # arrives, so Stop, a closed tab or a killed server loses nothing already written
    for k, best in draft_many(briefs, run.seed, n=run.candidates, strict=run.strict, sampling=run.sampling,
                              max_tokens=min(run.max_new_tokens, suggested_max_tokens(job.kind)), engine=engine):
        if isinstance(best, Exception):
            failed.append(f"{briefs[k].title[:60]}: {best}")
            continue
        try:
            workspace.save_draft(todo[k], job.kind, asdict(briefs[k]), [kept(best)],
                                 [c.text for c in best.check.unsupported], job.settings, best.seed,
                                 engine.describe(), model_name(), job_id=job.id)
        except workspace.CapExceeded as exc:
            show_error(exc)
            break
        done += 1
        bar.progress(done / total, text=f"{done} of {total} written")
        if not workspace.keep_writing(job.id):
            st.info("Another tab took over this batch; it carries on there.", icon=":material/sync:")
            return
    for reason in failed:
        st.warning(f"Skipped {md_escape(reason)}", icon=":material/warning:")
    workspace.finish_job(job.id, "done" if done == total else "stopped",
                         f"wrote the {job.kind} of {done:,} of {total:,} sessions")


@st.fragment(run_every=2)
def _watch() -> None:
    """Progress of a batch another tab or team member is writing, redrawn every two seconds."""
    workspace.refresh()
    job = workspace.job()
    if job is None or not job.alive():
        st.rerun()  # it ended, or its writer went away: the whole page takes it from here
    total = len(job.session_keys)
    st.progress(len(job.done) / total, text=f"{len(job.done)} of {total} written, by {md_escape(job.started_by)} "
                                            "in another tab")


def _review(job: workspace.Job, sessions: pd.DataFrame) -> None:
    known, titles = workspace.drafts(), dict(zip(sessions["session_id"], sessions["title"]))
    keys = [k for k in job.session_keys if k in titles]
    found = [known.get((k, job.kind)) for k in keys]
    table = pd.DataFrame({"session_id": keys, "title": [titles[k] for k in keys],
                          "description": [d.shown if d else "" for d in found],
                          "approved": [bool(d and d.status == "approved") for d in found],
                          "not in brief": [", ".join(d.unsupported) if d else "" for d in found],
                          "unsupported facts": [len(d.unsupported) if d else None for d in found],
                          "sentences not from brief": _loose_sentences(found)})
    written = sum(d is not None for d in found)
    left, right = st.columns([3, 1])
    left.caption(f"{written} of {len(keys)} written. Edit any cell before downloading; every edit is kept.")
    if job.status == "stopped" and written < len(keys) and right.button("Resume", icon=":material/play_arrow:"):
        workspace.resume_job(job.id)
        st.rerun()
    revision = workspace.current().revisions.get("copy", 0)  # a change made elsewhere redraws the table with it
    edited = st.data_editor(table, hide_index=True, width="stretch", key=data_key(COPY_BATCH_EDITOR, job.id, revision),
                            disabled=["session_id", "title", "not in brief", "unsupported facts",
                                      "sentences not from brief"],
                            column_config={"description": st.column_config.TextColumn(width="large"),
                                           "approved": st.column_config.CheckboxColumn("approved", width="small")})
    changed = False
    for draft, (_, before), (_, after) in zip(found, table.iterrows(), edited.iterrows()):
        if draft is None:
            continue
        if after["description"] != before["description"] and after["description"]:
            brief = Brief(**draft.brief)
            unsupported = [c.text for c in check_facts(after["description"], brief).unsupported]
            said = workspace.edit_draft(draft, after["description"], unsupported,
                                        what=f"edited the {draft.kind} of “{draft.brief.get('title', '')[:80]}”")
            if said is not None:
                workspace.tell(said)
            changed = True
        if bool(after["approved"]) != bool(before["approved"]):
            workspace.set_status(draft, "approved" if after["approved"] else "draft")
            changed = True
    if changed:
        st.rerun()
    download_csv(edited.rename(columns={"description": job.kind}), f"session_{job.kind}s.csv",
                 "Download descriptions (CSV)", key="copy_batch_csv")


def _loose_sentences(found: list) -> list[int | None]:
    """For each draft shown, how many of its sentences the claim check cannot find in its brief (None where there
    is no draft, or no embedder to check with). A draft as written keeps its count from the ranking; only an
    edited one is checked again (the decoder reads it: ~0.3 s, and once, as the scores are kept)."""
    counts = []
    for d in found:
        as_ranked = d.candidates[d.pick] if d and d.edited is None and d.pick < len(d.candidates) else {}
        if "loose" in as_ranked:
            counts.append(len(as_ranked["loose"]))
            continue
        try:
            counts.append(sum(not c.supported for c in check_draft(d.shown, Brief(**d.brief))) if d else None)
        except ModelUnavailableError:
            counts.append(None)
    return counts
