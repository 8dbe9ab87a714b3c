"""The descriptions page's result: the draft of the session last written, its candidates best first, every fact and
sentence the brief does not support marked, an edit box that saves as you type, and the approval toggle."""
from __future__ import annotations

import streamlit as st

from core.descriptions import Brief, check_draft, check_facts, sentences
from core.models import ModelUnavailableError
from dashboard import workspace
from dashboard.state import COPY_RESULTS, recall
from dashboard.widgets import md_escape

CAUTION = ("A 135M-parameter model writes fluent but sometimes inaccurate copy. The check marks names, numbers, dates, "
           "credentials and links your brief does not contain, sentences whose words it cannot find in your brief, "
           "and sentences your brief does not make more likely to the model (filler, or a claim of its own). It "
           "finds most such sentences, not all, so read before you publish.")


def show_results() -> None:
    draft = _current()
    if draft is None:
        return
    brief = Brief(**draft.brief)
    _notices(draft, brief)
    pick = _pick(draft)
    result, text = draft.candidates[pick], draft.text_of(pick)
    found = _checked(text, brief)
    why = "Why first: " if pick == 0 and len(draft.candidates) > 1 else "This candidate: "
    st.caption(why + "; ".join(result["reasons"]) + ".")
    if result["removed"]:
        st.caption("Tidied away: " + "; ".join(md_escape(r) for r in result["removed"]) + ".")
    _edit_box(draft, brief, pick, text)
    st.caption(_written(result, text))
    _publish(draft, text, pick, found)
    st.caption(CAUTION)


def _current() -> workspace.Draft | None:
    """The draft this session last wrote; in a new session, the one last written from the form."""
    known = workspace.drafts()
    saved = recall(COPY_RESULTS)
    if saved and saved["key"] in known:
        return known[saved["key"]]
    from_form = [d for d in known.values() if not d.settings.get("batch")]
    return max(from_form, key=lambda d: d.updated_at) if from_form else None


def _notices(draft: workspace.Draft, brief: Brief) -> None:
    saved = recall(COPY_RESULTS)
    if saved and saved.get("stopped") and saved["key"] == (draft.session_key, draft.kind):
        st.info("Stopped: here is what was written until then, checked and ranked.", icon=":material/stop_circle:")
    if (elsewhere := workspace.changed_elsewhere(draft)) is not None:
        st.warning(md_escape(elsewhere), icon=":material/sync:")
    st.caption(f"The {draft.kind} of **{md_escape(brief.title)}** · written by {md_escape(draft.updated_by)} at "
               f"{workspace.local_time(draft.updated_at)} · kept in this workspace")


def _pick(draft: workspace.Draft) -> int:
    """Which candidate to show: the radio's choice, the chosen one at first."""
    results = draft.candidates
    if len(results) <= 1:
        return 0
    labels = [f"{'Best' if i == 0 else f'#{i + 1}'} · {r['reasons'][0]}"
              + (f" · {r['reasons'][1]}" if len(r["reasons"]) > 1 and "sentence" in r["reasons"][1] else "")
              + (" · chosen" if i == draft.pick else "") for i, r in enumerate(results)]
    return st.radio("Candidates, best first", range(len(results)), format_func=labels.__getitem__,
                    horizontal=True, key="copy_pick", index=min(draft.pick, len(results) - 1))


def _checked(text: str, brief: Brief):
    """The text with its unsupported facts (red) and sentences not from the brief (orange) marked, and what the
    checks found, in words; returns the fact check."""
    found = check_facts(text, brief)
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
    return found


def _edit_box(draft: workspace.Draft, brief: Brief, pick: int, text: str) -> None:
    key = f"copy_edit_{draft.id}_{pick}_{draft.version}"  # a change made elsewhere redraws the box with it

    def save_edit() -> None:
        edited = st.session_state[key]
        said = workspace.edit_draft(draft, edited, [c.text for c in check_facts(edited, brief).unsupported],
                                    what=f"edited the {draft.kind} of “{brief.title[:80]}”", pick=pick)
        if said is not None:
            workspace.tell(said)

    st.text_area("Edit before you publish", text, height=200, key=key, on_change=save_edit)


def _written(result: dict, text: str) -> str:
    """How the candidate was written. Example: "212 tokens at 130 tokens/s · first word after 0.40 s · seed 3 · 96
    words" """
    note = " · cut at the token limit, tidied to the last full sentence" if result.get("truncated") else ""
    first = f" · first word after {result['first_s']:.2f} s" if result.get("first_s") else ""
    if result.get("trimmed"):  # no token of its own: another candidate's start, its last sentences taken off
        written = "another candidate without its last sentences, which were not from your brief"
    else:
        written = (f"{result['tokens']} tokens written to finish the start your brief supports"
                   if result.get("continued") else f"{result['tokens']} tokens")
        written += f" at {result['tok_s']:.0f} tokens/s"
    return f"{written}{first} · seed {result['seed']} · {len(text.split())} words{note}"


def _publish(draft: workspace.Draft, text: str, pick: int, found) -> None:
    """Download, and the approval toggle: approving another candidate than the chosen one chooses it."""
    if draft.review is not None:  # sent to the speaker: where it stands (the Speaker sign-off tab has the rest)
        st.caption(f"Speaker sign-off: **{md_escape(draft.provenance)}**"
                   + (f"; added by the speaker: {md_escape(', '.join(draft.added))}" if draft.added else ""))
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


def _claims(text: str, brief: Brief) -> list:
    """Each sentence checked against the brief, by its words and by the decoder; none when the embedder is
    unavailable (the facts still are)."""
    try:
        return check_draft(text, brief)
    except ModelUnavailableError:
        return []
