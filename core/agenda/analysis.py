"""Agenda analysis over a standard agenda and its embedding matrix (one unit row per session, in the same
order): neighbours, near-duplicate submissions, topic clashes, groups, misplaced sessions and a personal agenda.

    duplicates(agenda, vectors, 0.9) -> one row per pair of sessions at or above 0.9 cosine similarity
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans

from core.agenda import similarity
from core.agenda.sessions import Agenda
from core.text_terms import document_frequencies, group_keywords, shared_terms, word_sets


def neighbours(agenda: Agenda, vectors: np.ndarray, index: int, k: int = 5) -> pd.DataFrame:
    order, scores = similarity.rank(vectors[index], vectors)
    keep = [(int(i), float(s)) for i, s in zip(order, scores) if i != index][:k]
    rows = agenda.sessions.iloc[[i for i, _ in keep]][["title", "track", "start", "session_id"]].copy()
    rows.insert(0, "similarity", [round(s, 3) for _, s in keep])
    return rows.reset_index(drop=True)


def duplicates(agenda: Agenda, vectors: np.ndarray, threshold: float = 0.9) -> pd.DataFrame:
    s = agenda.sessions
    rows = [{"similarity": round(score, 3), "session_a": s.session_id[i], "title_a": s.title[i],
             "session_b": s.session_id[j], "title_b": s.title[j], "abstract_a": s.abstract[i],
             "abstract_b": s.abstract[j]} for i, j, score in similarity.pairs_above(vectors, threshold)]
    return pd.DataFrame(rows, columns=["similarity", "session_a", "title_a", "session_b", "title_b",
                                       "abstract_a", "abstract_b"])


def clashes(agenda: Agenda, vectors: np.ndarray, threshold: float = 0.5) -> pd.DataFrame:
    s = agenda.sessions
    sets = word_sets(agenda.texts())  # once per agenda, not once per clash
    df = document_frequencies(sets)
    found = similarity.clashes(vectors, s["start"].to_numpy(), s["end"].to_numpy(), s["room"].tolist(), threshold)
    columns = ["similarity", "when", "session_a", "room_a", "session_b", "room_b", "why"]
    if not found:
        return pd.DataFrame(columns=columns)
    a, b, scores = (np.array(x) for x in zip(*found))
    # column-wise, not row by row: a crowded agenda has thousands of clashes
    when = s["start"].iloc[a].dt.strftime("%a %d %b %H:%M").to_numpy() + "–" + s["end"].iloc[a].dt.strftime("%H:%M").to_numpy()
    why = [("both about " + ", ".join(t)) if (t := shared_terms(sets[i], sets[j], df)) else "similar overall topic"
           for i, j in zip(a, b)]
    return pd.DataFrame({"similarity": scores.round(3), "when": when, "session_a": s["title"].to_numpy()[a],
                         "room_a": s["room"].to_numpy()[a], "session_b": s["title"].to_numpy()[b],
                         "room_b": s["room"].to_numpy()[b], "why": why}, columns=columns)


def clusters(agenda: Agenda, vectors: np.ndarray, n: int) -> tuple[np.ndarray, dict[int, list[str]]]:
    """K-means groups of sessions and a few keywords describing each."""
    n = max(1, min(n, len(vectors)))
    labels = KMeans(n_clusters=n, n_init=10, random_state=0).fit_predict(vectors)
    return labels, group_keywords(agenda.texts(), labels.tolist())


def misplaced(agenda: Agenda, vectors: np.ndarray) -> pd.DataFrame:
    """Sessions that sit closer to another track's centre than to their own (their own centre computed
    without them, so a track of one cannot vouch for itself)."""
    s = agenda.sessions
    tracks = s["track"].tolist()
    names = sorted({t for t in tracks if t})
    if len(names) < 2:
        return pd.DataFrame(columns=["session", "declared_track", "closer_to", "own_score", "other_score"])
    sums = {t: vectors[[i for i, x in enumerate(tracks) if x == t]].sum(axis=0) for t in names}
    counts = {t: tracks.count(t) for t in names}
    rows = []
    for i, track in enumerate(tracks):
        if not track or counts[track] < 2:
            continue
        scores = {}
        for t in names:
            centre = (sums[t] - vectors[i]) / (counts[t] - 1) if t == track else sums[t] / counts[t]
            scores[t] = float(vectors[i] @ (centre / (np.linalg.norm(centre) or 1.0)))
        best = max(scores, key=scores.get)
        if best != track:
            rows.append({"session": s.title[i], "declared_track": track, "closer_to": best,
                         "own_score": round(scores[track], 3), "other_score": round(scores[best], 3)})
    return pd.DataFrame(rows, columns=["session", "declared_track", "closer_to", "own_score", "other_score"])


def recommend(agenda: Agenda, vectors: np.ndarray, query: np.ndarray, k: int = 10) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(top-k sessions for an interest, a conflict-free personal agenda drawn from the top 3k)."""
    s = agenda.sessions
    order, scores = similarity.rank(query, vectors)
    score_of = dict(zip(order.tolist(), scores.tolist()))
    columns = ["session_id", "title", "track", "room", "start", "end"]
    ranked = s.iloc[order[:k]][columns].copy()
    ranked.insert(0, "score", [round(score_of[i], 3) for i in order[:k]])
    # only sessions at least half as relevant as the best one: a plan padded with lunch breaks helps no one
    relevant = order[:3 * k][scores[:3 * k] >= 0.5 * max(float(scores[0]), 0.0)] if len(order) else order
    picked = similarity.conflict_free(relevant, s["start"].to_numpy(), s["end"].to_numpy(), limit=k)
    plan = s.iloc[picked][columns].copy()
    plan.insert(0, "score", [round(score_of[i], 3) for i in picked])
    return ranked.reset_index(drop=True), plan.sort_values(["start", "score"], na_position="last").reset_index(drop=True)


def heatmap_order(agenda: Agenda, groups: list) -> list[int]:
    """Rows ordered so sessions of one track (or cluster) sit together."""
    return sorted(range(len(groups)), key=lambda i: (str(groups[i]), agenda.sessions.title[i]))
