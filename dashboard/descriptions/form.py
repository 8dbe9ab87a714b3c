"""The session-copy form and the sampling controls of the descriptions page."""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from core.descriptions import FIELD_LIMITS, FORMATS, KINDS, TONES, Brief, brief_for, suggested_max_tokens
from core.models import Sampling
from dashboard import workspace
from dashboard.state import COPY_FORM, COPY_SESSION_PICK, data_key, fill_in, persist

KIND_LABELS = {"abstract": "Abstract (80–120 words)", "teaser": "One-line teaser", "social": "Social-media post"}


@dataclass(frozen=True)
class RunSettings:
    sampling: Sampling
    max_new_tokens: int
    seed: int
    candidates: int  # written at once; the best is shown first
    strict: bool = False  # drop sentences holding facts the brief does not support


def _prefill_from_session(key: str) -> None:
    """Copy the chosen programme session into the form's fields."""
    agenda, choice = workspace.agenda(), st.session_state.get(key)
    if agenda is None or choice is None:
        return
    row = agenda.sessions[agenda.sessions["title"] == choice]
    if row.empty:
        return
    brief = brief_for(row.iloc[0], event=workspace.current().name)
    fill_in({COPY_FORM[f]: getattr(brief, f) for f in ("title", "speakers", "event", "format")}
            | {COPY_FORM[f]: getattr(brief, f)[:FIELD_LIMITS[f]] for f in ("notes", "bios")})


def _starting_brief() -> Brief | None:
    """Where the form starts in a new session: the brief of the draft last written from it, as it was left; else
    the programme's first talk, so "Generate" works at once in a demo."""
    written = [d for d in workspace.drafts().values() if not d.settings.get("batch")]
    if written:
        return Brief(**max(written, key=lambda d: d.updated_at).brief)
    agenda = workspace.agenda()
    if agenda is None:
        return None
    talks = agenda.sessions[agenda.sessions["format"] == "talk"]
    return brief_for(talks.iloc[0], event=workspace.current().name, tone="friendly") if not talks.empty else None


MODES = {"edit": "rewrite it (keeps its claims)", "scratch": "write from scratch"}


def brief_form() -> Brief:
    agenda = workspace.agenda()
    if agenda is not None:
        titles = agenda.sessions["title"].tolist()
        key = data_key(COPY_SESSION_PICK, titles)
        st.selectbox("Start from a session of the programme", titles, index=None,
                     placeholder="Pick a session to fill in the form…", key=key,
                     on_change=_prefill_from_session, args=(key,))
    first = _starting_brief()
    left, right = st.columns(2)
    title = left.text_input("Session title *", max_chars=FIELD_LIMITS["title"],
                            **persist(COPY_FORM["title"], first.title if first is not None else ""))
    speakers = right.text_input("Speaker(s) and role", max_chars=FIELD_LIMITS["speakers"],
                                placeholder="e.g. Amara Okafor (Head of Data, Tidewater Festivals)",
                                **persist(COPY_FORM["speakers"], first.speakers if first is not None else ""))
    default_event = first.event if first is not None else workspace.current().name
    event_name = left.text_input("Event name", max_chars=FIELD_LIMITS["event"],
                                 **persist(COPY_FORM["event"], default_event))
    audience = right.text_input("Audience", max_chars=FIELD_LIMITS["audience"],
                                placeholder="e.g. organisers who know some Python",
                                **persist(COPY_FORM["audience"], first.audience if first else ""))
    a, b, c = st.columns(3)
    fmt = a.selectbox("Format", FORMATS, **persist(COPY_FORM["format"], first.format if first else "talk"))
    tone = b.selectbox("Tone", TONES, **persist(COPY_FORM["tone"], first.tone if first else "friendly"))
    kind = c.selectbox("Output", list(KINDS), format_func=KIND_LABELS.get,
                       **persist(COPY_FORM["kind"], first.kind if first else "abstract"))
    keywords = st.text_input("Keywords to include (optional)", max_chars=FIELD_LIMITS["keywords"],
                             **persist(COPY_FORM["keywords"], first.keywords if first else ""))
    notes = st.text_area("Facts to draw on (optional): an existing abstract or notes", height=100,
                         max_chars=FIELD_LIMITS["notes"],
                         **persist(COPY_FORM["notes"], first.notes[:FIELD_LIMITS["notes"]] if first else ""))
    bios = st.text_area("About the speakers (optional): facts the copy may use, such as a bio", height=68,
                        max_chars=FIELD_LIMITS["bios"],
                        **persist(COPY_FORM["bios"], first.bios[:FIELD_LIMITS["bios"]] if first else ""))
    mode = st.radio("With a description", list(MODES), format_func=MODES.get, horizontal=True,
                    help="Rewriting keeps the copy to what the description says: a small model invents far less "
                         "when it edits your words than when it writes from nothing.",
                    **persist(COPY_FORM["mode"], first.mode if first else "edit"))
    return Brief(title=title, event=event_name, speakers=speakers, format=fmt, audience=audience, tone=tone,
                 kind=kind, keywords=keywords, notes=notes, bios=bios, mode=mode)


def settings_panel(kind: str) -> RunSettings:
    with st.container(border=True):
        st.markdown("**Generation settings**")
        greedy = st.toggle("Greedy (always the most likely token)", **persist("copy_greedy", False))
        temperature = st.slider("Temperature", 0.1, 2.0, step=0.05, disabled=greedy,
                                help="Divides the logits before the softmax: below 1 sharpens, above 1 flattens.",
                                **persist("copy_temperature", 0.7))
        top_k = st.slider("Top-k", 0, 200, step=1, disabled=greedy, help="Keep only the k most likely tokens (0 = off).",
                          **persist("copy_top_k", 50))
        top_p = st.slider("Top-p", 0.05, 1.0, step=0.05, disabled=greedy,
                          help="Keep the most likely tokens until their probabilities add up to p (1.0 = off).",
                          **persist("copy_top_p", 0.9))
        max_new = st.slider("Max new tokens", 16, 400, step=8, **persist(f"copy_max_{kind}", suggested_max_tokens(kind)))
        left, right = st.columns(2)
        seed = left.number_input("Seed", 0, 2**31 - 1, step=1,
                                 help="Same seed and settings give the same text. While other drafts are being "
                                      "written at the same time (other candidates, other visitors), the engine "
                                      "batches them together, and the text may then take a different turn.",
                                 **persist("copy_seed", 42))
        candidates = right.number_input("Candidates", 1, 4, step=1, disabled=greedy,
                                        help="Written at once in parallel; each is fact-checked against your brief "
                                             "and the best is shown first. Greedy writes one.",
                                        **persist("copy_candidates", 4))
        strict = st.toggle("Strict: drop sentences not drawn from the brief", **persist("copy_strict", False),
                           help="Every sentence the check marks goes: one with a name, number or claim your brief "
                                "lacks, and one your brief does not make more likely (filler).")
    return RunSettings(Sampling(temperature, int(top_k), float(top_p), greedy), int(max_new), int(seed),
                       1 if greedy else int(candidates), bool(strict))
