"""Sentiment throughput: `core.feedback.sentiment.classify` against `transformers.pipeline("text-classification")`
on the same merged weights, 2,000 demo-like comments, in one run; plus accuracy of both on held-out
SST-2 rows so a speed-up cannot hide a quality loss.

    .venv/bin/python bench/sentiment.py [--data ../shared/data/sentiment]

Last line: speedup_vs_pipeline: <pipeline seconds> / <classify seconds>.
"""
from __future__ import annotations

import argparse
import random
import tempfile
from pathlib import Path

import sys

from common import ROOT, best_of, machine

from transformers import pipeline

sys.path.insert(0, str(ROOT / "scripts"))  # the training data's splits live beside the training scripts

from core.feedback import sentiment
from core.models.cache import MODELS
from core.store.demo import load_demo_event
from sentiment_data import splits


def demo_like_comments(n: int) -> list[str]:
    """The demo comments, recombined into n distinct ones of realistic length."""
    rng = random.Random(0)
    pool = load_demo_event().feedback["text"].tolist()
    return [" ".join(rng.sample(pool, rng.choice([1, 1, 2, 3]))) for _ in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "sentiment"))
    parser.add_argument("--n", type=int, default=2000)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    classifier = MODELS.get("sentiment")
    with tempfile.TemporaryDirectory() as merged:  # the pipeline reads the very same (merged) weights
        classifier.model.save_pretrained(merged)
        classifier.tokenizer.save_pretrained(merged)
        pipe = pipeline("text-classification", model=merged, device="cpu", top_k=None)
    texts = demo_like_comments(args.n)
    sentiment.classify(texts[:64])
    pipe(texts[:8])

    ours = best_of(lambda: sentiment.classify(texts), 2)
    plain = best_of(lambda: pipe(texts, truncation=True, max_length=256), 1)
    batched = best_of(lambda: pipe(texts, batch_size=64, truncation=True, max_length=256), 2)
    print(f"\n{args.n} comments")
    print(f"  pipeline (default, one at a time) {plain:6.2f} s  {args.n / plain:6.0f} comments/s")
    print(f"  pipeline (batch_size=64)          {batched:6.2f} s  {args.n / batched:6.0f} comments/s")
    print(f"  core.feedback.sentiment.classify           {ours:6.2f} s  {args.n / ours:6.0f} comments/s  (batched by token length)")

    held_out = splits(Path(args.data))["val_sst2"]
    gold = ["negative" if y == 0 else "positive" for y in held_out.labels]
    ours_scores = [r["scores"] for r in sentiment.classify(held_out.texts)]
    pipe_scores = [{x["label"]: x["score"] for x in r} for r in pipe(held_out.texts, batch_size=64)]

    def binary_accuracy(scores: list[dict]) -> float:  # SST-2 style: the larger of positive vs negative
        return sum(g == ("positive" if s["positive"] > s["negative"] else "negative")
                   for g, s in zip(gold, scores)) / len(gold)

    print(f"\nheld-out SST-2 rows ({len(gold)}), binary accuracy:")
    print(f"  pipeline {binary_accuracy(pipe_scores):.4f}   classify {binary_accuracy(ours_scores):.4f}")
    print(f"speedup_vs_pipeline_batched: {batched / ours:.2f}x")
    print(f"speedup_vs_pipeline: {plain / ours:.2f}x")


if __name__ == "__main__":
    main()
