import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from core import toy_generative as toy

st.title("Generative vs discriminative")
st.markdown(
    "A **generative** model learns what the data looks like well enough to produce new examples. The primer's "
    "hello world: points from an unknown true region, and a *box model* that learns the bounding rectangle and "
    "samples inside it. Samples that land outside the true region are the model's errors. Here the points are "
    "attendees' home locations around the venue (a made-up catchment area)."
)

left, right = st.columns([1, 2])
with left:
    n_data = st.slider("Attendees observed", 20, 2000, 300, 10, key="gen_n_data")
    n_samples = st.slider("Samples to generate", 100, 5000, 1000, 100, key="gen_n_samples")
    model = st.radio("Generative model", ["Box (bounding rectangle)", "Gaussian mixture"], key="gen_model")
    k = st.slider("Mixture components", 1, 15, 6, key="gen_k", disabled=model.startswith("Box"))

data = toy.true_sample(n_data)
box = toy.box_model(data, n_samples)
gmm = toy.mixture_model(data, n_samples, k)
samples = box if model.startswith("Box") else gmm

outline = pd.DataFrame(np.vstack([toy.REGION, toy.REGION[:1]]), columns=["x", "y"]).reset_index()
points = pd.concat([
    pd.DataFrame(data, columns=["x", "y"]).assign(kind="observed attendee"),
    pd.DataFrame(samples, columns=["x", "y"]).assign(kind=np.where(toy.inside(samples), "sample inside", "sample outside (error)")),
])
colours = alt.Scale(domain=["observed attendee", "sample inside", "sample outside (error)"],
                    range=["#1E293B", "#0F766E", "#DC2626"])
chart = alt.Chart(outline).mark_line(color="#64748B").encode(x=alt.X("x:Q", axis=None), y=alt.Y("y:Q", axis=None), order="index:Q") + \
    alt.Chart(points).mark_circle(size=14, opacity=0.6).encode(x="x:Q", y="y:Q", color=alt.Color("kind:N", scale=colours, title=""))
with right:
    st.altair_chart(chart.properties(height=420), width="stretch")

a, b = st.columns(2)
a.metric("Box model: samples outside the region", f"{toy.error_rate(box):.1%}")
b.metric(f"Gaussian mixture ({k}): samples outside", f"{toy.error_rate(gmm):.1%}")
st.caption("The box cannot bend around the coastline, so its error stays high however much data it sees; the "
           "mixture hugs the shape better as components are added. Both numbers are computed on this run's samples.")

st.subheader("The discriminative view")
st.markdown(
    "A **discriminative** model never learns where attendees live. It learns only the boundary between two "
    "classes, here *came by train* (lives near the rail line) versus *came by car*, and for a new point it "
    "answers one question: which side? It cannot generate a single new attendee."
)
labels = toy.two_classes(data)
grid, p_train, accuracy = toy.boundary(data, labels)
field = pd.DataFrame(grid, columns=["x", "y"]).assign(p=p_train)
observed = pd.DataFrame(data, columns=["x", "y"]).assign(cls=np.where(labels == 1, "train", "car"))
boundary_chart = alt.Chart(field).mark_rect(opacity=0.35).encode(
    x=alt.X("x:Q", bin=alt.Bin(maxbins=60), axis=None), y=alt.Y("y:Q", bin=alt.Bin(maxbins=60), axis=None),
    color=alt.Color("p:Q", scale=alt.Scale(scheme="blueorange", domain=[0, 1]), title="P(train)")) + \
    alt.Chart(observed).mark_circle(size=18).encode(x="x:Q", y="y:Q", color=alt.Color("cls:N", scale=alt.Scale(
        domain=["train", "car"], range=["#7C2D12", "#1E3A8A"]), title=""))
st.altair_chart(boundary_chart.properties(height=380).resolve_scale(color="independent"), width="stretch")
st.caption(f"A 15-nearest-neighbour classifier: {accuracy:.1%} of the observed attendees on the right side of "
           "its boundary. The sentiment page uses the same idea with text: an encoder learns the boundary between "
           "negative, neutral and positive comments.")
