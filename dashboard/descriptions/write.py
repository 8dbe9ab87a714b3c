"""The descriptions page's Write tab: every candidate streamed side by side while the engine writes it. The loop
itself is core's (`core.descriptions.BestOf`); the ranked result is kept in the workspace as the draft of its
session and output kind (see `results` for how it is shown, edited and approved)."""
from __future__ import annotations

from dataclasses import asdict

import streamlit as st

from core.descriptions import BestOf, Brief, Candidate, Writing, read_ahead, wait_for_read_ahead
from core.models import MODELS, EngineError
from dashboard import workspace
from dashboard.descriptions.form import RunSettings
from dashboard.state import COPY_RESULTS, remember
from dashboard.widgets import model_or_stop, show_error


def write(brief: Brief, run: RunSettings) -> None:
    """Stream every candidate at once, each in its own engine slot and column; then check and rank them. When
    no candidate is free of facts outside the brief, write one more round before choosing."""
    engine = model_or_stop("decoder", "language model")
    st.button("Stop", icon=":material/stop_circle:", key="copy_stop")  # a click reruns the page, which stops us
    wait_for_read_ahead(engine)
    best = BestOf(brief, run.candidates, run.seed, strict=run.strict, sampling=run.sampling,
                  max_tokens=run.max_new_tokens, engine=engine)
    try:
        while (writing := best.next_round()) is not None:
            if best.repairs:
                st.info("Every candidate holds a fact that is not in your brief: "
                        + (f"writing {best.n} more from the last sentence your brief supports."
                           if best.repaired_from else f"writing {best.n} more."), icon=":material/fact_check:")
            _stream(writing, first=len(best.completions))
            with st.spinner("Checking the candidates against your brief…"):
                best.check()
    except EngineError as exc:
        show_error(exc)
        return
    finally:  # Stop (which interrupts this run) keeps what was written so far, checked and ranked
        ranked = best.stop()
        if ranked and ranked[0].text:
            _keep(brief, run, ranked, engine.describe(), stopped=best.stopped)
    if not ranked or not ranked[0].text:  # e.g. stopped before the first word, or only the task restated
        advice = ("Greedy decoding writes the same text for every seed: turn *Greedy* off, or allow more tokens."
                  if run.sampling.greedy else "Try again with another seed.")
        st.warning(f"The model wrote nothing usable this time. {advice}", icon=":material/edit_off:")
        return
    st.rerun()  # redraw as ranked, editable results


def read_prompt_ahead(brief: Brief, run: RunSettings) -> None:
    """While the organiser looks over the form, the engine reads the prompt Generate will send (only once the
    decoder is loaded: this never starts a load)."""
    engine = MODELS.loaded("decoder")
    if brief.title.strip() and engine is not None:
        read_ahead(brief, run.sampling, run.max_new_tokens, run.seed, engine)


def session_key(brief: Brief) -> str:
    """The programme session a brief is for (by its title), or the free form's own key."""
    agenda = workspace.agenda()
    if agenda is not None:
        match = agenda.sessions[agenda.sessions["title"] == brief.title]
        if not match.empty:
            return str(match["session_id"].iloc[0])
    return workspace.FORM


def settings_of(run: RunSettings) -> dict:
    return {**asdict(run.sampling), "max_new_tokens": run.max_new_tokens, "candidates": run.candidates,
            "strict": run.strict}


def model_name() -> str:
    record = MODELS.record_for("decoder")
    return record.source if record else "decoder"


def _keep(brief: Brief, run: RunSettings, ranked: list[Candidate], engine_name: str, stopped: bool) -> None:
    """The ranked candidates become the workspace's draft for this session and kind; the winner as the model
    wrote it stays in this session, for "Why this word?" to step through."""
    key = session_key(brief)
    remember(COPY_RESULTS, {"brief": brief, "key": (key, brief.kind), "stopped": stopped,
                            "written": ranked[0].completion.text})
    try:
        workspace.save_draft(key, brief.kind, asdict(brief), [kept(c) for c in ranked],
                             [c.text for c in ranked[0].check.unsupported], settings_of(run), ranked[0].seed,
                             engine_name, model_name(), what=f"wrote the {brief.kind} of “{brief.title[:80]}”")
    except workspace.CapExceeded as exc:
        workspace.tell(str(exc))


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


def kept(c: Candidate) -> dict:
    """A candidate as the workspace keeps it: plain values (its token-level probabilities stay out)."""
    r = c.completion
    return {"text": c.text, "seed": c.seed, "reasons": c.reasons, "removed": c.removed,
            "tokens": r.completion_tokens or len(r.steps), "tok_s": round(r.tokens_per_second, 1),
            "first_s": None if r.first_token_seconds is None else round(r.first_token_seconds, 3),
            "truncated": r.truncated, "continued": c.continued, "trimmed": c.trimmed,
            # its sentences not from the brief, as ranked: the batch's table counts them without the decoder
            "loose": [s.text for s in c.claims if not s.supported]}
