"""The Fix clashes tab: pins, limits, a solver run with progress, the moves, before/after grids, CSV, and
"Use this timetable", which hands the repaired agenda to every other tab (the original stays one click away).
Pins, every timetable found and the one in use are kept in the workspace."""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import streamlit as st

from core.agenda import Agenda, Repair, apply_repair, is_fixed, repair
from dashboard import workspace
from dashboard.agenda.people import announce, people_controls, terms_before_after
from dashboard.charts import timetable_grid
from dashboard.state import AGENDA_PIN_EDITOR, data_key
from dashboard.widgets import counted, download_csv, md_escape, show_error

TIME_LIMIT_S = 30
PATIENCE_S = 5  # stop once nothing better has come for this long; the answer usually comes in a second or two
_POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="schedule")  # the solver runs while the page polls


def _when(start, end) -> str:
    return f"{start:%a %d %b %H:%M}–{end:%H:%M}" if pd.notna(start) and pd.notna(end) else "no time"


def fix_tab(agenda: Agenda, vectors: np.ndarray) -> None:
    s = agenda.sessions
    if s["start"].isna().all() or (s["room"] == "").all():
        st.info("Repairing a timetable needs start times, end times and rooms. Map those columns when uploading.",
                icon=":material/schedule:")
        return
    st.markdown("Move sessions so that similar talks stop running against each other. A session only takes the "
                "place of another session of the same length and format, no speaker ends up in two rooms at once, "
                "and keynotes, breaks and every session you pin stay where they are.")
    left, right = st.columns(2)
    threshold = left.slider("Topic similarity threshold", 0.30, 0.95, 0.55, 0.01, key="agenda_fix_threshold",
                            help="Pairs at or above this similarity count as a clash, as on the Topic clashes tab.")
    max_moves = right.slider("At most this many sessions move", 2, max(2, min(100, len(s))), min(20, max(2, len(s))),
                             key="agenda_fix_moves")
    pins = _pins(s)
    audience, weights = people_controls(agenda)
    if st.button("Find a better timetable", type="primary", icon=":material/auto_fix_high:", key="agenda_fix_run"):
        pinned = s.session_id[pins].tolist()
        result = _solve(agenda, vectors, threshold, tuple(pinned), max_moves, audience, weights)
        try:
            workspace.save_timetable(result, pinned, threshold, max_moves)
        except workspace.CapExceeded as exc:
            show_error(exc)
    found = workspace.latest_timetable()
    if found is not None:
        _show(found)


def _pins(s: pd.DataFrame) -> np.ndarray:
    """A checkbox per session, pre-ticked for keynotes and breaks; every change of a tick is kept."""
    defaults = [bool(k) or is_fixed(t, f) for t, f, k in zip(s["title"], s["format"], s["kind"])]
    stored = workspace.pin_ticks() or {}
    ticks = [stored.get(sid, default) for sid, default in zip(s["session_id"], defaults)]
    table = pd.DataFrame({"pin": ticks, "title": s["title"], "format": s["format"],
                          "when": [_when(a, b) for a, b in zip(s["start"], s["end"])], "room": s["room"]})
    with st.expander(f"Pinned sessions ({sum(ticks)} of {len(s)}): tick a session to keep it in place"):
        edited = st.data_editor(table, hide_index=True, width="stretch",
                                key=data_key(AGENDA_PIN_EDITOR, s["session_id"]),
                                disabled=["title", "format", "when", "room"],
                                column_config={"pin": st.column_config.CheckboxColumn("Pin", width="small")})
    chosen = edited["pin"].fillna(False).astype(bool).tolist()
    if chosen != ticks:
        workspace.set_pins(dict(zip(s["session_id"], chosen)))
    return np.array(chosen, dtype=bool)


def _solve(agenda: Agenda, vectors: np.ndarray, threshold: float, pinned: tuple, max_moves: int, audience=None,
           weights=None) -> Repair:
    future = _POOL.submit(repair, agenda, vectors, time_limit_s=TIME_LIMIT_S, threshold=threshold,
                          pinned=pinned, max_moves=max_moves, patience_s=PATIENCE_S, audience=audience,
                          weights=weights)
    bar = st.progress(0.0, text="Looking for a better timetable…")
    begun = time.perf_counter()
    while not future.done():
        waited = time.perf_counter() - begun
        bar.progress(min(waited / TIME_LIMIT_S, 1.0), text=f"Looking for a better timetable… {waited:.0f} s "
                                                           f"(at most {TIME_LIMIT_S} s)")
        time.sleep(0.25)
    bar.empty()
    return future.result()


def _show(found) -> None:
    """The last timetable found for this programme (kept in the workspace), and a way to use it."""
    result, original = found.repair, workspace.programme().agenda
    st.caption(f"Found by {md_escape(found.created_by)} at {workspace.local_time(found.created_at)}"
               + (f", with {counted(len(found.pins), 'session')} pinned." if found.pins else "."))
    a, b, c = st.columns(3)
    a.metric("Clash score", f"{result.after.score:.2f}", f"{result.after.score - result.before.score:+.2f}",
             delta_color="inverse", help="The sum of similarity over similar pairs that overlap in time.")
    b.metric("Clashing pairs", result.after.clashes, result.after.clashes - result.before.clashes,
             delta_color="inverse")
    c.metric("Sessions moved", len(result.moves))
    terms_before_after(result)
    proof = "the best possible" if result.status == "optimal" else (
        "the best found" + (f" (at most {result.gap:.0%} from the proven bound)" if result.gap else ""))
    st.caption(f"Before: {result.before}. After: {result.after}. This timetable is {proof}; found in "
               f"{result.best_found_s:.1f} s, search ended after {result.seconds:.1f} s.")
    for note in result.notes:
        st.info(md_escape(note), icon=":material/info:")
    if not result.moves:
        st.success("No move makes the timetable better within these rules.", icon=":material/check_circle:")
        return
    moves = pd.DataFrame([{"session": m["title"], "from": _when(m["from"], m["from_end"]),
                           "from room": m["from_room"], "to": _when(m["to"], m["to_end"]), "to room": m["to_room"]}
                          for m in result.moves])
    st.markdown("**The moves**")
    st.dataframe(moves, hide_index=True, width="stretch")
    announce(result.moves, workspace.current().name)
    which = st.radio("Timetable", ["After", "Before"], horizontal=True, key="agenda_fix_view")
    grid = (result.schedule if which == "After" else original.sessions.assign(moved=result.schedule["moved"]))
    grid = grid.dropna(subset=["start", "end"]).query("room != ''")
    grid = grid.assign(day=grid["start"].dt.strftime("%a %d %b"))[["title", "room", "start", "end", "day", "moved"]]
    seats = original.capacity  # shown beside each room's name, where the programme says
    grid["room"] = [f"{r} ({seats[r]:,} seats)" if seats.get(r) else r for r in grid["room"]]
    st.altair_chart(timetable_grid(grid), width="stretch")
    repaired = apply_repair(original, result)
    left, right = st.columns(2)
    with left:
        export = repaired.source if repaired.source is not None else repaired.sessions
        download_csv(export, "repaired_timetable.csv", "Download the new timetable (CSV, your columns)",
                     key="agenda_fix_csv")
    if workspace.current().timetable_id == found.id:
        right.success("This is the timetable in use.", icon=":material/check_circle:")
    elif right.button("Use this timetable", icon=":material/check:", key="agenda_fix_use",
                      help="Every tab of every page then works on the repaired timetable, for everyone in this "
                           "workspace. The original stays one click away."):
        workspace.use_timetable(found.id)
        st.rerun()
