"""The three parts of the descriptions page: write (streaming), why this word, and batch mode."""
from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from core.cache import MODELS, ModelUnavailableError
from core.copywriting import Brief
from core.generation import ContextWindowError, generate, next_token_view, prompt_ids, stream, token_label
from dashboard.copy_form import RunSettings
from dashboard.state import recall, remember
from dashboard.widgets import md_escape

RESULTS = "copy_results"


def decoder():
    """The decoder, or an error box and None when it cannot be loaded."""
    try:
        with st.spinner("Loading the language model (once per server)…"):
            return MODELS.get("decoder")
    except ModelUnavailableError as exc:
        st.error(str(exc), icon=":material/error:")
        return None


def write(brief: Brief, run: RunSettings) -> None:
    lm = decoder()
    if lm is None:
        return
    prompt = prompt_ids(lm, brief)
    results = []
    columns = st.columns(run.variants)
    for i, column in enumerate(columns):
        with column:
            st.markdown(f"**Variant {i + 1}**" if run.variants > 1 else "**Draft**")
            try:
                live = stream(lm, prompt, run.sampling, run.max_new_tokens, seed=run.seed + i)
            except ContextWindowError as exc:
                st.error(str(exc), icon=":material/error:")
                return
            st.write_stream(live)
            results.append({"text": live.result.text, "tokens": len(live.result.token_ids),
                            "tok_s": live.result.tokens_per_second, "seed": run.seed + i,
                            "truncated": live.result.truncated, "ids": live.result.token_ids})
    remember(RESULTS, {"brief": brief, "prompt": prompt, "results": results})
    st.rerun()  # redraw as editable results


def show_results() -> None:
    saved = recall(RESULTS)
    if not saved:
        return
    results = saved["results"]
    for i, (column, result) in enumerate(zip(st.columns(len(results)), results)):
        with column:
            label = f"Variant {i + 1}" if len(results) > 1 else "Draft"
            edited = st.text_area(label, result["text"], height=260, key=f"copy_edit_{i}_{result['seed']}")
            result["text"] = edited  # keep the user's edits across reruns and page switches
            note = " · cut at the token limit, tidied to the last full sentence" if result["truncated"] else ""
            st.caption(f"{result['tokens']} tokens at {result['tok_s']:.1f} tokens/s · seed {result['seed']} · "
                       f"{len(edited.split())} words{note}")
            st.download_button("Download", edited.encode("utf-8"), file_name=f"session_copy_{i + 1}.txt",
                               mime="text/plain", key=f"copy_dl_{i}", icon=":material/download:")
    st.caption("A 135M-parameter model writes fluent but sometimes inaccurate copy: check names and facts.")


def distribution_chart(rows: list[dict], chosen: str | None = None) -> alt.Chart:
    frame = pd.DataFrame(rows)
    frame["rank"] = range(1, len(frame) + 1)
    long = frame.melt(id_vars=["token", "rank", "status"], value_vars=["p_raw", "p_final"],
                      var_name="distribution", value_name="probability")
    long["distribution"] = long["distribution"].map({"p_raw": "model (T = 1)", "p_final": "after your settings"})
    colour = alt.Color("status:N", scale=alt.Scale(domain=["kept", "cut by top-k", "cut by top-p"],
                                                   range=["#0F766E", "#F59E0B", "#DC2626"]), title="")
    bars = alt.Chart(long).mark_bar().encode(
        y=alt.Y("token:N", sort=alt.SortField("rank"), title=None),
        x=alt.X("probability:Q", axis=alt.Axis(format="%")),
        yOffset="distribution:N",
        color=colour,
        opacity=alt.Opacity("distribution:N", scale=alt.Scale(range=[0.35, 1.0]), title=""),
        tooltip=["token", "distribution", alt.Tooltip("probability:Q", format=".2%"), "status"])
    return bars.properties(height=max(260, 34 * len(frame)))


def why_this_word(brief: Brief, run: RunSettings) -> None:
    saved = recall(RESULTS)
    st.markdown(
        "A decoder scores every token in its vocabulary (49,152 for SmolLM2), and a softmax turns the scores "
        "into probabilities. **Temperature** divides the scores first (low = safer, high = more surprising), "
        "**top-k** keeps only the k likeliest tokens, **top-p** keeps the smallest set whose probabilities add "
        "up to p; the next token is drawn from what is left. Faint bars: the model's own probabilities; solid "
        "bars: after your settings.")
    if not brief.title.strip():
        st.info("Fill in a session title to see the model's first-word probabilities.", icon=":material/info:")
        return
    if not st.toggle("Show the model's next-token probabilities", key="copy_why_on"):
        return
    lm = decoder()
    if lm is None:
        return
    prompt = prompt_ids(lm, brief)
    ids, generated, chosen = prompt.ids, [], None
    if saved and saved["brief"] == brief and saved["results"][0]["ids"]:
        tokens = saved["results"][0]["ids"]
        step = st.slider("Step through the draft (0 = the first generated word)", 0, len(tokens) - 1, 0,
                         key="copy_why_step")
        ids, generated, chosen = prompt.ids + tokens[:step], tokens[:step], tokens[step]
        opening = prompt.ids[len(prompt.ids) - prompt.opening_tokens:]
        st.caption("Text so far: …" + md_escape(lm.tokenizer.decode(opening + generated)[-200:]))
    rows = next_token_view(lm, ids, run.sampling, top_n=15, generated=generated)
    st.altair_chart(distribution_chart(rows), width="stretch")
    kept = sum(r["status"] == "kept" for r in rows)
    mass = sum(r["p_tempered"] for r in rows if r["status"] == "kept")
    st.caption(f"Of these 15 most likely tokens, {kept} survive your settings ({mass:.0%} of the tempered probability)."
               + (f" The draft actually chose **{md_escape(token_label(lm, chosen))}**." if chosen is not None else "")
               + (" Greedy decoding ignores all this and takes the top token." if run.sampling.greedy else ""))
