"""The parts of the descriptions page that talk to the decoder: write (streaming variants side by side) and
"Why this word?"."""
from __future__ import annotations

from dataclasses import replace

import altair as alt
import pandas as pd
import streamlit as st

from core.best_of import ROUNDS, Candidate, Writing, rank
from core.copywriting import Brief, copy_request
from core.fact_check import check
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


def write(brief: Brief, run: RunSettings) -> None:
    """Stream every candidate at once, each in its own engine slot and column; then check and rank them. When
    no candidate is free of facts outside the brief, write one more round before choosing."""
    engine = decoder()
    if engine is None:
        return
    st.button("Stop", icon=":material/stop_circle:", key="copy_stop")  # a click reruns the page, which stops us
    completions, seeds, writing, done = [], [], None, False
    try:
        for round_ in range(ROUNDS):
            try:
                writing = Writing(brief, run.candidates, run.seed + round_ * run.candidates, run.sampling,
                                  run.max_new_tokens, engine, top_n=TOP_N)
            except EngineError as exc:
                st.error(str(exc), icon=":material/error:")
                return
            _stream(writing, first=len(completions))
            if writing.errors:
                st.error(writing.errors[0], icon=":material/error:")
                return
            completions += [s.result for s in writing.streams]
            seeds += [r.seed for r in writing.requests]
            writing = None
            with st.spinner("Checking the candidates against your brief…"):
                ranked = rank(brief, completions, strict=run.strict, seeds=seeds)
            if ranked[0].check.clean or len(seeds) == run.candidates * ROUNDS or run.candidates == 1:
                break
            st.info(f"Every candidate holds a fact that is not in your brief: writing {run.candidates} more.",
                    icon=":material/fact_check:")
        done = True
    finally:  # Stop (which interrupts this run) keeps what was written so far, checked and ranked
        if writing is not None:
            completions += [s.result for s in writing.streams]
            seeds += [r.seed for r in writing.requests]
        if completions:
            ranked = rank(brief, completions, strict=run.strict, seeds=seeds)
            remember(RESULTS, {"brief": brief, "stopped": not done, "pick": 0,
                               "results": [_saved(c) for c in ranked]})
    st.rerun()  # redraw as ranked, editable results


def _stream(writing: Writing, first: int) -> None:
    """Draw the candidates as they are written, until all are done or the organiser stops them."""
    n = len(writing.streams)
    boxes = []
    for i, column in enumerate(st.columns(n)):
        column.markdown(f"**Candidate {first + i + 1}**" if n > 1 else "**Draft**")
        boxes.append(column.empty())
    drawn, writing_on = [-1] * n, True
    try:
        while writing_on:
            for k, (box, stream) in enumerate(zip(boxes, writing.streams)):
                if len(stream.result.text) != drawn[k]:  # redraw only what changed: the browser does the work
                    drawn[k] = len(stream.result.text)
                    box.text(stream.result.text + " ▌")
            # four redraws a second read as live text and leave the CPU to the engine; the wait ends as soon
            # as the last draft does, not up to a quarter of a second later
            writing_on = writing.alive(within=0.25)
    finally:  # Stop, or leaving the page, interrupts this loop: free the engine's slots
        writing.stop()


def _saved(c: Candidate) -> dict:
    r = c.completion
    return {"text": c.text, "original": c.text, "seed": c.seed, "reasons": c.reasons, "removed": c.removed,
            "tokens": r.completion_tokens or len(r.steps), "tok_s": r.tokens_per_second,
            "first_s": r.first_token_seconds, "truncated": r.truncated, "steps": r.steps}


def highlighted(text: str, claims) -> str:
    """Markdown of the draft with every unsupported fact on a red background; the rest shown literally."""
    out, at = [], 0
    for claim in claims:
        out.append(md_escape(text[at:claim.start]))
        out.append(f":red-background[{md_escape(text[claim.start:claim.end])}]")
        at = claim.end
    out.append(md_escape(text[at:]))
    return "".join(out).replace("\n", "  \n")


def show_results() -> None:
    saved = recall(RESULTS)
    if not saved:
        return
    results, brief = saved["results"], saved["brief"]
    if saved.get("stopped"):
        st.info("Stopped: here is what was written until then, checked and ranked.", icon=":material/stop_circle:")
    labels = [f"{'Best' if i == 0 else f'#{i + 1}'} · {r['reasons'][0]}" for i, r in enumerate(results)]
    pick = 0
    if len(results) > 1:
        pick = st.radio("Candidates, best first", range(len(results)), format_func=labels.__getitem__,
                        horizontal=True, key="copy_pick", index=min(saved.get("pick", 0), len(results) - 1))
        saved["pick"] = pick
    result = results[pick]
    key = f"copy_edit_{pick}_{result['seed']}"
    # the check follows the organiser's edits: the text box below is drawn later in this run, so read its value
    result["text"] = st.session_state.get(key, result["text"])
    found = check(result["text"], brief)
    with st.container(border=True):
        st.markdown(highlighted(result["text"], found.unsupported))
    left, right = st.columns(2)
    if found.unsupported:
        left.markdown("**Not in your brief:** " + ", ".join(f"*{md_escape(c.text)}*" for c in found.unsupported))
    else:
        left.markdown(":green[**Every name, number and date is in your brief.**]")
    right.markdown("**From your brief:** " + (", ".join(md_escape(f) for f in found.used) or "none of its facts"))
    why = "Why first: " if pick == 0 and len(results) > 1 else "This candidate: "
    st.caption(why + "; ".join(result["reasons"]) + ".")
    if result["removed"]:
        st.caption("Tidied away: " + "; ".join(md_escape(r) for r in result["removed"]) + ".")
    edited = st.text_area("Edit before you publish", result["text"], height=200, key=key)
    result["text"] = edited  # keep the user's edits across reruns and page switches; the check above follows them
    note = " · cut at the token limit, tidied to the last full sentence" if result["truncated"] else ""
    first = f" · first word after {result['first_s']:.2f} s" if result.get("first_s") else ""
    st.caption(f"{result['tokens']} tokens at {result['tok_s']:.0f} tokens/s{first} · seed {result['seed']} · "
               f"{len(edited.split())} words{note}")
    st.download_button("Download", edited.encode("utf-8"), file_name="session_copy.txt", mime="text/plain",
                       key="copy_dl", icon=":material/download:")
    st.caption("A 135M-parameter model writes fluent but sometimes inaccurate copy. The check marks names, numbers, "
               "dates, credentials and links your brief does not contain; it cannot judge claims made only of "
               "words from your brief, so read before you publish.")


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
