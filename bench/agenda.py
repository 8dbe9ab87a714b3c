"""Agenda analysis at scale: embedding throughput of `core.models.embeddings.embed` against plain
`SentenceTransformer.encode` on the same texts in one run, then duplicates + clashes for 100 / 500 / 2,000
sessions, with peak memory of the analysis.

    .venv/bin/python bench/agenda.py

Last line: speedup_vs_sentence_transformers: <encode seconds> / <embed seconds>, both cold.
"""
from __future__ import annotations

import random
import time
import tracemalloc

from common import best_of, machine

import numpy as np
import pandas as pd

from core.agenda import analysis as A
from core.agenda import sessions as T
from core import embeddings
from core.models.cache import MODELS
from core.store.demo import load_demo_event


def synthetic_agenda(n: int, seed: int = 0) -> pd.DataFrame:
    """n sessions built from the demo abstracts' sentences, over 2 days, 20 rooms, 45-minute slots."""
    rng = random.Random(seed)
    demo = load_demo_event().agenda
    sentences = [s.strip() for a in demo["abstract"] for s in a.split(". ") if len(s) > 20]
    rows = []
    for i in range(n):
        day, slot, room = i % 2, (i // 2) % 16, (i // 32) % 20
        start = pd.Timestamp("2026-06-11 09:00") + pd.Timedelta(days=day, minutes=45 * slot + rng.choice([0, 15]))
        rows.append({"session_id": f"S{i:05d}", "title": rng.choice(demo["title"]) + f" ({i})",
                     "abstract": ". ".join(rng.sample(sentences, 4)) + ".", "speakers": "", "format": "talk",
                     "track": rng.choice(demo["track"]), "room": f"Room {room}", "start": start,
                     "end": start + pd.Timedelta(minutes=45)})
    return pd.DataFrame(rows)


def analyse(agenda: T.Agenda, vectors: np.ndarray) -> tuple[float, float, int, int]:
    """(seconds, peak MB, duplicate pairs, clashes)"""
    tracemalloc.start()
    start = time.perf_counter()
    dups = A.duplicates(agenda, vectors, 0.9)
    clashes = A.clashes(agenda, vectors, 0.55)
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return seconds, peak, len(dups), len(clashes)


def main() -> None:
    print(f"machine: {machine()}")
    agenda = T.from_event_agenda(synthetic_agenda(2000))
    texts = agenda.texts()
    model = MODELS.get("embedder")
    model.encode(texts[:64], batch_size=64)  # warm-up

    def plain():
        model.encode(texts, batch_size=64, normalize_embeddings=True, convert_to_numpy=True)

    def ours():
        embeddings.clear_cache()
        embeddings.embed(texts)

    plain_s, ours_s = best_of(plain, 2), best_of(ours, 2)
    start = time.perf_counter()
    vectors = embeddings.embed(texts)
    cached_s = time.perf_counter() - start
    reference = model.encode(texts, batch_size=64, normalize_embeddings=True)
    print(f"\nembedding {len(texts)} sessions")
    print(f"  SentenceTransformer.encode   {plain_s:6.2f} s  {len(texts) / plain_s:6.0f} texts/s")
    print(f"  core.models.embeddings.embed (cold) {ours_s:6.2f} s  {len(texts) / ours_s:6.0f} texts/s")
    print(f"  core.models.embeddings.embed (warm) {cached_s:6.3f} s  (same agenda again: served from the content cache)")
    print(f"  min cosine agreement         {float((vectors * reference).sum(1).min()):.5f}")

    print("\nduplicates (>= 0.90) + clashes (>= 0.55)")
    print(f"  {'sessions':>8} {'seconds':>8} {'peak MB':>8} {'n² float32 MB':>14} {'dups':>5} {'clashes':>8}")
    for n in (100, 500, 2000):
        sub = T.Agenda(agenda.sessions.head(n).reset_index(drop=True))
        seconds, peak, dups, clashes = analyse(sub, vectors[:n])
        print(f"  {n:8d} {seconds:8.3f} {peak:8.1f} {n * n * 4 / 2**20:14.1f} {dups:5d} {clashes:8d}")
    print(f"speedup_vs_sentence_transformers: {plain_s / ours_s:.2f}x")


if __name__ == "__main__":
    main()
