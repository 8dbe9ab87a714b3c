"""Attention: real attention weights from the encoder and the decoder, on the primer's sentence or the user's."""
import pandas as pd
import streamlit as st

from core.models import MODELS, ModelUnavailableError
from core.concepts import decoder_attention, encoder_attention, looks_at
from dashboard.charts import attention_heatmap, ranked_bars
from dashboard.state import persist
from dashboard.widgets import show_error

PRIMER = "The pink elephant tried to get into the car but it was too"
SENTENCES = [PRIMER, "The speaker moved the workshop to room B because it was too small",
             "Attendees loved the keynote, but they said it ran too long"]

st.title("Attention")
st.markdown(
    "In every layer, each token builds its next representation as a weighted mix of other tokens: the "
    "**attention weights**. Each layer has several **heads** that learn different patterns. The encoder "
    "(MiniLM) lets every token look both ways; the decoder (SmolLM2) only looks back, which is what lets it "
    "predict the next word. In the primer's sentence, what does *it* refer to: the elephant or the car?"
)

left, right = st.columns([3, 1])
sentence = left.selectbox("Sentence", SENTENCES + ["(your own)"], key="att_sentence")
if sentence == "(your own)":
    sentence = left.text_input("Your sentence", max_chars=300, **persist("att_custom", "The panel ran late so it overlapped lunch"))
which = right.radio("Model", ["Encoder (MiniLM)", "Decoder (SmolLM2)"], key="att_model")
if not sentence.strip():
    st.stop()
try:
    loading = which.startswith("Decoder") and not MODELS.is_loaded("decoder_torch")
    with st.spinner("Loading SmolLM2 in PyTorch for its attention weights (once per server)…" if loading
                    else "Running the model with attention weights switched on…"):
        if which.startswith("Encoder"):
            att, next_words = encoder_attention(sentence), None
        else:
            att, next_words = decoder_attention(sentence)
except ModelUnavailableError as exc:
    show_error(exc)
    st.stop()

layers, heads = att.weights.shape[:2]
a, b, c = st.columns(3)
layer = a.slider("Layer", 1, layers, layers // 2 + 1, key=f"att_layer_{which[:3]}") - 1
head_choice = b.selectbox("Head", ["average of all heads"] + [f"head {h + 1}" for h in range(heads)], key="att_head")
head = None if head_choice.startswith("average") else int(head_choice.split()[1]) - 1
default_query = next((i for i, t in enumerate(att.tokens) if t.strip("␣").lower() == "it"), len(att.tokens) - 1)
query = c.selectbox("Which words does this token look at?", range(len(att.tokens)), index=default_query,
                    format_func=lambda i: f"{i}: {att.tokens[i]}", key=f"att_query_{which[:3]}_{sentence[:20]}")

w = att.weights[layer, head] if head is not None else att.weights[layer].mean(axis=0)
labels = [f"{i}:{t}" for i, t in enumerate(att.tokens)]
cells = pd.DataFrame([{"query": labels[q], "key": labels[k], "weight": float(w[q, k])}
                      for q in range(len(labels)) for k in range(len(labels))])
left, right = st.columns([3, 2])
left.altair_chart(attention_heatmap(cells, labels), width="stretch")
focus = pd.DataFrame(looks_at(att, query, layer, head, top=8), columns=["token", "weight"])
right.markdown(f"**Where “{att.tokens[query].strip('␣')}” looks** (layer {layer + 1}, {head_choice})")
right.altair_chart(ranked_bars(focus, "weight"), width="stretch")
right.caption("Special tokens such as [CLS] and [SEP] often soak up attention that carries little meaning.")
if next_words:
    st.markdown("**The decoder's next word after the sentence** (its real probabilities)")
    st.altair_chart(ranked_bars(pd.DataFrame(next_words), "probability"), width="stretch")
