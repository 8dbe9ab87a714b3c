"""The parts of the descriptions page that talk to the decoder: write (streaming variants side by side) and
"Why this word?"."""
from __future__ import annotations

import threading
import time
from dataclasses import replace

import altair as alt
import pandas as pd
import streamlit as st

from core.copywriting import Brief, copy_request, finish
from core.models.cache import MODELS, ModelUnavailableError
from core.models.engine import Engine, EngineError
from dashboard.copy_form import RunSettings
from dashboard.state import recall, remember
from dashboard.widgets import md_escape

RESULTS = "copy_results"
TOP_N = 15


def decoder() -> Engine | None:
    """The decoder's engine, or an error box and None when it cannot be had."""
    try:
        if not MODELS.is_loaded("decoder"):
            with st.spinner("Starting the language model (once per server)…"):
                return MODELS.get("decoder")
        return MODELS.get("decoder")
    except ModelUnavailableError as exc:
        st.error(str(exc), icon=":material/error:")
        return None


def _label(i: int, n: int) -> str:
    return f"Variant {i + 1}" if n > 1 else "Draft"


def write(brief: Brief, run: RunSettings) -> None:
    """Stream every variant at once, each in its own engine slot and its own column."""
    engine = decoder()
    if engine is None:
        return
    requests = [copy_request(brief, run.sampling, run.max_new_tokens, run.seed + i, top_n=TOP_N)
                for i in range(run.variants)]
    try:
        streams = [engine.stream(r) for r in requests]
    except EngineError as exc:
        st.error(str(exc), icon=":material/error:")
        return
    st.button("Stop", icon=":material/stop_circle:", key="copy_stop")  # a click reruns the page, which stops us
    boxes = []
    for i, column in enumerate(st.columns(run.variants)):
        column.markdown(f"**{_label(i, run.variants)}**")
        boxes.append(column.empty())
    errors: list[str] = []

    def drain(stream) -> None:
        try:
            for _ in stream:
                pass
        except EngineError as exc:
            errors.append(str(exc))

    workers = [threading.Thread(target=drain, args=(s,), daemon=True) for s in streams]
    for worker in workers:
        worker.start()
    finished, drawn = False, [[-1] for _ in streams]
    try:
        while any(w.is_alive() for w in workers):
            for box, stream, shown in zip(boxes, streams, drawn):
                if len(stream.result.text) != shown[0]:  # redraw only what changed: the browser does the work
                    shown[0] = len(stream.result.text)
                    box.text(stream.result.text + " ▌")
            time.sleep(0.25)  # four redraws a second read as live text and leave the CPU to the engine
        finished = True
    finally:  # Stop, or leaving the page, interrupts this loop: free the engine's slots, keep what was written
        for stream in streams:
            stream.close()
        if not errors:
            remember(RESULTS, {"brief": brief, "stopped": not finished, "results": [
                {"text": finish(s.result), "tokens": s.result.completion_tokens or len(s.result.steps),
                 "tok_s": s.result.tokens_per_second, "first_s": s.result.first_token_seconds, "seed": r.seed,
                 "truncated": s.result.truncated, "steps": s.result.steps} for s, r in zip(streams, requests)]})
    if errors:
        st.error(errors[0], icon=":material/error:")
        return
    st.rerun()  # redraw as editable results


def show_results() -> None:
    saved = recall(RESULTS)
    if not saved:
        return
    results = saved["results"]
    if saved.get("stopped"):
        st.info("Stopped: here is what was written until then.", icon=":material/stop_circle:")
    for i, (column, result) in enumerate(zip(st.columns(len(results)), results)):
        with column:
            edited = st.text_area(_label(i, len(results)), result["text"], height=260,
                                  key=f"copy_edit_{i}_{result['seed']}")
            result["text"] = edited  # keep the user's edits across reruns and page switches
            note = " · cut at the token limit, tidied to the last full sentence" if result["truncated"] else ""
            first = f" · first word after {result['first_s']:.2f} s" if result.get("first_s") else ""
            st.caption(f"{result['tokens']} tokens at {result['tok_s']:.0f} tokens/s{first} · seed {result['seed']} · "
                       f"{len(edited.split())} words{note}")
            st.download_button("Download", edited.encode("utf-8"), file_name=f"session_copy_{i + 1}.txt",
                               mime="text/plain", key=f"copy_dl_{i}", icon=":material/download:")
    st.caption("A 135M-parameter model writes fluent but sometimes inaccurate copy: check names and facts.")


def distribution_chart(rows: list[dict]) -> alt.Chart:
    frame = pd.DataFrame(rows)
    value_vars = ["p_raw"] + (["p_final"] if frame["p_final"].notna().all() else [])
    long = frame.melt(id_vars=["token", "rank", "status"], value_vars=value_vars,
                      var_name="distribution", value_name="probability")
    long["distribution"] = long["distribution"].map({"p_raw": "model (T = 1)", "p_final": "after your settings"})
    colour = alt.Color("status:N", title="", scale=alt.Scale(
        domain=["kept", "cut by top-k", "cut by top-p", "cut by greedy", "not reported"],
        range=["#0F766E", "#F59E0B", "#DC2626", "#6B7280", "#0F766E"]))
    bars = alt.Chart(long).mark_bar().encode(
        y=alt.Y("token:N", sort=alt.SortField("rank"), title=None),
        x=alt.X("probability:Q", axis=alt.Axis(format="%")),
        yOffset="distribution:N",
        color=colour,
        opacity=alt.Opacity("distribution:N", scale=alt.Scale(range=[0.35, 1.0]), title=""),
        tooltip=["token", "distribution", alt.Tooltip("probability:Q", format=".2%"), "status"])
    return bars.properties(height=max(260, 34 * len(frame)))


def _shown(token: str) -> str:
    return token.replace(" ", "␣").replace("\n", "⏎") or "∅"


def why_this_word(brief: Brief, run: RunSettings) -> None:
    saved = recall(RESULTS)
    st.markdown(
        "A decoder scores every token in its vocabulary (49,152 for SmolLM2), and a softmax turns the scores "
        "into probabilities. **Temperature** divides the scores first (low = safer, high = more surprising), "
        "**top-k** keeps only the k likeliest tokens, **top-p** keeps the smallest set whose probabilities add "
        "up to p; the next token is drawn from what is left. Faint bars: the model's own probabilities; solid "
        "bars: after your settings. Both come from the engine that writes the drafts.")
    if not brief.title.strip():
        st.info("Fill in a session title to see the model's first-word probabilities.", icon=":material/info:")
        return
    if not st.toggle("Show the model's next-token probabilities", key="copy_why_on"):
        return
    engine = decoder()
    if engine is None:
        return
    request = copy_request(brief, run.sampling, run.max_new_tokens, run.seed)
    chosen = None
    if saved and saved["brief"] == brief and saved["results"][0]["steps"]:
        steps = saved["results"][0]["steps"]
        step = st.slider("Step through the draft (0 = the first generated word)", 0, len(steps) - 1, 0,
                         key="copy_why_step")
        so_far = request.prefix + "".join(s.token for s in steps[:step])
        request = replace(request, prefix=so_far)
        chosen = steps[step].token
        st.caption("Text so far: …" + md_escape(so_far[-200:]))
    try:
        rows = engine.next_token(request, top_n=TOP_N)
    except EngineError as exc:
        st.error(str(exc), icon=":material/error:")
        return
    st.altair_chart(distribution_chart(rows), width="stretch")
    if rows and rows[0]["p_final"] is None:
        st.caption("This engine reports the model's own probabilities only, not the distribution after "
                   "temperature, top-k and top-p, so only those are shown.")
        return
    kept = sum(r["status"] == "kept" for r in rows)
    mass = sum(r["p_final"] for r in rows if r["status"] == "kept")
    st.caption(f"Of these {len(rows)} most likely tokens, {kept} survive your settings and share {mass:.0%} of the "
               "probability the next token is drawn from."
               + (f" The draft actually chose **{md_escape(_shown(chosen))}**." if chosen is not None else "")
               + (" Greedy decoding always takes the top token." if run.sampling.greedy else ""))
