"""Tiny keyword helpers: which words two sessions share, and which words describe a group of sessions."""
from __future__ import annotations

import math
import re
from collections import Counter

STOPWORDS = frozenset("""
a about after all also an and any are as at be because been before being but by can could do does for from
get had has have how i if in into is it its just more most much no not of on one only or other our out over
own same so some such than that the their them then there these they this those through to too up us very
was we were what when where which while who whom why will with would you your yours we'll you'll it's
session sessions talk talks workshop panel keynote attendees bring learn shows show explains looks them real
practical using used short time event events
""".split())
WORD = re.compile(r"[a-z][a-z0-9+#-]{2,}")


def words(text: str) -> list[str]:
    """Example: words("Pandas for Event Analytics!") -> ['pandas', 'event', 'analytics']"""
    return [w for w in WORD.findall(text.lower()) if w not in STOPWORDS]


def shared_terms(a: set[str], b: set[str], document_frequency: Counter, limit: int = 4) -> list[str]:
    """Words in both sets, rarest in the collection first (a rare shared word says more).

    Example: shared_terms({"pandas", "data"}, {"pandas", "data", "sql"}, Counter(data=9, pandas=2)) -> ["pandas", "data"]
    """
    return sorted(a & b, key=lambda w: (document_frequency.get(w, 0), w))[:limit]


def word_sets(texts: list[str]) -> list[set[str]]:
    return [set(words(t)) for t in texts]


def document_frequencies(sets: list[set[str]]) -> Counter:
    return Counter(w for s in sets for w in s)


def group_keywords(texts: list[str], groups: list[int], limit: int = 4) -> dict[int, list[str]]:
    """Words frequent in one group and rare in the others (a class-based TF-IDF).

    Example: groups of pandas talks and of Kubernetes talks -> {0: ['pandas', ...], 1: ['kubernetes', ...]}
    """
    per_group: dict[int, Counter] = {}
    for text, group in zip(texts, groups):
        per_group.setdefault(group, Counter()).update(words(text))
    n_groups = len(per_group)
    spread = Counter(w for counts in per_group.values() for w in counts)
    result = {}
    for group, counts in per_group.items():
        total = sum(counts.values()) or 1
        score = {w: (c / total) * math.log(1 + n_groups / spread[w]) for w, c in counts.items() if c > 1}
        result[group] = sorted(score, key=lambda w: (-score[w], w))[:limit]
    return result


def speaker_list(text: str) -> list[str]:
    """The people in a speakers field, as written, in order; roles and affiliations in brackets dropped.

    Example: "Ines Moreau (moderator); Priya Raman and D. Cohen" -> ["Ines Moreau", "Priya Raman", "D. Cohen"]
    """
    text = re.sub(r"\([^)]*\)", "", text or "")  # roles and affiliations, which carry commas of their own
    parts = (" ".join(p.split()) for p in re.split(r"[;,&/|\n]| and ", text))
    return list(dict.fromkeys(p for p in parts if p and len(p.split()) <= 5))  # longer is prose, not a name


def speaker_names(text: str) -> list[str]:
    """The same, lower case, for matching. Example: "Ines Moreau; Priya Raman" -> ["ines moreau", "priya raman"]"""
    return list(dict.fromkeys(name.lower() for name in speaker_list(text)))
