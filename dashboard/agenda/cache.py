"""Agenda results cached by content. Every tab renders on every rerun, so without this a slider move on
a 2,000-session agenda would recompute duplicates, clashes and clusters (seconds) each time."""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from core import agenda as core_agenda


@st.cache_data(max_entries=16, show_spinner=False)
def duplicates(sessions: pd.DataFrame, vectors: np.ndarray, threshold: float) -> pd.DataFrame:
    return core_agenda.duplicates(core_agenda.Agenda(sessions), vectors, threshold)


@st.cache_data(max_entries=16, show_spinner=False)
def clashes(sessions: pd.DataFrame, vectors: np.ndarray, threshold: float) -> pd.DataFrame:
    return core_agenda.clashes(core_agenda.Agenda(sessions), vectors, threshold)


@st.cache_data(max_entries=16, show_spinner=False)
def clusters(sessions: pd.DataFrame, vectors: np.ndarray, n: int) -> tuple[np.ndarray, dict[int, list[str]]]:
    return core_agenda.clusters(core_agenda.Agenda(sessions), vectors, n)


@st.cache_data(max_entries=8, show_spinner=False)
def misplaced(sessions: pd.DataFrame, vectors: np.ndarray) -> pd.DataFrame:
    return core_agenda.misplaced(core_agenda.Agenda(sessions), vectors)
