"""How cost grows with the size of the event: sentiment for 100 / 1,000 / 10,000 comments, embeddings for
100 / 1,000 / 10,000 sessions, and the agenda analysis (duplicates + clashes) for 100 / 500 / 2,000 sessions.

    .venv/bin/python bench/cost_growth.py [--only themes]

Themes (core.feedback.themes.themes) for 308 / 1,000 / 10,000 comments, cold (embedding included) and with the
embeddings cached: goals 60 s cold and 5 s cached at 10,000, 2 s cached for the demo's 308.

Each row reports seconds and the cost per item. Linear growth keeps the cost per item flat; the last line
compares the per-item cost at the largest size with the smallest measured in the same run.

Last line: embedding_cost_per_item_10000_vs_100: <per-item seconds at 10,000 / per-item seconds at 100>.
"""
from __future__ import annotations

import sys
import time

from agenda import analyse, synthetic_agenda
from common import machine
from sentiment import demo_like_comments

from core.agenda import sessions as T
from core import embeddings
from core.feedback import sentiment
from core.models.cache import MODELS


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def report(kind: str, sizes: tuple[int, ...], run) -> list[float]:
    """Run `run(n)` -> (seconds, note) for each size; print seconds and per-item milliseconds; return the
    per-item costs."""
    print(f"\n{kind}")
    print(f"  {'n':>6} {'seconds':>8} {'ms/item':>8} {'vs smallest':>11}")
    per_item = []
    for n in sizes:
        seconds, note = run(n)
        per_item.append(seconds / n)
        print(f"  {n:6d} {seconds:8.2f} {1000 * per_item[-1]:8.2f} {per_item[-1] / per_item[0]:10.2f}x  {note}")
    return per_item


def themes_rows(comments: list[str]) -> None:
    from core.feedback.themes import themes

    def cold(n: int):
        embeddings.clear_cache()
        return timed(lambda: themes(comments[:n])), "embedding included"

    def warm(n: int):
        embeddings.embed(comments[:n])
        found = []
        seconds = timed(lambda: found.extend(themes(comments[:n])))
        return seconds, f"{len(found) - any(t['other'] for t in found)} themes"

    report("themes (core.feedback.themes.themes), embedding included", (308, 1000, 10_000), cold)
    report("themes, embeddings cached", (308, 1000, 10_000), warm)


def main() -> None:
    print(f"machine: {machine()}")
    comments = demo_like_comments(10_000)
    if "--only" in sys.argv and "themes" in sys.argv:
        embeddings.embed(comments[:64])  # load the embedder outside the timings
        themes_rows(comments)
        return
    sentiment.classify(comments[:64])  # load + warm-up, so the 100 row measures inference only
    report("sentiment (core.feedback.sentiment.classify)", (100, 1000, 10_000),
           lambda n: (timed(lambda: sentiment.classify(comments[:n])), ""))

    agenda = T.from_event_agenda(synthetic_agenda(10_000, seed=1))
    texts = agenda.texts()
    MODELS.get("embedder").encode(texts[:64])

    def embed_cold(n: int) -> float:
        embeddings.clear_cache()
        return timed(lambda: embeddings.embed(texts[:n])), ""

    embed_cost = report("embeddings (core.models.embeddings.embed, cold cache)", (100, 1000, 10_000), embed_cold)
    vectors = embeddings.embed(texts)

    def agenda_analysis(n: int) -> float:
        sub = T.Agenda(agenda.sessions.head(n).reset_index(drop=True))
        seconds, peak, dups, clashes = analyse(sub, vectors[:n])
        return seconds, f"peak {peak:.0f} MB, {dups} duplicates, {clashes} clashes"

    report("agenda analysis (duplicates >= 0.90 + clashes >= 0.55)", (100, 500, 2000), agenda_analysis)
    themes_rows(comments)
    print(f"embedding_cost_per_item_10000_vs_100: {embed_cost[-1] / embed_cost[0]:.2f}x")


if __name__ == "__main__":
    main()
