"""The descriptions page's "Why this word?" tab: the engine's real next-token probabilities, before and after the
organiser's sampling settings, at any step of the draft they just wrote."""
from __future__ import annotations

from dataclasses import replace

import streamlit as st

from core.descriptions import Brief, copy_request
from core.models import EngineError
from core.concepts import after_settings
from dashboard.charts import distribution_chart
from dashboard.descriptions.form import RunSettings
from dashboard.state import COPY_RESULTS, recall
from dashboard.widgets import md_escape, model_or_stop, show_error


TOP_N = 15  # the likeliest tokens shown


def _shown(token: str) -> str:
    return token.replace(" ", "␣").replace("\n", "⏎") or "∅"


def why_this_word(brief: Brief, run: RunSettings) -> None:
    saved = recall(COPY_RESULTS)
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
    engine = model_or_stop("decoder", "language model")
    request = copy_request(brief, run.sampling, run.max_new_tokens, run.seed)
    chosen = None
    tokens = _written_tokens(engine, saved, brief, request.prefix)
    if tokens:
        step = st.slider("Step through the draft (0 = the first generated word)", 0, len(tokens) - 1, 0,
                         key="copy_why_step")
        so_far = request.prefix + "".join(tokens[:step])
        request = replace(request, prefix=so_far)
        chosen = tokens[step]
        st.caption("Text so far: …" + md_escape(so_far[-200:]))
    try:
        rows = engine.next_token(request, top_n=TOP_N)
    except EngineError as exc:
        show_error(exc)
        return
    computed = bool(rows) and rows[0]["p_final"] is None
    if computed:  # a server by URL reports the model's probabilities only: apply the settings' maths here
        rows = after_settings(rows, run.sampling)
    st.altair_chart(distribution_chart(rows), width="stretch")
    kept = sum(r["status"] == "kept" for r in rows)
    mass = sum(r["p_final"] for r in rows if r["status"] == "kept")
    if computed:
        st.caption(f"This engine reports the model's own probabilities only. The solid bars apply your temperature, "
                   f"top-k and top-p to its {len(rows)} most likely tokens, in the engine's order, so tokens beyond "
                   "those are left out.")
    st.caption(f"Of these {len(rows)} most likely tokens, {kept} survive your settings and share {mass:.0%} of the "
               "probability the next token is drawn from."
               + (f" The draft actually chose **{md_escape(_shown(chosen))}**." if chosen is not None else "")
               + (" Greedy decoding always takes the top token." if run.sampling.greedy else ""))


def _written_tokens(engine, saved: dict | None, brief: Brief, opening: str) -> list[str]:
    """The tokens the model wrote after the opening in the draft this session last wrote for this brief (read
    again by the engine's tokenizer: the drafts are written without per-token alternatives, which cost time)."""
    written = (saved or {}).get("written") or ""
    if not saved or saved["brief"] != brief or not written.startswith(opening) or len(written) == len(opening):
        return []
    try:
        return [piece for _, piece in engine.tokenize(written[len(opening):])]
    except EngineError:  # a server by URL that does not tokenize: the first word only
        return []
