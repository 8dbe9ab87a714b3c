"""Evaluate the feedback sentiment classifier on the splits held out from training.

    .venv/bin/python scripts/eval_sentiment.py --data ../shared/data/sentiment [--out core/trained/sentiment-minilm-lora/eval.json]

Reports binary accuracy (positive vs negative, as SST-2 is scored) and macro-F1 on held-out SST-2 rows, on
the polar sentences of held-out SST-5 and on RT-polarity (never trained on), and 3-way accuracy, macro-F1
and macro-averaged recall on held-out TweetEval and SST-5 rows, with neutral both learned and by the fold
rule of `core.feedback.sentiment`. It evaluates
whatever `core.feedback.sentiment` loads, so a configured EVENTS_LLM_SENTIMENT model is measured the same way.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.feedback import sentiment  # noqa: E402
from core.models.cache import MODELS  # noqa: E402
from sentiment_data import LABELS, splits  # noqa: E402


def macro_f1(gold: list[str], pred: list[str], labels: list[str]) -> float:
    """Example: gold [a, b], pred [a, a], labels [a, b] -> mean(F1(a)=0.667, F1(b)=0) = 0.333"""
    scores = []
    for label in labels:
        tp = sum(g == p == label for g, p in zip(gold, pred))
        fp = sum(p == label != g for g, p in zip(gold, pred))
        fn = sum(g == label != p for g, p in zip(gold, pred))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)


def macro_recall(gold: list[str], pred: list[str], labels: list[str]) -> float:
    """Example: gold [a, a, b], pred [a, b, b] -> mean(recall(a)=0.5, recall(b)=1.0) = 0.75"""
    recalls = [sum(g == p == label for g, p in zip(gold, pred)) / max(1, sum(g == label for g in gold))
               for label in labels]
    return sum(recalls) / len(recalls)


def evaluate(texts: list[str], labels: list[int], binary: bool, fold: bool | None = None) -> dict:
    results = sentiment.classify(texts, fold=fold)
    gold = [LABELS[y] for y in labels]
    if binary:
        pred = ["positive" if r["scores"]["positive"] > r["scores"]["negative"] else "negative" for r in results]
        names = ["negative", "positive"]
    else:
        pred = [r["label"] for r in results]
        names = LABELS
    accuracy = sum(g == p for g, p in zip(gold, pred)) / len(gold)
    return {"rows": len(gold), "accuracy": round(accuracy, 4), "macro_f1": round(macro_f1(gold, pred, names), 4),
            "macro_recall": round(macro_recall(gold, pred, names), 4)}


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
    }
    three_way = {"tweeteval_held_out_3way": data["val_tweets"]}
    if "val_sst5" in data:
        sst5 = data["val_sst5"]
        polar = [i for i, y in enumerate(sst5.labels) if y != 1]
        report["sst5_held_out_binary"] = evaluate([sst5.texts[i] for i in polar], [sst5.labels[i] for i in polar],
                                                  binary=True)
        three_way["sst5_held_out_3way"] = sst5
    for name, split in three_way.items():  # neutral both ways: learned, and by the fold rule
        report[name + "_learned_neutral"] = evaluate(split.texts, split.labels, binary=False, fold=False)
        report[name + "_fold_rule"] = evaluate(split.texts, split.labels, binary=False, fold=True)
    report["model"] = next(r.source for r in MODELS.records() if r.name == "sentiment")
    report["seconds"] = round(time.perf_counter() - start, 1)
    print(json.dumps(report, indent=2))
    if args.out:
        args.out.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
