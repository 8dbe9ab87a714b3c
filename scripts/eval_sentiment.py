"""Evaluate the feedback sentiment classifier on the splits held out from training.

    .venv/bin/python scripts/eval_sentiment.py --data ../shared/data/sentiment [--out core/trained/sentiment-minilm-lora/eval.json]

Reports binary accuracy (positive vs negative, as SST-2 is scored) and macro-F1 on held-out SST-2 rows and
on RT-polarity (never trained on), and 3-way accuracy / macro-F1 on held-out TweetEval rows. It evaluates
whatever `core.sentiment` loads, so a configured EVENTS_LLM_SENTIMENT model is measured the same way.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core import sentiment  # noqa: E402
from core.models.cache import MODELS  # noqa: E402
from core.sentiment_data import LABELS, splits  # noqa: E402


def macro_f1(gold: list[str], pred: list[str], labels: list[str]) -> float:
    """Example: gold [a, b], pred [a, a], labels [a, b] -> mean(F1(a)=0.667, F1(b)=0) = 0.333"""
    scores = []
    for label in labels:
        tp = sum(g == p == label for g, p in zip(gold, pred))
        fp = sum(p == label != g for g, p in zip(gold, pred))
        fn = sum(g == label != p for g, p in zip(gold, pred))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)


def evaluate(texts: list[str], labels: list[int], binary: bool) -> dict:
    results = sentiment.classify(texts)
    gold = [LABELS[y] for y in labels]
    if binary:
        pred = ["positive" if r["scores"]["positive"] > r["scores"]["negative"] else "negative" for r in results]
        names = ["negative", "positive"]
    else:
        pred = [r["label"] for r in results]
        names = LABELS
    accuracy = sum(g == p for g, p in zip(gold, pred)) / len(gold)
    return {"rows": len(gold), "accuracy": round(accuracy, 4), "macro_f1": round(macro_f1(gold, pred, names), 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "sentiment")
    parser.add_argument("--out", type=Path, help="also write the report as JSON here")
    args = parser.parse_args()
    data = splits(args.data)
    start = time.perf_counter()
    MODELS.get("sentiment")
    report = {
        "sst2_held_out_binary": evaluate(data["val_sst2"].texts, data["val_sst2"].labels, binary=True),
        "rt_polarity_binary": evaluate(data["check_rt"].texts, data["check_rt"].labels, binary=True),
        "tweeteval_held_out_3way": evaluate(data["val_tweets"].texts, data["val_tweets"].labels, binary=False),
    }
    report["model"] = next(r.source for r in MODELS.records() if r.name == "sentiment")
    report["seconds"] = round(time.perf_counter() - start, 1)
    print(json.dumps(report, indent=2))
    if args.out:
        args.out.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
