"""Generative vs discriminative: the primer's box model on attendees' home locations, and a boundary learner."""
import numpy as np
import pandas as pd
import streamlit as st

from core.concepts import REGION, boundary, box_model, error_rate, inside, mixture_model, true_sample, two_classes
from dashboard.charts import decision_field, generated_points

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

data = true_sample(n_data)
box = box_model(data, n_samples)
gmm = mixture_model(data, n_samples, k)
samples = box if model.startswith("Box") else gmm

points = pd.concat([
    pd.DataFrame(data, columns=["x", "y"]).assign(kind="observed attendee"),
    pd.DataFrame(samples, columns=["x", "y"]).assign(kind=np.where(inside(samples), "sample inside", "sample outside (error)")),
])
with right:
    st.altair_chart(generated_points(REGION, points), width="stretch")

a, b = st.columns(2)
a.metric("Box model: samples outside the region", f"{error_rate(box):.1%}")
b.metric(f"Gaussian mixture ({k}): samples outside", f"{error_rate(gmm):.1%}")
st.caption("The box cannot bend around the coastline, so its error stays high however much data it sees; the "
           "mixture hugs the shape better as components are added. Both numbers are computed on this run's samples.")

st.subheader("The discriminative view")
st.markdown(
    "A **discriminative** model never learns where attendees live. It learns only the boundary between two "
    "classes, here *came by train* (lives near the rail line) versus *came by car*, and for a new point it "
    "answers one question: which side? It cannot generate a single new attendee."
)
labels = two_classes(data)
grid, p_train, accuracy = boundary(data, labels)
field = pd.DataFrame(grid, columns=["x", "y"]).assign(p=p_train)
observed = pd.DataFrame(data, columns=["x", "y"]).assign(cls=np.where(labels == 1, "train", "car"))
st.altair_chart(decision_field(field, observed), width="stretch")
st.caption(f"A 15-nearest-neighbour classifier: {accuracy:.1%} of the observed attendees on the right side of "
           "its boundary. The sentiment page uses the same idea with text: an encoder learns the boundary between "
           "negative, neutral and positive comments.")
