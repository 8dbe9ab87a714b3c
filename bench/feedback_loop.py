"""The organiser's corrections and categories, chosen by leave-one-set-out on public sets the shipped classifier
never trained on, each beside the simplest method measured in the same run on the same draws.

    .venv/bin/python bench/feedback_loop.py --sets FOLDER [--data ../shared/data/sentiment] [--seeds 3]

FOLDER holds the public copies `bench/feedback_sets.py` names (SemEval-2014, TweetEval, an AG News sample).

Protocol. Every method with a setting (a penalty, a weight) is a candidate. For each set in turn, the candidate
with the best mean over the *other* sets is chosen and reported on the set left out; the tables give the median
and the worst set of those held-out figures. Draws (test part, corrections, examples) use seeds 0, 1, 2…; a
figure is the mean over seeds.

Sentiment (`core.feedback.adapt`), five sets, shuffled per seed; the test part is the first 1,000 (600 for the
1,200 SST-5 and 1,272 laptop rows). Three draws of corrections from the rest: "random", 200 or 500 rows with their
gold label (an organiser labelling a sample); "mistakes", the first 200 rows the shipped classifier got wrong,
corrected (what the page asks an organiser to do; SST-5 has too few mistakes outside its test part). The event's
other, uncorrected comments ("anchors") are up to 1,000 further rows. Gain = macro recall after - macro recall of
the shipped classifier, on the test part. Simplest method: a class-balanced logistic regression (scikit-learn,
C=1) on the embedding beside the shipped log-probabilities. What ships is the candidate with the best mean gain
over every (set, draw) case.

Categories (`core.feedback.categories`), five sets, five descriptions per category (all reported): accuracy by
description alone on every text, and with 10 examples per category drawn per seed, on the rest. Simplest
method: cosine to the description's embedding; with examples, to the description's embedding plus the examples'
centre. Then the page's suggestions: start from the descriptions, confirm the comments the page suggests, one
per category per round, 6 rounds; accuracy on the rest.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from common import ROOT, machine

from core.feedback import adapt
from core.feedback.sentiment import LABELS
from feedback_categories import categories_part
from feedback_sets import sentiment_sets
from loso import cached, leave_one_out, summary

DRAWS = (("random", 200), ("random", 500), ("mistakes", 200))


# --- sentiment -----------------------------------------------------------------------------------------------

def simplest_head(c: float = 1.0):
    def fit(x, p, y, anchors):
        from sklearn.linear_model import LogisticRegression
        model = LogisticRegression(C=c, class_weight="balanced", max_iter=2000)
        model.fit(np.hstack([x, np.log(np.clip(p, 1e-6, 1))]), y)
        return lambda x2, p2: list(model.predict(np.hstack([x2, np.log(np.clip(p2, 1e-6, 1))])))
    return fit


def cv_head(guarded: bool, c: float | None = None):
    """Class-balanced logistic regression, its C chosen by 5-fold cross-validation on the corrections (or fixed);
    `guarded`: used only if, in that cross-validation, it beats the shipped classifier on the corrections."""
    def fit(x, p, y, anchors):
        from sklearn.linear_model import LogisticRegression, LogisticRegressionCV
        from sklearn.model_selection import cross_val_predict
        features = np.hstack([x, np.log(np.clip(p, 1e-6, 1))])
        if c is None:
            model = LogisticRegressionCV(Cs=[0.1, 0.3, 1.0, 3.0], class_weight="balanced", cv=5,
                                         scoring="balanced_accuracy", max_iter=2000)
        else:
            model = LogisticRegression(C=c, class_weight="balanced", max_iter=2000)
        model.fit(features, y)
        if guarded:
            fixed = LogisticRegression(C=getattr(model, "C_", [c])[0], class_weight="balanced", max_iter=2000)
            held = cross_val_predict(fixed, features, y, cv=5)
            if adapt.macro_recall(list(y), list(held)) <= adapt.macro_recall(list(y), [LABELS[i] for i in p.argmax(1)]):
                return lambda x2, p2: [LABELS[i] for i in p2.argmax(axis=1)]
        return lambda x2, p2: list(model.predict(np.hstack([x2, np.log(np.clip(p2, 1e-6, 1))])))
    return fit


def shipped_head(anchored: bool = True):
    def fit(x, p, y, anchors):
        head = adapt.adapt_rows(x, p, y, anchors if anchored else None)
        return head.label_rows
    return fit


def anchored_lr(c: float):
    """The simplest method plus the event's uncorrected comments, labelled as the shipped model labels them and
    together weighing as much as the corrections."""
    def fit(x, p, y, anchors):
        from sklearn.linear_model import LogisticRegression
        from sklearn.utils.class_weight import compute_sample_weight
        ax, ap = anchors
        features = np.hstack([np.vstack([x, ax]), np.log(np.clip(np.vstack([p, ap]), 1e-6, 1))])
        weight = np.concatenate([compute_sample_weight("balanced", y), np.full(len(ax), len(y) / max(len(ax), 1))])
        labels = list(y) + [LABELS[i] for i in ap.argmax(axis=1)]
        model = LogisticRegression(C=c, max_iter=2000).fit(features, labels, sample_weight=weight)
        return lambda x2, p2: list(model.predict(np.hstack([x2, np.log(np.clip(p2, 1e-6, 1))])))
    return fit


SENTIMENT_METHODS = {"shipped head (anchors)": shipped_head(True), "shipped head, no anchors": shipped_head(False),
                     "logistic regression C=0.1": simplest_head(0.1), "logistic regression C=1 (simplest)":
                     simplest_head(1.0), "logistic regression C=1, kept if CV beats the shipped": cv_head(True, 1.0),
                     "logistic regression C=1, anchors": anchored_lr(1.0),
                     "logistic regression C=0.3, anchors": anchored_lr(0.3)}
SIMPLEST_SENTIMENT = "logistic regression C=1 (simplest)"


def draw(kind: str, size: int, order: np.ndarray, n_test: int, wrong: np.ndarray):
    """(test rows, correction rows, uncorrected rows) for one seed's order. "random": the organiser labels a
    random sample of comments. "mistakes": the organiser reads the comments and corrects the ones the shipped
    classifier got wrong, as the page asks them to: every correction disagrees with the model."""
    test, pool = order[:n_test], order[n_test:]
    if kind == "random":
        rows = pool[:size]
    else:
        rows = pool[wrong[pool]][:size]
        if len(rows) < size:
            return None
    others = np.setdiff1d(pool, rows)[:1000]
    return test, rows, others


def sentiment_gains(sets, features, seeds: int) -> dict:
    """{(set, draw, method): mean gain over seeds}, and {set: shipped macro recall on the test parts}."""
    gains, shipped_mr = {}, {}
    for s, (x_all, p_all) in zip(sets, features):
        y_all = np.array(s.labels)
        wrong = np.array([LABELS[i] for i in p_all.argmax(axis=1)]) != y_all
        n_test = 600 if len(y_all) < 2000 else 1000
        for kind, size in DRAWS:
            per = {m: [] for m in SENTIMENT_METHODS}
            for seed in range(seeds):
                parts = draw(kind, size, np.random.default_rng(seed).permutation(len(y_all)), n_test, wrong)
                if parts is None:
                    break
                test, rows, others = parts
                gold = list(y_all[test])
                before = adapt.macro_recall(gold, [LABELS[i] for i in p_all[test].argmax(axis=1)])
                shipped_mr[s.name] = before
                for name, method in SENTIMENT_METHODS.items():
                    predict = method(x_all[rows], p_all[rows], list(y_all[rows]), (x_all[others], p_all[others]))
                    per[name].append(adapt.macro_recall(gold, predict(x_all[test], p_all[test])) - before)
            for name, values in per.items():
                gains[(s.name, (kind, size), name)] = float(np.mean(values)) if values else float("nan")
            print(f"  {s.name}, {size} corrections ({kind}): "
                  + ", ".join(f"{m} {np.mean(v):+.3f}" for m, v in per.items() if v), flush=True)
    return {"gains": gains, "shipped": shipped_mr}


def sentiment_part(data: Path, sets_folder: Path, cache: Path, seeds: int) -> None:
    sets = sentiment_sets(data, sets_folder)
    features = [cached("s-" + s.name, s.texts, cache, adapt.features) for s in sets]
    print("\nSentiment: sets (rows; shipped macro recall on the whole set)")
    for s, (_, p) in zip(sets, features):
        shipped = adapt.macro_recall(s.labels, [LABELS[i] for i in p.argmax(axis=1)])
        print(f"  {s.name}: {len(s.texts):,} {({c: s.labels.count(c) for c in LABELS})}, shipped {shipped:.3f}")
    found = sentiment_gains(sets, features, seeds)
    names = [s.name for s in sets]
    methods = list(SENTIMENT_METHODS)
    for key in DRAWS:
        kind, size = key
        usable = [n for n in names if not np.isnan(found["gains"][(n, key, methods[0])])]
        print(f"\n{size} corrections, {kind}: gain in macro recall over the shipped classifier (mean of {seeds} seeds)")
        print("| set | shipped | " + " | ".join(methods) + " | chosen leaving the set out |")
        chosen = leave_one_out(usable, lambda n, m: found["gains"][(n, key, m)], methods)
        for n in usable:
            cells = " | ".join(f"{found['gains'][(n, key, m)]:+.3f}" for m in methods)
            print(f"| {n} | {found['shipped'][n]:.3f} | {cells} | {chosen[n][0]}: {chosen[n][1]:+.3f} |")
        for m in methods:
            print(f"  {m}: {summary([found['gains'][(n, key, m)] for n in usable])}")
        print(f"  leave-one-set-out choice: {summary([v for _, v in chosen.values()])}")
    every = [(n, key) for key in DRAWS for n in names if not np.isnan(found["gains"][(n, key, methods[0])])]
    print("\nall three draws together, each (set, draw) a case; chosen on the other sets' cases:")
    chosen = {}
    for held in names:
        rest = [(n, k) for n, k in every if n != held]
        pick = max(methods, key=lambda m: np.mean([found["gains"][(n, k, m)] for n, k in rest]))
        for n, k in every:
            if n == held:
                chosen[(n, k)] = (pick, found["gains"][(n, k, pick)])
    ships = max(methods, key=lambda m: np.mean([found["gains"][(n, k, m)] for n, k in every]))
    print(f"  chosen on all five sets, what the page ships: {ships} (mean gain "
          + ", ".join(f"{m} {np.mean([found['gains'][(n, k, m)] for n, k in every]):+.4f}" for m in methods) + ")")
    for key in DRAWS:
        picks = [chosen[(n, k)] for n, k in every if k == key]
        print(f"  {key[1]} {key[0]}: {summary([v for _, v in picks])} "
              f"({', '.join(sorted(set(m for m, _ in picks)))})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "sentiment"))
    parser.add_argument("--sets", required=True, help="folder of the public copies named in feedback_sets.py")
    parser.add_argument("--cache", default=str(ROOT / ".cache" / "bench-features"))
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--only", choices=("sentiment", "categories"))
    args = parser.parse_args()
    print(machine())
    started = time.perf_counter()
    if args.only != "categories":
        sentiment_part(Path(args.data), Path(args.sets), Path(args.cache), args.seeds)
    if args.only != "sentiment":
        categories_part(Path(args.data), Path(args.sets), Path(args.cache), args.seeds)
    print(f"\n{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
