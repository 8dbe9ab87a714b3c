"""Sentiment of attendee comments with the encoder classifier.

    classify(["Loved it!", "The room was too hot."])
    -> [{"label": "positive", "score": 0.97, "scores": {"negative": 0.01, "neutral": 0.02, "positive": 0.97}}, ...]

Texts are batched by token length (core.models.batching), so a batch pads to similar lengths and long comments
go in smaller batches; results come back in the caller's order.

Neutral. The shipped adapter learned neutral from the SST-5 neutral sentences and TweetEval's neutral
tweets, and on held-out data its learned neutral beats the older rule below, so its card says
`"neutral": "learned"` and the rule is off. Two-class models, and three-class models whose neutral is weak,
read *cancelling evidence* as neutral instead: the probability the model gives the weaker of positive and
negative, matched by as much of the stronger one, moves to neutral (see `fold_uncertainty`). Positive minus
negative is unchanged, so binary (SST-2-style) accuracy is the same either way.
"""
from __future__ import annotations

import math
from typing import Callable

import torch

from core.models import MODELS, Classifier, length_batches, tokenizer_lock

MODEL_NAME = "sentiment"
LABELS = ("negative", "neutral", "positive")
MAX_TOKENS = 256  # MiniLM was trained on 256-token inputs; longer comments are cut there

Progress = Callable[[int, int], None]


def probabilities(classifier: Classifier, texts: list[str], batch_size: int = 64,
                  progress: Progress | None = None, fold: bool | None = None) -> list[dict[str, float]]:
    """{label: probability} per text, in input order; preprocess -> forward -> postprocess per batch.

    Texts are tokenised once, then batched by token length (see core.models.batching): a batch of long comments is
    smaller, so memory stays flat whatever the mix."""
    if fold is None:
        fold = folds_neutral(classifier)
    out: list[dict[str, float] | None] = [None] * len(texts)
    with tokenizer_lock(classifier.tokenizer):
        encoded = classifier.tokenizer(texts, truncation=True, max_length=MAX_TOKENS) if texts else {"input_ids": []}
    done = 0
    with torch.inference_mode():
        for batch in length_batches([len(ids) for ids in encoded["input_ids"]], batch_size):
            with tokenizer_lock(classifier.tokenizer):
                enc = classifier.tokenizer.pad({key: [values[i] for i in batch] for key, values in encoded.items()},
                                               return_tensors="pt")
            probs = torch.softmax(classifier.model(**enc).logits.float(), dim=-1)
            for i, row in zip(batch, probs.tolist()):
                scores = dict.fromkeys(LABELS, 0.0)
                for label, p in zip(classifier.labels, row):
                    if label:
                        scores[label] += p
                total = sum(scores.values()) or 1.0
                scores = {k: v / total for k, v in scores.items()}
                out[i] = fold_uncertainty(scores) if fold else scores
            done += len(batch)
            if progress:
                progress(done, len(texts))
    return out  # type: ignore[return-value]


def fold_uncertainty(scores: dict[str, float]) -> dict[str, float]:
    """Move evidence that cancels out into neutral; the sum and positive - negative stay the same.

    Example: {"negative": 0.3, "neutral": 0.0, "positive": 0.7}
          -> {"negative": 0.0, "neutral": 0.6, "positive": 0.4}   (neutral: unsure which side)
    """
    both = min(scores["negative"], scores["positive"])
    return {"negative": scores["negative"] - both, "neutral": scores["neutral"] + 2 * both,
            "positive": scores["positive"] - both}


def folds_neutral(classifier: Classifier) -> bool:
    """Whether this model's neutral comes from the fold rule: always for two-class models, which have no
    neutral; for three-class ones unless the loader found a card saying their neutral is learned."""
    return "neutral" not in classifier.labels or classifier.fold_neutral


def classify(texts: list[str], batch_size: int = 64, progress: Progress | None = None,
             fold: bool | None = None) -> list[dict]:
    """Label every text negative, neutral or positive, with the probabilities behind the label. `fold` forces
    the fold rule on or off (None: as the model's card says, see `folds_neutral`)."""
    if not texts:
        return []
    results = []
    for scores in probabilities(MODELS.get(MODEL_NAME), texts, batch_size, progress, fold):
        label = max(scores, key=scores.get)
        results.append({"label": label, "score": scores[label], "scores": scores})
    return results


def explain(text: str, max_words: int = 60) -> list[dict]:
    """Leave-one-word-out occlusion: how much each word props up the predicted label.

    Returns one row per word: {"word", "label", "effect"}. The effect is measured in log-odds of the
    predicted label, so it still shows which words matter when the probability is saturated near 1:
    effect > 0 means removing the word lowers the label's log-odds (the word supports it), < 0 means the
    word argues against it.
    """
    words = text.split()[:max_words]
    if not words:
        return []
    variants = [" ".join(words)] + [" ".join(words[:i] + words[i + 1:]) for i in range(len(words))]
    scores = probabilities(MODELS.get(MODEL_NAME), variants)
    label = max(scores[0], key=scores[0].get)

    def log_odds(p: float) -> float:
        p = min(max(p, 1e-6), 1 - 1e-6)
        return math.log(p / (1 - p))

    base = log_odds(scores[0][label])
    return [{"word": w, "label": label, "effect": base - log_odds(s[label])} for w, s in zip(words, scores[1:])]
