"""The organiser's own categories for comments ("Venue", "Catering", "A/V"…), assigned by meaning.

A category is a name and a one-line description. Each comment goes to the category whose description it is
nearest in the shared sentence embeddings, or to "none" when it is near none of them. The description is read
as the comma-separated things in it ("sound, microphones, the projector"), each embedded on its own, and a
comment's score is its mean similarity to them: on SemEval-2014 restaurant reviews that beat the whole
description (0.67 against 0.64 accuracy) and the nearest single phrase (0.57), which a stray word can win.
Comments the organiser confirmed or moved are examples: a category's examples give it a centre, and the score
becomes half description, half similarity to that centre (0.76 with ten examples a category, against 0.72 for
the centre alone and 0.68 for the three nearest examples; bench/feedback_loop.py).

    assign(["No coffee left by ten", "Couldn't hear at the back"],
           {"Catering": "food, coffee, lunch, drinks", "A/V": "sound, microphones, the projector, slides"})
    -> ["Catering", "A/V"]
"""
from __future__ import annotations

import re

import numpy as np

from core.models import embed

NONE = "none"
MIN_SIMILARITY = 0.1  # a comment scoring below this for every category is "none"
EXAMPLE_WEIGHT = 0.5  # the examples' centre against the description
MAX_CATEGORIES = 30

# Described the way attendees write about each thing: a comment is nearer "the room was too cold" than "the
# temperature of the venue". Organisers edit these in the page.
STARTER = {
    "Venue": "the room was too cold or too hot, not enough seats, room was full, hard to find the room, toilets, "
             "comfortable chairs",
    "Catering": "coffee ran out, lunch was good, food, vegan options, snacks at the break, water",
    "A/V": "could not hear, microphone, sound echoed, projector, slides unreadable on the screen, livestream, "
           "recording",
    "Wi-Fi and app": "wifi kept dropping, no internet, the event app, app crashed, schedule in the app",
    "Queues and registration": "long queue at registration, check-in, badge printing, waiting to get in",
    "Content": "what the talk covered, too basic, too advanced, practical examples, useful takeaways, learned a lot, "
               "the demo, theory, a product pitch",
    "Speaker": "the speaker was engaging, spoke too fast, read from the slides, answered questions well, "
               "knows the subject, great energy, clear delivery",
    "Schedule": "ran over time, started late, breaks too short, clashed with another session, the time slot",
}


def clean(categories: dict[str, str]) -> dict[str, str]:
    """Names trimmed, empty and repeated names and "none" dropped, at most MAX_CATEGORIES.

    Example: {" Venue ": "rooms", "": "x", "none": "y"} -> {"Venue": "rooms"}"""
    out: dict[str, str] = {}
    for name, description in categories.items():
        name = re.sub(r"\s+", " ", str(name or "")).strip()[:60]
        if name and name.lower() != NONE and name.lower() not in {n.lower() for n in out}:
            out[name] = re.sub(r"\s+", " ", str(description or "")).strip()[:300]
    return dict(list(out.items())[:MAX_CATEGORIES])


def _phrases(name: str, description: str) -> list[str]:
    """Example: ("A/V", "sound, microphones and the projector") -> ["sound", "microphones", "the projector"]"""
    parts = [p.strip() for p in re.split(r"[,;]| and | or ", description) if len(p.strip()) > 2]
    return parts or [name]


def scores(vectors: np.ndarray, categories: dict[str, str], examples: dict[str, list[str]] | None = None) -> np.ndarray:
    """(comments × categories) similarity of each comment to each category, in the order of `categories`."""
    names = list(categories)
    phrase_lists = [_phrases(n, categories[n]) for n in names]
    phrase_vectors = embed([p for ps in phrase_lists for p in ps])
    out = np.empty((len(vectors), len(names)), dtype=np.float32)
    start = 0
    for j, (name, ps) in enumerate(zip(names, phrase_lists)):
        out[:, j] = (vectors @ phrase_vectors[start:start + len(ps)].T).mean(axis=1)
        start += len(ps)
        shown = [t for t in (examples or {}).get(name, []) if t.strip()]
        if shown:
            centre = embed(shown).mean(axis=0)
            centre /= max(float(np.linalg.norm(centre)), 1e-9)
            out[:, j] = (1 - EXAMPLE_WEIGHT) * out[:, j] + EXAMPLE_WEIGHT * (vectors @ centre)
    return out


def assign(texts: list[str], categories: dict[str, str], examples: dict[str, list[str]] | None = None,
           vectors: np.ndarray | None = None, min_similarity: float = MIN_SIMILARITY) -> list[str]:
    """A category name, or "none", for every text."""
    categories = clean(categories)
    if not texts:
        return []
    if not categories:
        return [NONE] * len(texts)
    vectors = embed(texts) if vectors is None else np.asarray(vectors, dtype=np.float32)
    table = scores(vectors, categories, examples)
    names = list(categories)
    best = table.argmax(axis=1)
    return [names[j] if table[i, j] >= min_similarity else NONE for i, j in enumerate(best)]
