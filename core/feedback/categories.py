"""The organiser's own categories for comments ("Venue", "Catering", "A/V"…), assigned by meaning.

A category is a name and a one-line description. Each comment goes to the category whose description it is
nearest in the shared sentence embeddings, or to "none" when it is near none of them. Comments the organiser
confirmed or moved are examples: a category's score becomes the cosine to its description plus its examples'
centre. That is the simplest method there is, and it is what the page ships because nothing cleverer held up on
data it was not chosen on: on five public sets, each left out in turn (bench/feedback_loop.py), reading a
description as its separate items and weighing examples apart did no better on the median set and worse on the
worst (by description alone 0.690 / 0.593 against 0.690 / 0.598; with ten examples a category 0.755 / 0.631
against 0.755 / 0.633). `suggest` picks the comments worth confirming next, `estimate` says how often the
sorting agrees with the organiser's own placements.

    assign(["No coffee left by ten", "Couldn't hear at the back"],
           {"Catering": "food, coffee, lunch, drinks", "A/V": "sound, microphones, the projector, slides"})
    -> ["Catering", "A/V"]
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from core.models import embed

NONE = "none"
MIN_SIMILARITY = 0.1  # a comment scoring below this for every category is "none"
MAX_CATEGORIES = 30
TYPICAL_FIRST = 3  # placed comments a category needs before suggestions turn to its boundary
BOUNDARY = 0.02  # a comment leading its second-best category by less than this is near the boundary

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


def scores(vectors: np.ndarray, categories: dict[str, str], examples: dict[str, list[str]] | None = None) -> np.ndarray:
    """(comments × categories) similarity of each comment to each category, in the order of `categories`: cosine
    to the description's embedding, or, once the category has confirmed comments, to the description plus their
    centre."""
    names = list(categories)
    described = description_vectors(categories)
    out = np.asarray(vectors, dtype=np.float32) @ described.T
    for j, name in enumerate(names):
        shown = [t for t in (examples or {}).get(name, []) if t.strip()]
        if shown:
            out[:, j] = vectors @ _with_centre(described[j], embed(shown).mean(axis=0))
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


def suggest(table: np.ndarray, vectors: np.ndarray, confirmed: set[int] | frozenset = frozenset(),
            placed: list[int] | None = None, per_category: int = 1) -> list[int]:
    """The comments worth confirming next, `per_category` from each category (rows of `table` are comments,
    columns categories, as `scores` gives; `vectors` the comments' embeddings; `confirmed` the rows already
    placed by the organiser, `placed` how many each category holds).

    A category with fewer than TYPICAL_FIRST placed comments is offered its most typical comment (nearest the
    centre of those sorted into it): its centre needs to sit where its comments are. After that, the comment it
    holds by the narrowest margin over the second-best category: the answer moves the boundary most there.
    On five public sets (bench/feedback_loop.py), six rounds of suggestions came within 0.2 points of ten random
    examples per category on the median set, each rule chosen leaving the set out; either rule alone did worse.

    Example: suggest(scores(vectors, cats, examples), vectors, confirmed={3}, placed=[2, 0, 5]) -> [17, 40, 5]"""
    if table.size == 0 or table.shape[1] < 2:
        return []
    ordered = np.sort(table, axis=1)
    margin = ordered[:, -1] - ordered[:, -2]
    best = table.argmax(axis=1)
    placed = placed if placed is not None else [0] * table.shape[1]
    out = []
    for j in range(table.shape[1]):
        rows = np.array([i for i in np.flatnonzero(best == j) if int(i) not in confirmed], dtype=int)
        if not len(rows):
            continue
        if placed[j] < TYPICAL_FIRST:
            near = vectors[rows] @ vectors[rows].mean(axis=0)
            order = np.argsort(-near, kind="stable")
        else:
            order = np.argsort(margin[rows], kind="stable")
        out.extend(int(i) for i in rows[order][:per_category])
    return out


def near_boundary(table: np.ndarray, margin: float = BOUNDARY) -> np.ndarray:
    """Per category, how many comments placed in it lead the next category by less than `margin`: the ones a
    reworded description or one more example could move."""
    if table.size == 0:
        return np.zeros(table.shape[1] if table.ndim == 2 else 0, dtype=int)
    if table.shape[1] < 2:
        return np.zeros(table.shape[1], dtype=int)
    ordered = np.sort(table, axis=1)
    close = (ordered[:, -1] - ordered[:, -2]) < margin
    return np.bincount(table.argmax(axis=1)[close], minlength=table.shape[1])


def confidence(categories: dict[str, str], examples: dict[str, list[str]]) -> Estimate | None:
    """How often the sorting puts the organiser's own placed comments where they put them, each scored as if it
    had not been placed (`estimate`). Comments placed in "none" or a category no longer listed are left out."""
    categories = clean(categories)
    names = list(categories)
    pairs = [(t, names.index(n)) for n, shown in (examples or {}).items() if n in names for t in shown if t.strip()]
    if len(pairs) < 2:
        return None
    return estimate(embed([t for t, _ in pairs]), [j for _, j in pairs], description_vectors(categories))


def description_vectors(categories: dict[str, str]) -> np.ndarray:
    """One unit vector per category: its whole description (its name when it has none)."""
    return embed([categories[n] or n for n in categories])


@dataclass(frozen=True)
class Estimate:
    """Accuracy on the organiser's own confirmed comments, each placed as if it were not confirmed."""
    accuracy: float
    low: float  # a 90 % interval (Wilson), for the comments this sample stands for
    high: float
    checked: int

    def __str__(self) -> str:
        return f"{self.accuracy:.0%} (likely {self.low:.0%}–{self.high:.0%}, from {self.checked} comments)"


def estimate(example_vectors: np.ndarray, example_labels, description_vectors: np.ndarray) -> Estimate | None:
    """Leave-one-out accuracy over the confirmed comments: each is scored against the descriptions and the
    centres of the *other* confirmed comments, as a new comment would be. None with fewer than two examples in
    every category that has any. `description_vectors`: one unit vector per category (see `scores`)."""
    labels = np.asarray(example_labels)
    x = np.asarray(example_vectors, dtype=np.float32)
    if len(labels) < 2:
        return None
    base = x @ np.asarray(description_vectors, dtype=np.float32).T
    sums = np.zeros((base.shape[1], x.shape[1]), dtype=np.float64)
    counts = np.bincount(labels, minlength=base.shape[1])
    np.add.at(sums, labels, x)
    right = 0
    for i in range(len(labels)):
        table = base[i].copy()
        for j in range(base.shape[1]):
            total, n = sums[j] - (x[i] if labels[i] == j else 0), counts[j] - (labels[i] == j)
            if n > 0:
                table[j] = _with_centre(description_vectors[j], total / n) @ x[i]
        right += int(table.argmax() == labels[i])
    return Estimate(right / len(labels), *_wilson(right, len(labels)), len(labels))


def _wilson(right: int, n: int, z: float = 1.645) -> tuple[float, float]:
    p = right / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return round(max(0.0, centre - half), 6), round(min(1.0, centre + half), 6)


def _with_centre(description: np.ndarray, centre: np.ndarray) -> np.ndarray:
    """The description's unit vector plus the examples' centre (as a unit vector), scaled to length 1."""
    centre = centre / max(float(np.linalg.norm(centre)), 1e-9)
    both = np.asarray(description, dtype=np.float64) + centre
    return (both / max(float(np.linalg.norm(both)), 1e-9)).astype(np.float32)
