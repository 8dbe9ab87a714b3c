"""The labelled sentiment data used to train and evaluate the feedback classifier, and its fixed splits.

One module, beside the training and evaluation scripts that import it, so that they cannot disagree about
which rows were held out. The app never reads it: only training does. Labels: 0 negative, 1 neutral, 2 positive.

Sources under `--data` (the project's ../shared/data/sentiment):
- sst2-glue/train.tsv: movie-review phrases and sentences, negative/positive;
- sst5-fine-grained/train.txt: the 8,545 full SST train sentences, 5 classes folded to 3 (1-2 negative,
  3 neutral, 4-5 positive): the main source of neutral, and a sentence-level held-out set. SST-2's phrases
  are cut from these same sentences, so every SST-2 phrase found inside a held-out SST-5 sentence is dropped
  from training;
- tweeteval-sentiment (validation set): tweets, negative/neutral/positive;
- rt-polarity-v1.0: review sentences, negative/positive. Never trained on: SST-2's dev and test sentences
  come from this corpus, so it serves only as an SST-2-style check.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

LABELS = ["negative", "neutral", "positive"]
SEED = 13
SST2_HELD_OUT = 3000
TWEETS_HELD_OUT = 400
SST5_HELD_OUT = 1200


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


def read_sst5(root: Path) -> list[tuple[str, int]]:
    """Example line: "__label__3\tYet the act is still charming here ." -> ("Yet the act is still charming here.", 1)"""
    pairs = []
    for line in (root / "sst5-fine-grained" / "train.txt").read_text(encoding="utf-8").splitlines():
        label, text = line.split("\t", 1)
        fine = int(label.removeprefix("__label__"))
        pairs.append((_detokenise(text), 0 if fine <= 2 else 1 if fine == 3 else 2))
    return _shuffled(pairs)


def _detokenise(text: str) -> str:
    """Treebank spacing back to prose, as feedback is written: "do n't" -> "don't", "-LRB-" -> "(" """
    text = text.replace("-LRB-", "(").replace("-RRB-", ")").replace("``", '"').replace("''", '"')
    text = re.sub(r" (n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1", text)
    return re.sub(r" ([.,!?;:%)])", r"\1", text).replace("( ", "(").strip()


def read_rt_polarity(root: Path) -> Split:
    folder = root / "rt-polarity-v1.0"
    # split on "\n" only: str.splitlines() would also split on the \x85 some reviews contain
    neg = [t.strip() for t in (folder / "rt-polarity.neg").read_text(encoding="latin-1").split("\n") if t.strip()]
    pos = [t.strip() for t in (folder / "rt-polarity.pos").read_text(encoding="latin-1").split("\n") if t.strip()]
    return Split(neg + pos, [0] * len(neg) + [2] * len(pos))


def splits(root: Path, sst5: bool = True) -> dict[str, Split]:
    """{'train_sst2', 'train_sst5', 'train_tweets', 'val_sst2', 'val_sst5', 'val_tweets', 'check_rt'}: the
    same rows on every call. 'train_sst5' and 'val_sst5' exist only when the SST-5 file is there."""
    sst2, tweets = read_sst2(root), read_tweets(root)

    def split(pairs):
        return Split([t for t, _ in pairs], [y for _, y in pairs])

    out = {"val_tweets": split(tweets[:TWEETS_HELD_OUT]), "train_tweets": split(tweets[TWEETS_HELD_OUT:]),
           "check_rt": read_rt_polarity(root)}
    if sst5 and (root / "sst5-fine-grained" / "train.txt").exists():
        sst5 = read_sst5(root)
        held = sst5[:SST5_HELD_OUT]
        out["val_sst5"], out["train_sst5"] = split(held), split(sst5[SST5_HELD_OUT:])
        # SST-2 phrases are pieces of SST sentences: training on a piece of a held-out sentence would leak it
        held_text = "\n".join(_squash(t) for t, _ in held)
        sst2 = [(t, y) for t, y in sst2 if _squash(t) not in held_text]
    out["val_sst2"], out["train_sst2"] = split(sst2[:SST2_HELD_OUT]), split(sst2[SST2_HELD_OUT:])
    return out


def _squash(text: str) -> str:
    """Lower case, letters and digits only: SST-2 and SST-5 spell the same words with different spacing."""
    return re.sub(r"[^a-z0-9]+", "", text.lower())
