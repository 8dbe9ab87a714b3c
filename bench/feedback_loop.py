"""The organiser's corrections and categories, measured on data the shipped classifier never trained on.

    .venv/bin/python bench/feedback_loop.py [--data ../shared/data/sentiment] [--absa Restaurants_Train.xml ...]

Sentiment (`core.feedback.adapt`), on two sets, each shuffled with seed 0 into a test part and a pool the
organiser's "corrections" (the first 50, 100, 200, 500… of it) come from:
- SemEval-2014 Task 4 restaurant sentences whose aspect categories share one polarity (negative, neutral or
  positive): text of a domain the classifier never saw, as an event's comments are. Test part: 1,000.
- every three-class row held out of training (`scripts/sentiment_data.py`: the first 400 TweetEval validation
  tweets and the first 1,200 SST-5 sentences): never trained on, but from the training's own sources. Test: 600.
Each head is scored on its test part (macro recall, the shipped model's beside it) and on the 3,000 held-out
SST-2 rows as SST-2 is scored (positive vs negative), so a gain on events cannot hide a loss on binary text.

Categories (`core.feedback.categories`): SemEval-2014 Task 4 restaurant reviews, whose sentences are labelled
with aspect categories (food, service, price, ambience, anecdotes/miscellaneous). Pass the XML files (from
any public copy, e.g. github.com/HugoBrg/sentiment_analysis); sentences with exactly one category are kept.
Descriptions were written once, before the first run, and not tuned. Accuracy by description alone on all of
them, then with 10 examples per category (drawn with seed 0) on the rest. With `--laptops` (the SemEval-2014
laptop XML) too, the sources of four public sets (movies, restaurants, laptops, tweets) as categories.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path
import xml.etree.ElementTree as ET  # our own copies of a public data set, not uploads: no need for defusedxml

import numpy as np

from common import ROOT, machine

sys.path.insert(0, str(ROOT / "scripts"))

from core.models.embeddings import embed  # noqa: E402
from core.feedback import adapt, categories  # noqa: E402
from core.feedback.sentiment import LABELS  # noqa: E402
from sentiment_data import splits  # noqa: E402

ABSA = {"food": "the food, dishes, taste, menu and portions",
        "service": "the staff, waiters, service, being served and how we were treated",
        "price": "the prices, cost, value for money and the bill",
        "ambience": "the atmosphere, decor, music, noise and how the place feels",
        "anecdotes/miscellaneous": "a story about the visit, the restaurant in general, or recommending it"}


def score_heads(name: str, texts: list[str], gold_all: list[str], n_test: int, sizes: tuple[int, ...],
                binary: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    """Shuffle with seed 0; the first n_test rows are the test part, the organiser's corrections come from the rest."""
    order = list(range(len(texts)))
    random.Random(0).shuffle(order)
    texts, gold_all = [texts[i] for i in order], [gold_all[i] for i in order]
    vectors, shipped = adapt.features(texts)
    gold, t_vec, t_ship = gold_all[:n_test], vectors[:n_test], shipped[:n_test]
    before = [LABELS[i] for i in t_ship.argmax(axis=1)]
    b_vec, b_ship, b_gold = binary
    b_before = ((b_ship[:, 2] > b_ship[:, 0]) == b_gold).mean()
    print(f"\n{name}: {len(texts)} rows {({c: gold_all.count(c) for c in LABELS})}; test part the first {n_test} "
          f"after shuffling; shipped macro recall on it {adapt.macro_recall(gold, before):.3f}")
    print("anchors: the pool's rows after the corrections (up to 1,000), unlabelled, as an event's other comments")
    print("corrections  anchors  fit s  penalty  macro recall shipped→adapted  cv agreement  SST-2 binary")
    for n in sizes:
        rows = slice(n_test, n_test + n)
        for anchored in (False, True):
            others = slice(n_test + n, n_test + n + 1000)
            anchors = (vectors[others], shipped[others]) if anchored else None
            start = time.perf_counter()
            head = adapt.adapt_rows(vectors[rows], shipped[rows], gold_all[rows], anchors)
            seconds = time.perf_counter() - start
            after = head.label_rows(t_vec, t_ship)
            logits = head.logits(b_vec, np.log(np.clip(b_ship, 1e-6, 1)))
            b_after = ((logits[:, 2] > logits[:, 0]) == b_gold).mean()
            s = head.stats
            print(f"{n:>11}  {len(anchors[0]) if anchored else 0:>7}  {seconds:5.1f}  {head.penalty:7.1f}  "
                  f"{adapt.macro_recall(gold, before):.3f} → {adapt.macro_recall(gold, after):.3f}"
                  f"              {s['shipped_agreement']:.2f} → {s['adapted_agreement']:.2f}   "
                  f"{b_before:.4f} → {b_after:.4f}")


def sentiment_part(data: str, absa: list[str]) -> None:
    parts = splits(Path(data))
    binary = parts["val_sst2"]
    b_vec, b_ship = adapt.features(binary.texts)
    b = (b_vec, b_ship, np.array([y == 2 for y in binary.labels]))
    if absa:
        rows = read_absa(absa, "polarity")
        score_heads("SemEval-2014 restaurant sentences (one polarity; never trained on)", [t for t, _ in rows],
                    [y for _, y in rows], 1000, (50, 100, 200, 500, 1000), b)
    pool = [(t, LABELS[y]) for part in ("val_tweets", "val_sst5") for t, y in zip(parts[part].texts, parts[part].labels)]
    score_heads("held-out TweetEval + SST-5 (same sources as training)", [t for t, _ in pool], [y for _, y in pool],
                600, (50, 100, 200, 500), b)
    texts = [t for t, _ in pool[:200]]
    labels = [y for _, y in pool[:200]]
    from core.models.embeddings import _cache  # a cold start: nothing embedded yet
    _cache.clear()
    start = time.perf_counter()
    adapt.adapt(texts, labels)
    print(f"adapt() on 200 corrections from text, both models reading them: {time.perf_counter() - start:.1f} s")


def read_absa(paths: list[str], field: str = "category") -> list[tuple[str, str]]:
    """(sentence, its one category) or (sentence, its one polarity among LABELS)."""
    rows = []
    for path in paths:
        for sentence in ET.parse(path).getroot().iter("sentence"):
            found = {c.get(field) for c in sentence.iter("aspectCategory")}
            if len(found) == 1 and (field == "category" or next(iter(found)) in LABELS):
                rows.append((sentence.findtext("text").strip(), found.pop()))
    return rows


def categories_part(paths: list[str]) -> None:
    rows = read_absa(paths)
    texts, gold = [t for t, _ in rows], [c for _, c in rows]
    counts = {c: gold.count(c) for c in ABSA}
    print(f"\nSemEval-2014 restaurants: {len(rows)} sentences with one category {counts}")
    vectors = embed(texts)
    by_description = categories.assign(texts, ABSA, vectors=vectors, min_similarity=-1)
    print(f"descriptions only: accuracy {np.mean([p == g for p, g in zip(by_description, gold)]):.3f} on all {len(rows)}")
    rng = random.Random(0)
    shown = {c: rng.sample([i for i, g in enumerate(gold) if g == c], 10) for c in ABSA}
    held = sorted(set(range(len(rows))) - {i for ids in shown.values() for i in ids})
    examples = {c: [texts[i] for i in ids] for c, ids in shown.items()}
    with_examples = categories.assign([texts[i] for i in held], ABSA, examples, vectors=vectors[held], min_similarity=-1)
    no_examples = [by_description[i] for i in held]
    g = [gold[i] for i in held]
    print(f"with 10 confirmed examples each: accuracy {np.mean([p == x for p, x in zip(with_examples, g)]):.3f} "
          f"on the other {len(held)} (descriptions alone on them: {np.mean([p == x for p, x in zip(no_examples, g)]):.3f})")
    big = (vectors[np.arange(10_000) % len(vectors)])
    ten = {f"{c} {k}": d for k in range(2) for c, d in ABSA.items()}
    categories.assign(texts[:10], ten, vectors=vectors[:10])  # the descriptions' embeddings, cached
    start = time.perf_counter()
    categories.assign([texts[i % len(texts)] for i in range(10_000)], ten, vectors=big)
    print(f"assigning 10,000 comments to 10 categories, embeddings cached: {time.perf_counter() - start:.2f} s")


SOURCES = {"Movies": "a film, the actors, the plot, the director, the script, the cast",
           "Restaurants": "the food, the dishes, the waiters, the menu, dinner at the restaurant",
           "Laptops": "the laptop, the battery, the screen, the keyboard, the computer's software",
           "Twitter": "a short social media post about news, sport, music, celebrities or politics"}


def sources_part(data: str, restaurants: list[str], laptops: list[str], per_source: int = 1000) -> None:
    """The issue's other route: the sources of public review sets as categories (each text's category is the
    set it came from), 1,000 texts a source, sampled with seed 0. Descriptions written once, before the run."""
    rng = random.Random(0)
    parts = splits(Path(data))
    pools = {"Movies": parts["check_rt"].texts, "Restaurants": [t for t, _ in read_absa(restaurants, "polarity")],
             "Laptops": [t for t, _ in read_laptops(laptops)], "Twitter": parts["val_tweets"].texts
             + parts["train_tweets"].texts}
    rows = [(t, name) for name, pool in pools.items() for t in rng.sample(pool, min(per_source, len(pool)))]
    texts, gold = [t for t, _ in rows], [g for _, g in rows]
    vectors = embed(texts)
    found = categories.assign(texts, SOURCES, vectors=vectors, min_similarity=-1)
    print(f"\nsources as categories: {len(rows)} texts {({n: gold.count(n) for n in SOURCES})}")
    print(f"descriptions only: accuracy {np.mean([p == g for p, g in zip(found, gold)]):.3f}")
    shown = {c: rng.sample([i for i, g in enumerate(gold) if g == c], 10) for c in SOURCES}
    held = sorted(set(range(len(rows))) - {i for ids in shown.values() for i in ids})
    examples = {c: [texts[i] for i in ids] for c, ids in shown.items()}
    with_examples = categories.assign([texts[i] for i in held], SOURCES, examples, vectors=vectors[held],
                                      min_similarity=-1)
    print(f"with 10 confirmed examples each: accuracy "
          f"{np.mean([p == gold[i] for p, i in zip(with_examples, held)]):.3f} on the other {len(held)}")


def read_laptops(paths: list[str]) -> list[tuple[str, str]]:
    """SemEval-2014 laptop sentences (they have aspect terms, not categories): every sentence, source 'Laptops'."""
    return [(sentence.findtext("text").strip(), "Laptops") for path in paths
            for sentence in ET.parse(path).getroot().iter("sentence")]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "sentiment"))
    parser.add_argument("--absa", nargs="*", default=[], help="SemEval-2014 restaurant XML files")
    parser.add_argument("--laptops", nargs="*", default=[], help="SemEval-2014 laptop XML files")
    parser.add_argument("--only-sources", action="store_true", help="only the sources-as-categories part")
    args = parser.parse_args()
    print(machine())
    if not args.only_sources:
        sentiment_part(args.data, args.absa)
        if args.absa:
            categories_part(args.absa)
    if args.absa and args.laptops:
        sources_part(args.data, args.absa, args.laptops)


if __name__ == "__main__":
    main()
