"""The descriptions page's Write tab: every candidate streamed side by side while the engine writes it, then the
ranked, checked and editable results. The loop itself is core's (`core.copy.best_of.BestOf`)."""
from __future__ import annotations

import streamlit as st

from core.copy.best_of import BestOf, Candidate, Writing
from core.copy.brief import Brief
from core.copy.fact_check import check
from core.models.engine import EngineError
from dashboard.copy.form import RunSettings
from dashboard.state import COPY_RESULTS, recall, remember
from dashboard.widgets import md_escape, model_or_stop

TOP_N = 15  # alternatives kept per token for "Why this word?"


def write(brief: Brief, run: RunSettings) -> None:
    """Stream every candidate at once, each in its own engine slot and column; then check and rank them. When
    no candidate is free of facts outside the brief, write one more round before choosing."""
    engine = model_or_stop("decoder", "language model")
    st.button("Stop", icon=":material/stop_circle:", key="copy_stop")  # a click reruns the page, which stops us
    best = BestOf(brief, run.candidates, run.seed, strict=run.strict, sampling=run.sampling,
                  max_tokens=run.max_new_tokens, engine=engine, top_n=TOP_N)
    try:
        while (writing := best.next_round()) is not None:
            if best.rounds > 1:
                st.info(f"Every candidate holds a fact that is not in your brief: writing {best.n} more.",
                        icon=":material/fact_check:")
            _stream(writing, first=len(best.completions))
            with st.spinner("Checking the candidates against your brief…"):
                best.check()
    except EngineError as exc:
        st.error(str(exc), icon=":material/error:")
        return
    finally:  # Stop (which interrupts this run) keeps what was written so far, checked and ranked
        ranked = best.stop()
        if ranked:
            remember(COPY_RESULTS, {"brief": brief, "stopped": best.stopped, "pick": 0,
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
    saved = recall(COPY_RESULTS)
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


