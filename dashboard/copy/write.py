"""The descriptions page's Write tab: every candidate streamed side by side while the engine writes it, then the
ranked, checked and editable results. The loop itself is core's (`core.copy.best_of.BestOf`); the result is
kept in the workspace as the draft of its session and output kind, with every edit and its approval."""
from __future__ import annotations

from dataclasses import asdict

import streamlit as st

from core.copy.best_of import BestOf
from core.copy.ranking import Candidate
from core.copy.writing import Writing, read_ahead, wait_for_read_ahead
from core.copy.brief import Brief
from core.copy.claims import check_claims
from core.copy.cleanup import sentences
from core.copy.fact_check import check
from core.models.cache import MODELS, ModelUnavailableError
from core.models.engine import EngineError
from core.store.drafts import FORM, Draft
from core.store.workspaces import CapExceeded
from dashboard import workspace
from dashboard.copy.form import RunSettings
from dashboard.state import COPY_RESULTS, recall, remember
from dashboard.widgets import md_escape, model_or_stop

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
        st.error(str(exc), icon=":material/error:")
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
    return FORM


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
    except CapExceeded as exc:
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
            "truncated": r.truncated, "continued": c.continued, "trimmed": c.trimmed}


def highlighted(text: str, claims, loose: set[str] = frozenset()) -> str:
    """Markdown of the draft with every unsupported fact on a red background and every other sentence not drawn
    from the brief (`loose`: their stripped texts, as the claim check found them) on an orange one; the rest
    shown literally."""
    out, at = [], 0
    for sentence in sentences(text):
        begin, end = at, at + len(sentence)
        at = end
        facts = [c for c in claims if begin <= c.start < end]
        if not facts and sentence.strip() in loose:
            lead = len(sentence) - len(sentence.lstrip())
            out.append(md_escape(sentence[:lead]) + f":orange-background[{md_escape(sentence.strip())}]")
            continue
        cursor = begin
        for claim in facts:
            out.append(md_escape(text[cursor:claim.start]))
            out.append(f":red-background[{md_escape(text[claim.start:claim.end])}]")
            cursor = claim.end
        out.append(md_escape(text[cursor:end]))
    return "".join(out).replace("\n", "  \n")


def _current() -> Draft | None:
    """The draft this session last wrote; in a new session, the one last written from the form."""
    known = workspace.drafts()
    saved = recall(COPY_RESULTS)
    if saved and saved["key"] in known:
        return known[saved["key"]]
    from_form = [d for d in known.values() if not d.settings.get("batch")]
    return max(from_form, key=lambda d: d.updated_at) if from_form else None


def show_results() -> None:
    draft = _current()
    if draft is None:
        return
    brief = Brief(**draft.brief)
    saved = recall(COPY_RESULTS)
    if saved and saved.get("stopped") and saved["key"] == (draft.session_key, draft.kind):
        st.info("Stopped: here is what was written until then, checked and ranked.", icon=":material/stop_circle:")
    if (elsewhere := workspace.changed_elsewhere(draft)) is not None:
        st.warning(md_escape(elsewhere), icon=":material/sync:")
    results = draft.candidates
    st.caption(f"The {draft.kind} of **{md_escape(brief.title)}** · written by {md_escape(draft.updated_by)} at "
               f"{workspace.local_time(draft.updated_at)} · kept in this workspace")
    labels = [f"{'Best' if i == 0 else f'#{i + 1}'} · {r['reasons'][0]}"
              + (f" · {r['reasons'][1]}" if len(r["reasons"]) > 1 and "sentence" in r["reasons"][1] else "")
              + (" · chosen" if i == draft.pick else "") for i, r in enumerate(results)]
    pick = 0
    if len(results) > 1:
        pick = st.radio("Candidates, best first", range(len(results)), format_func=labels.__getitem__,
                        horizontal=True, key="copy_pick", index=min(draft.pick, len(results) - 1))
    result, text = results[pick], draft.text_of(pick)
    found = check(text, brief)
    claims = _claims(text, brief)
    loose = [c for c in claims if not c.supported]
    with st.container(border=True):
        st.markdown(highlighted(text, found.unsupported, {c.text for c in loose}))
    left, right = st.columns(2)
    if found.unsupported:
        left.markdown("**Not in your brief:** " + ", ".join(f"*{md_escape(c.text)}*" for c in found.unsupported))
    else:
        left.markdown(":green[**Every name, number and date is in your brief.**]")
    right.markdown("**From your brief:** " + (", ".join(md_escape(f) for f in found.used) or "none of its facts"))
    if loose:
        st.markdown(f"**Not from your brief:** {len(loose)} of {len(claims)} sentences (orange) — "
                    + "; ".join(f"*{md_escape(c.text[:60])}{'…' if len(c.text) > 60 else ''}* {md_escape(c.why)}"
                                for c in loose[:4]))
    elif claims:
        st.markdown(":green[**Every sentence is drawn from your brief.**]")
    why = "Why first: " if pick == 0 and len(results) > 1 else "This candidate: "
    st.caption(why + "; ".join(result["reasons"]) + ".")
    if result["removed"]:
        st.caption("Tidied away: " + "; ".join(md_escape(r) for r in result["removed"]) + ".")
    key = f"copy_edit_{draft.id}_{pick}_{draft.version}"  # a change made elsewhere redraws the box with it

    def save_edit() -> None:
        edited = st.session_state[key]
        said = workspace.edit_draft(draft, edited, [c.text for c in check(edited, brief).unsupported],
                                    what=f"edited the {draft.kind} of “{brief.title[:80]}”", pick=pick)
        if said is not None:
            workspace.tell(said)

    st.text_area("Edit before you publish", text, height=200, key=key, on_change=save_edit)
    note = " · cut at the token limit, tidied to the last full sentence" if result.get("truncated") else ""
    first = f" · first word after {result['first_s']:.2f} s" if result.get("first_s") else ""
    if result.get("trimmed"):  # no token of its own: another candidate's start, its last sentences taken off
        written = "another candidate without its last sentences, which were not from your brief"
    else:
        written = (f"{result['tokens']} tokens written to finish the start your brief supports"
                   if result.get("continued") else f"{result['tokens']} tokens")
        written += f" at {result['tok_s']:.0f} tokens/s"
    st.caption(f"{written}{first} · seed {result['seed']} · {len(text.split())} words{note}")
    a, b = st.columns(2)
    a.download_button("Download", text.encode("utf-8"), file_name="session_copy.txt", mime="text/plain",
                      key="copy_dl", icon=":material/download:")
    approved = b.toggle("Approved for publishing", value=draft.status == "approved" and pick == draft.pick,
                        key=f"copy_approved_{draft.id}_{draft.version}", disabled=pick != draft.pick and
                        draft.edited is not None)
    if approved != (draft.status == "approved" and pick == draft.pick):
        if pick != draft.pick:
            workspace.edit_draft(draft, text, [c.text for c in found.unsupported], pick=pick)
        workspace.set_status(draft, "approved" if approved else "draft")
        st.rerun()
    st.caption("A 135M-parameter model writes fluent but sometimes inaccurate copy. The check marks names, numbers, "
               "dates, credentials and links your brief does not contain, and sentences whose words and meaning "
               "it cannot find in your brief. A claim put together from your brief's own words can still be "
               "wrong, so read before you publish.")


def _claims(text: str, brief: Brief) -> list:
    """Each sentence checked against the brief; none when the embedder is unavailable (the facts still are)."""
    try:
        return check_claims(text, brief)
    except ModelUnavailableError:
        return []
