"""The descriptions page's "Why this word?" tab: the engine's real next-token probabilities, before and after the
organiser's sampling settings, at any step of the draft they just wrote."""
from __future__ import annotations

from dataclasses import replace

import streamlit as st

from core.copy.brief import Brief, copy_request
from core.models.engine import EngineError
from core.primer.sampling import after_settings
from dashboard.charts.copy import distribution_chart
from dashboard.copy.form import RunSettings
from dashboard.copy.write import TOP_N
from dashboard.state import COPY_RESULTS, recall
from dashboard.widgets import md_escape, model_or_stop


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
    if saved and saved["brief"] == brief and saved.get("steps"):
        steps = saved["steps"]
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
