"""Zero-shot sentiment with the decoder: ask the question, then read the probabilities of the answers.

No text is generated. The engine reports the model's top next tokens after the question (before any
sampling), and we compare the probability mass on tokens that begin "negative", "neutral" or "positive"
(any capitalisation). This is the generative way to classify; `core.feedback.sentiment` is the discriminative way.
Comments go to the engine side by side, one per slot.
"""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

from core.descriptions import clean_field
from core.models import MODELS, Engine, Request, Sampling

LABELS = ("negative", "neutral", "positive")
TOP_N = 20  # the most an OpenAI-compatible endpoint reports


def label_of(token: str) -> str | None:
    """Which answer a token starts. Example: " Neg" -> "negative"; "neutral" -> "neutral"; "the" -> None"""
    word = token.strip().lower()
    if len(word) < 3:
        return None
    return next((label for label in LABELS if label.startswith(word) or word.startswith(label)), None)


def _request(comment: str) -> Request:
    question = (f'Attendee comment: "{clean_field(comment, 600)}"\n'
                "Is the sentiment of this comment positive, neutral or negative? Answer with one word.")
    return Request(messages=(("user", question),), sampling=Sampling(greedy=True), max_tokens=1)


def classify_one(engine: Engine, text: str) -> dict:
    """{"label", "score", "scores"}: the answers' probability mass, renormalised over the three answers."""
    mass = dict.fromkeys(LABELS, 0.0)
    for row in engine.next_token(_request(text), top_n=TOP_N, with_sampling=False):
        label = label_of(row["token"])
        if label:
            mass[label] += row["p_raw"]
    total = sum(mass.values())
    scores = {k: v / total for k, v in mass.items()} if total else {k: 1 / 3 for k in LABELS}
    label = max(scores, key=scores.get)
    return {"label": label, "score": scores[label], "scores": scores, "answer_mass": total}


def classify(texts: list[str]) -> tuple[list[dict], float]:
    """([{"label", "score", "scores", "answer_mass"}, ...], seconds) — the shape of `core.feedback.sentiment.classify`."""
    engine = MODELS.get("decoder")
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=max(1, engine.slots)) as pool:
        results = list(pool.map(lambda text: classify_one(engine, text), texts))
    return results, time.perf_counter() - start
