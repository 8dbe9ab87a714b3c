"""The labelled sentiment data used to train and evaluate the feedback classifier, and its fixed splits.

Kept in `core` (not in the scripts) so that training and evaluation cannot disagree about which rows
were held out. Labels: 0 negative, 1 neutral, 2 positive.

Sources under `--data` (the project's ../shared/data/sentiment):
- sst2-glue/train.tsv: movie-review phrases and sentences, negative/positive;
- tweeteval-sentiment (validation set): tweets, negative/neutral/positive — the only neutral examples;
- rt-polarity-v1.0: review sentences, negative/positive. Never trained on: SST-2's dev and test sentences
  come from this corpus, so it serves only as an SST-2-style check.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

LABELS = ["negative", "neutral", "positive"]
SEED = 13
SST2_HELD_OUT = 3000
TWEETS_HELD_OUT = 400


@dataclass
class Split:
    texts: list[str]
    labels: list[int]

    def __len__(self) -> int:
        return len(self.texts)

    def extend(self, other: "Split", times: int = 1) -> "Split":
        return Split(self.texts + other.texts * times, self.labels + other.labels * times)


def _shuffled(pairs: list[tuple[str, int]]) -> list[tuple[str, int]]:
    random.Random(SEED).shuffle(pairs)
    return pairs


def read_sst2(root: Path) -> list[tuple[str, int]]:
    lines = (root / "sst2-glue" / "train.tsv").read_text(encoding="utf-8").splitlines()[1:]
    pairs = []
    for line in lines:
        text, label = line.rsplit("\t", 1)
        pairs.append((text.strip(), 2 if label.strip() == "1" else 0))
    return _shuffled(pairs)


def read_tweets(root: Path) -> list[tuple[str, int]]:
    folder = root / "tweeteval-sentiment"
    texts = (folder / "val_text.txt").read_text(encoding="utf-8").splitlines()
    labels = (folder / "val_labels.txt").read_text(encoding="utf-8").split()
    return _shuffled([(t.strip(), int(y)) for t, y in zip(texts, labels)])


def read_rt_polarity(root: Path) -> Split:
    folder = root / "rt-polarity-v1.0"
    # split on "\n" only: str.splitlines() would also split on the \x85 some reviews contain
    neg = [t.strip() for t in (folder / "rt-polarity.neg").read_text(encoding="latin-1").split("\n") if t.strip()]
    pos = [t.strip() for t in (folder / "rt-polarity.pos").read_text(encoding="latin-1").split("\n") if t.strip()]
    return Split(neg + pos, [0] * len(neg) + [2] * len(pos))


def splits(root: Path) -> dict[str, Split]:
    """{'train_sst2', 'train_tweets', 'val_sst2', 'val_tweets', 'check_rt'} — the same rows on every call."""
    sst2, tweets = read_sst2(root), read_tweets(root)

    def split(pairs):
        return Split([t for t, _ in pairs], [y for _, y in pairs])

    return {
        "val_sst2": split(sst2[:SST2_HELD_OUT]),
        "train_sst2": split(sst2[SST2_HELD_OUT:]),
        "val_tweets": split(tweets[:TWEETS_HELD_OUT]),
        "train_tweets": split(tweets[TWEETS_HELD_OUT:]),
        "check_rt": read_rt_polarity(root),
    }
