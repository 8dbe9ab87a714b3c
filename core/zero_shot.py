"""Zero-shot sentiment with the decoder: ask the question, then read the probabilities of the answers.

No text is generated. One forward pass gives the next-token distribution after "Answer:", and we compare
the probability mass on the first token of "negative", "neutral" and "positive" (any capitalisation).
This is the generative way to classify; `core.sentiment` is the discriminative way.
"""
from __future__ import annotations

import time

import torch

from core.cache import MODELS
from core.copywriting import clean_field
from core.generation import last_logits_only
from core.loaders import CausalLM

LABELS = ("negative", "neutral", "positive")


def _label_token_ids(lm: CausalLM) -> dict[str, list[int]]:
    ids = {}
    for label in LABELS:
        variants = {label, label.capitalize(), " " + label, " " + label.capitalize()}
        ids[label] = sorted({lm.tokenizer(v, add_special_tokens=False)["input_ids"][0] for v in variants})
    return ids


def _prompt(lm: CausalLM, comment: str) -> list[int]:
    question = (f'Attendee comment: "{clean_field(comment, 600)}"\n'
                "Is the sentiment of this comment positive, neutral or negative? Answer with one word.")
    messages = [{"role": "user", "content": question}]
    ids = lm.tokenizer.apply_chat_template(messages, add_generation_prompt=True, tokenize=True)
    return list(ids["input_ids"] if hasattr(ids, "keys") else ids)


def classify(texts: list[str]) -> tuple[list[dict], float]:
    """([{"label", "score", "scores"}, ...], seconds) — same shape as `core.sentiment.classify`."""
    lm = MODELS.get("decoder")
    label_ids = _label_token_ids(lm)
    results = []
    start = time.perf_counter()
    with torch.inference_mode():
        for text in texts:
            logits = lm.model(input_ids=torch.tensor([_prompt(lm, text)]), **last_logits_only(lm)).logits[0, -1]
            probs = torch.softmax(logits.float(), dim=-1)
            mass = {label: float(probs[ids].sum()) for label, ids in label_ids.items()}
            total = sum(mass.values()) or 1.0
            scores = {k: v / total for k, v in mass.items()}
            label = max(scores, key=scores.get)
            results.append({"label": label, "score": scores[label], "scores": scores})
    return results, time.perf_counter() - start
