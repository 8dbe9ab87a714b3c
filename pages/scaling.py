"""Scaling and memory: Chinchilla's rule, training compute, and what a model needs in memory at inference."""
import pandas as pd
import streamlit as st

from core.models import model_status, process_memory
from core.concepts import (Architecture, BYTES_PER_PARAMETER, EXAMPLES, chinchilla_tokens, kv_cache_bytes,
                           training_flops, undertrained_factor, weights_bytes)
from dashboard.charts import memory_bars

st.title("Scaling and memory")
st.markdown(
    "**Chinchilla** (Hoffmann et al., 2022): for a fixed compute budget, train on about **20 tokens per "
    "parameter**; training costs about **6 · N · D** floating-point operations for N parameters and D tokens. "
    "At inference, memory is the weights (parameters × bytes per parameter) plus the **KV cache**, which grows "
    "with context length and batch size."
)

st.subheader("Chinchilla calculator")
left, right = st.columns(2)
billions = left.number_input("Parameters (billions)", 0.01, 2000.0, 70.0, key="sc_params")
seen = right.number_input("Training tokens seen (billions)", 1.0, 100_000.0, 2000.0, key="sc_tokens")
n, d = billions * 1e9, seen * 1e9
a, b, c = st.columns(3)
a.metric("Compute-optimal tokens", f"{chinchilla_tokens(n) / 1e9:,.0f}B")
b.metric("Training compute", f"{training_flops(n, d):.2e} FLOPs")
factor = undertrained_factor(n, d)
c.metric("Tokens it should have seen ÷ seen", f"{factor:.2f}×", help="Above 1: under-trained for its size.")
examples = pd.DataFrame([{**e, "optimal_tokens_B": chinchilla_tokens(e["parameters"]) / 1e9,
                          "seen_B": e["tokens_seen"] / 1e9,
                          "should_have_seen_x": undertrained_factor(e["parameters"], e["tokens_seen"]),
                          "training_flops": f"{training_flops(e['parameters'], e['tokens_seen']):.1e}"}
                         for e in EXAMPLES])
st.dataframe(examples[["model", "seen_B", "optimal_tokens_B", "should_have_seen_x", "training_flops", "note"]],
             hide_index=True, width="stretch",
             column_config={"seen_B": st.column_config.NumberColumn("tokens seen (B)", format="%,.1f"),
                            "optimal_tokens_B": st.column_config.NumberColumn("Chinchilla tokens (B)", format="%,.1f"),
                            "should_have_seen_x": st.column_config.NumberColumn("optimal ÷ seen", format="%.2f×")})

st.subheader("Inference memory")
PRESETS = {"SmolLM2-135M (this app)": (0.135, 30, 3, 64), "Llama 2 7B": (7.0, 32, 32, 128),
           "Llama 2 70B": (70.0, 80, 8, 128)}
preset = st.selectbox("Model", list(PRESETS), key="sc_preset")
p_b, layers, kv_heads, head_dim = PRESETS[preset]
left, mid, right = st.columns(3)
context = left.select_slider("Context length", [512, 2048, 4096, 8192, 32_768, 131_072], 8192, key="sc_ctx")
batch = mid.slider("Batch (concurrent requests)", 1, 64, 1, key="sc_batch")
kv_dtype = right.selectbox("KV cache precision", ["fp32", "fp16/bf16", "int8"], index=1, key="sc_kv")
arch = Architecture(layers, kv_heads, head_dim)
kv = kv_cache_bytes(arch, context, batch, BYTES_PER_PARAMETER[kv_dtype])
rows = [{"precision": dtype, "part": part, "GB": value / 1e9}
        for dtype in BYTES_PER_PARAMETER
        for part, value in (("weights", weights_bytes(p_b * 1e9, dtype)), ("KV cache", kv))]
limit = 2.7 * 2**30 / 1e9
st.altair_chart(memory_bars(pd.DataFrame(rows), list(BYTES_PER_PARAMETER), limit), width="stretch")
st.caption(f"KV cache = 2 · {layers} layers · {kv_heads} KV heads · {head_dim} dims · {context:,} tokens · "
           f"batch {batch} · {BYTES_PER_PARAMETER[kv_dtype]:g} bytes = {kv / 1e9:,.3f} GB. "
           f"Red line: Streamlit Community Cloud's 2.7 GB.")

st.subheader("This app, measured")
loaded = [r for r in model_status() if r["status"] == "loaded"]
mem = process_memory()
if loaded:
    st.dataframe(pd.DataFrame(loaded)[["model", "parameters_m", "weights_mb", "rss_delta_mb", "load_seconds"]],
                 hide_index=True, width="stretch")
else:
    st.caption("No model is loaded in this server process yet: open a tool page, or the Model status page.")
st.progress(min(1.0, mem["share"]), text=f"Whole process: {mem['rss_mb']:,.0f} MB of {mem['limit_mb']:,.0f} MB "
                                          f"({mem['share']:.0%} of the Streamlit Cloud limit)")
