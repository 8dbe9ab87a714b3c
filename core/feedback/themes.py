"""What attendees talk about: comments grouped by meaning, each group named by its most distinctive words.

The recipe is BERTopic's, without its dependencies (UMAP, HDBSCAN, numba: several hundred MB and a slow
first import on the app's 2 cores): embed every comment with the shared embedder, cluster the unit vectors
with k-means (k chosen by silhouette on a sample), name each cluster by class-based TF-IDF (words frequent in
this cluster and rare in the others), and quote the comments nearest its centre. Comments far from every
centre, and clusters too small to matter, go to "Other", which stays visible.

    themes(["The wifi kept dropping", "No wifi in hall B", "Great coffee", "Coffee ran out by ten"])
    -> [{"label": "wifi · dropping", "keywords": ["wifi", ...], "members": [0, 1], "quotes": [...]}, ...]
"""
from __future__ import annotations

import re

import numpy as np
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer
from sklearn.metrics import silhouette_score

from core.models import embed

OTHER = "Other"
MIN_SIMILARITY = 0.3  # a comment less similar than this to its theme's centre is "Other"
SAMPLE = 2000  # comments used to choose k; silhouette is quadratic in the sample
# k-means restarts: one unlucky start can hide the right number of themes, and which start is unlucky differs
# between CPUs (their float sums differ in the last bits). Ten restarts find the same grouping from any start;
# above a thousand comments three do, and ten would cost seconds.
RESTARTS_SMALL, RESTARTS_LARGE, SMALL = 10, 3, 1000
EXTRA_STOP = {"talk", "session", "sessions", "really", "just", "bit", "lot", "did", "didn", "don", "like", "got",
              "event", "conference", "day", "thing", "things", "way", "good", "great", "nice", "bad", "ok",
              "okay", "thanks", "thank", "much", "also", "would", "could", "one", "even", "still", "well", "get",
              "quite", "very", "pretty", "overall", "time", "make", "made", "think", "felt", "feel", "couldn't",
              "didn't", "wasn't", "isn't", "i'll", "i'm", "i've", "it's", "people", "honestly", "actually"}


def themes(texts: list[str], vectors: np.ndarray | None = None, seed: int = 0, max_themes: int = 12,
           quotable: list[bool] | None = None) -> list[dict]:
    """Themes, largest first, then "Other": label, keywords (most distinctive first), members (indices into
    texts), quotes (member texts nearest the centre, only those `quotable` allows: a comment held back from
    speakers, or a form answer not approved, counts in a theme but is never quoted), share of all comments."""
    allowed = [True] * len(texts) if quotable is None else list(quotable)
    if vectors is None:
        vectors = embed(texts)
    vectors = np.asarray(vectors, dtype=np.float32)
    n = len(texts)
    if n == 0:
        return []
    if n < 6:  # too few to group: one theme, named all the same
        everyone = list(range(n))
        return [_describe(texts, vectors, everyone, class_tfidf(texts, [everyone])[0], 0, allowed=allowed)]
    labels, centres = _cluster(vectors, seed, max_themes)
    similarity = np.einsum("ij,ij->i", vectors, centres[labels])
    labels = np.where(similarity >= MIN_SIMILARITY, labels, -1)
    small = max(3, int(0.01 * n))
    for c in range(len(centres)):
        if 0 < (labels == c).sum() < small:
            labels[labels == c] = -1
    groups = [np.flatnonzero(labels == c).tolist() for c in range(len(centres)) if (labels == c).any()]
    groups.sort(key=len, reverse=True)
    rest = np.flatnonzero(labels == -1).tolist()
    # "Other" sharpens what is distinctive; twelve candidates each, of which the name takes the most common
    keywords = class_tfidf(texts, groups + ([rest] if rest else []))
    candidates = class_tfidf(texts, groups + ([rest] if rest else []), top=18, phrases_first=False)
    lowered = [t.lower() for t in texts]
    out = [_describe(texts, vectors, members, keywords[k], k, _name(candidates[k], lowered, members), allowed=allowed)
           for k, members in enumerate(groups)]
    if rest:
        out.append(_describe(texts, vectors, rest, [], len(groups), other=True, allowed=allowed))
    return out


def _cluster(vectors: np.ndarray, seed: int, max_themes: int) -> tuple[np.ndarray, np.ndarray]:
    n = len(vectors)
    rng = np.random.default_rng(seed)
    sample = vectors[rng.choice(n, min(n, SAMPLE), replace=False)]
    top = max(2, min(max_themes, int(np.sqrt(n))))
    restarts = RESTARTS_SMALL if len(sample) <= SMALL else RESTARTS_LARGE
    best, best_k = -1.0, 2
    for k in range(2, top + 1):
        fit = KMeans(n_clusters=k, n_init=restarts, random_state=seed).fit(sample)
        score = silhouette_score(sample, fit.labels_, metric="cosine", random_state=seed)
        if score > best:
            best, best_k = score, k
    model = (KMeans(n_clusters=best_k, n_init=RESTARTS_SMALL if n <= SMALL else RESTARTS_LARGE,
                    random_state=seed) if n <= 5000 else
             MiniBatchKMeans(n_clusters=best_k, n_init=3, random_state=seed, batch_size=2048))
    labels = model.fit_predict(vectors)
    centres = model.cluster_centers_
    centres = centres / np.maximum(np.linalg.norm(centres, axis=1, keepdims=True), 1e-9)
    return labels, centres.astype(np.float32)


def class_tfidf(texts: list[str], groups: list[list[int]], top: int = 6, phrases_first: bool = True
                ) -> list[list[str]]:
    """Per group, the words most frequent in it and rare in the others (BERTopic's c-TF-IDF:
    tf(t, c) * log(1 + A / f(t)), A the mean words per group, f(t) the frequency of t over all groups)."""
    stop = ENGLISH_STOP_WORDS | EXTRA_STOP

    def analyse(document: str) -> list[str]:
        """Words, and pairs of words that stand next to each other in a comment (stop words removed after
        pairing, so "room was far" never becomes the phrase "room far")."""
        grams = []
        for chunk in re.split(r"[^\w\s'\-]+|\n", document.lower()):  # punctuation ends a phrase
            tokens = re.findall(r"[a-z][a-z\-']*", chunk)
            keep = [len(t) > 2 and t not in stop for t in tokens]
            grams += [t for t, k in zip(tokens, keep) if k]
            grams += [f"{a} {b}" for a, b, ka, kb in zip(tokens, tokens[1:], keep, keep[1:]) if ka and kb]
        return grams

    documents = ["\n".join(texts[i] for i in members) for members in groups]
    vectorizer = CountVectorizer(analyzer=analyse)
    try:
        counts = vectorizer.fit_transform(documents).toarray().astype(np.float64)
    except ValueError:  # only stop words
        return [[] for _ in groups]
    words = vectorizer.get_feature_names_out()
    tf = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)
    idf = np.log(1 + counts.sum(axis=1).mean() / np.maximum(counts.sum(axis=0), 1))
    scores = tf * idf
    out = []
    for row, count in zip(scores, counts):
        ranked = [words[j] for j in np.argsort(-row)[: top * 6] if count[j] >= 2 or len(documents) == 1][: top * 3]
        out.append((_prefer_phrases(ranked) if phrases_first else ranked)[:top])
    return out


def _prefer_phrases(words: list[str]) -> list[str]:
    """Drop a single word already inside a higher-ranked two-word phrase: "wifi dropping" covers "wifi"."""
    kept: list[str] = []
    for w in words:
        if " " not in w and any(w in k.split() for k in kept):
            continue
        if " " in w:
            kept = [k for k in kept if not (" " not in k and k in w.split())]
        kept.append(w)
    return kept


def _name(keywords: list[str], lowered: list[str], members: list[int]) -> list[str]:
    """Two keywords that name a theme: the distinctive ones most of its comments use. c-TF-IDF ranks words by
    how much they belong to a theme, which crowns a striking phrase three comments share ("feedback
    squealing"); an organiser names a theme by what most of its comments talk about ("wifi", "slides"). So
    among the distinctive candidates, the one found in the most member comments leads, then the next that
    shares no word with it and is in at least a fifth of them.

    Example: keywords ["kept dropping", "wifi", ...] for 23 comments, 20 of them saying "wifi" -> ["wifi", ...]"""
    inside = set(members)
    outside = max(1, len(lowered) - len(inside))

    def coverage(word: str) -> tuple[float, float]:
        pattern = re.compile(rf"\b{re.escape(word)}\b")
        hits = [i for i, text in enumerate(lowered) if pattern.search(text)]
        within = sum(i in inside for i in hits)
        return within / len(inside), (len(hits) - within) / outside

    found = {word: coverage(word) for word in keywords}
    distinctive = [w for w in keywords if found[w][0] >= 2 * found[w][1]]  # twice as common here as elsewhere
    if not distinctive:
        return keywords[:2]
    lead = max(distinctive, key=lambda w: found[w][0])
    # a phrase nearly as common as its word says more: "live demo" rather than "demo"
    longer = [w for w in keywords if " " in w and lead in w.split() and found[w][0] >= 0.5 * found[lead][0]]
    lead = max(longer, key=lambda w: found[w][0]) if longer else lead
    # the second shares no word with the lead, nor half of a phrase with it ("wifi · kept" from "wifi kept")
    paired = {x for w in keywords if " " in w and set(lead.split()) & set(w.split()) for x in w.split()}
    rest = [w for w in distinctive if not set(w.split()) & (set(lead.split()) | paired) and found[w][0] >= 0.2]
    second = max(rest, key=lambda w: found[w][0] * np.log(1 + found[w][0] / (found[w][1] + 0.01)), default=None)
    named = [lead] + ([second] if second else [])
    return named or keywords[:2]


REGROUP_SHARE = 0.25  # new comments beyond this share of those already grouped: find the themes afresh


def extend(found: list[dict], texts: list[str], vectors: np.ndarray) -> list[dict]:
    """The same themes with the comments they do not hold yet (answers arriving during the event) placed in the
    theme whose centre they are closest to, or in "Other" below MIN_SIMILARITY. Names, keywords and quotes stay,
    so the themes an organiser is reading do not reshuffle under them; once the new comments pass REGROUP_SHARE of
    those grouped, `needs_regrouping` says to find the themes afresh."""
    vectors = np.asarray(vectors, dtype=np.float32)
    held = {i for t in found for i in t["members"]}
    new = [i for i in range(len(texts)) if i not in held]
    named = [t for t in found if not t["other"] and t["members"]]
    out = [dict(t, members=list(t["members"])) for t in found]
    if not new:
        return out
    by_label = {t["label"]: t for t in out}
    other = next((t for t in out if t["other"]), None)
    if other is None:
        other = {"label": OTHER, "keywords": [], "members": [], "quotes": [], "size": 0, "share": 0.0, "other": True}
        out.append(other)
    if named:
        centres = np.stack([vectors[t["members"]].mean(axis=0) for t in named])
        centres /= np.maximum(np.linalg.norm(centres, axis=1, keepdims=True), 1e-9)
        similarity = vectors[new] @ centres.T
        for i, best, score in zip(new, similarity.argmax(axis=1), similarity.max(axis=1)):
            (by_label[named[best]["label"]] if score >= MIN_SIMILARITY else other)["members"].append(i)
    else:
        other["members"].extend(new)
    for theme in out:
        theme["size"], theme["share"] = len(theme["members"]), len(theme["members"]) / len(texts)
    return [t for t in out if t["members"] or not t["other"]]


def needs_regrouping(found: list[dict] | None, n: int) -> bool:
    """True when no themes are kept, or the comments they do not hold pass REGROUP_SHARE of those they do."""
    if not found:
        return True
    held = sum(len(t["members"]) for t in found)
    return held == 0 or held > n or (n - held) > REGROUP_SHARE * held


def _describe(texts: list[str], vectors: np.ndarray, members: list[int], keywords: list[str], k: int,
              name: list[str] | None = None, other: bool = False, allowed: list[bool] | None = None) -> dict:
    centre = vectors[members].mean(axis=0)
    centre /= max(float(np.linalg.norm(centre)), 1e-9)
    order = [members[j] for j in np.argsort(-(vectors[members] @ centre))]
    quotes, seen = [], set()
    for i in order:
        key = re.sub(r"\W+", " ", texts[i].lower()).strip()
        if key and key not in seen and len(texts[i]) <= 300 and (allowed is None or allowed[i]):
            quotes.append(texts[i])
            seen.add(key)
        if len(quotes) == 3:
            break
    label = OTHER if other else (" · ".join(name or keywords[:2]) or f"Theme {k + 1}")
    return {"label": label, "keywords": keywords, "members": members, "quotes": quotes, "size": len(members),
            "share": len(members) / len(texts), "other": other}
