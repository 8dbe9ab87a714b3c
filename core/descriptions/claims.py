"""Is each sentence of a draft drawn from the brief? The fact check (core/descriptions/fact_check.py) holds names,
numbers, dates and credentials to the brief; this holds whole claims to it: "a focus on the role of the human body
in building" names no fact the check could catch, yet no brief said it.

A sentence is read against the brief's own sentences (title, abstract, speakers and their bios, event, audience,
keywords) three ways, all from what runs here already:
- content-word overlap: the share of its content words (not stop words, not the stock words of event copy such as
  "join", "session", "insights") that the brief uses, forgiving plurals and word endings;
- closeness in meaning to the brief's closest sentence, with the shared sentence embedder;
- agreement: a negation that the brief sentence its words come from does not have ("is not", "never",
  "without"), even in a sentence too short to claim anything by its words ("Laptops needed, no."), and any fact
  the fact check marks, make the sentence unsupported.
A sentence that speaks to the speaker ("In your talk, you shared…") is unsupported whatever its words, unless the
brief does so too. A sentence with no content words of its own ("Don't miss it!") makes no claim and is supported.

    checks = check_claims("In this talk, Ana shows pandas. She also covers the human body and medieval guilds.", brief)
    [c.supported for c in checks] -> [True, False];  checks[1].new -> ["human", "body", "medieval", "guilds"]

The thresholds were set on hand-labelled sentences (tests/data/claims_labelled*.jsonl) by bench/claims.py, which
reports the current precision and recall on the tuning half, the held-out half and a set labelled blind. The
similarity rule is kept but inert at these thresholds: on these labels the embedder added nothing over word
overlap. What it misses by design: one or two specific new words in a sentence otherwise made of the brief's, and
a paraphrase that keeps the brief's words and twists their relation, which needs a model that reads relations.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from core.descriptions.cleanup import sentences
from core.descriptions.fact_check import check as check_facts
from core.models import embed as shared_embed
from core.text_terms import STOPWORDS

# Words every piece of event copy uses whatever the talk is about: they carry no claim of their own
STOCK = frozenset("""
join us you your our we will learn discover explore dive deep session sessions talk talks presentation workshop
panel keynote speaker speakers attendee attendees audience participants event events insight insights insightful
valuable practical hands-on engaging exciting inspiring informative interactive journey world today way ways
also share shares sharing discuss discusses discussing cover covers covering look looks take takes explain
explains show shows showing how what why well great best new key important help helps understand understanding
perfect ideal chance opportunity miss don't whether anyone everyone interested curious must-attend unmissable
gain get come find walk leave bring brings provide provides offering offers overview introduction introduce
introduces deeper better more most many much some various different range wide latest own real field area
topic topics aspects things thing part parts make makes made use uses using used knowledge experience
experiences expert experts tips tricks strategies ideas idea lessons lesson techniques approaches approach
touch touches delve delves highlight highlights emphasize emphasizes emphasise emphasises examine examines
mention mentions focus focuses focusing aim aims importance need needs role current currently increasingly
become becomes becoming issue issues comprehensive explanation implications broader powerful careful
consideration complex pressing give gives present presents presenting offer discussion context
he his him she her hers they them their
""".split())
NEGATION = re.compile(r"\b(?:not|no|never|nor|without|cannot|can't|won't|isn't|aren't|doesn't|don't|didn't)\b",
                      re.I)
# Copy for attendees does not speak to the speaker: "In your talk, you shared…" is a small model writing a thank-you
# letter (a demo batch winner), and says things no brief said
SPEAKER_ADDRESSED = re.compile(r"\byour (?:talk|presentation|keynote|speech|lecture)\b"
                               r"|\byou (?:shared|presented|gave|delivered|spoke)\b", re.I)
WORD = re.compile(r"[a-z][a-z0-9+#'-]*[a-z0-9+#]|[a-z]")

# Set on the tuning half of the labelled sentences (bench/claims.py --tune); see the module docstring
MIN_OVERLAP = 0.6  # a sentence whose content words the brief mostly uses is drawn from it
MIN_SIMILARITY = 0.4  # ... or one close in meaning to a brief sentence, with at least this overlap:
MIN_OVERLAP_WHEN_CLOSE = 0.6
FILLER = 2  # at most this many content words: no claim of its own
MAX_NEW = 4  # more content words the brief does not use than this adds a claim, however close the rest is


@dataclass
class SentenceCheck:
    text: str
    supported: bool
    overlap: float  # share of its content words the brief uses
    similarity: float  # cosine to the closest brief sentence
    closest: str  # that brief sentence
    new: list[str] = field(default_factory=list)  # its content words the brief does not use
    why: str = ""  # for the page, in the organiser's terms
    words: int = 0  # how many content words it has
    contradicts: bool = False  # names a fact outside the brief, or says "not" where the brief does not
    pmi: float | None = None  # the decoder's second opinion, when asked (core/descriptions/likelihood.py)


def is_drawn(words: int, new: int, overlap: float, similarity: float) -> bool:
    """The thresholds' rule, apart so that bench/claims.py --tune can replay it on checks made once."""
    if words <= FILLER:
        return True
    return new <= MAX_NEW and (overlap >= MIN_OVERLAP
                               or (similarity >= MIN_SIMILARITY and overlap >= MIN_OVERLAP_WHEN_CLOSE))


def stem(word: str) -> str:
    """A crude common root, enough to match "organisers"/"organising", "tools"/"tooling".
    Example: stem("security") -> "secur"; stem("hacking") -> "hack" """
    word = word.lower().strip("'-")
    for plural in ("ies", "es", "s"):  # first the plural, then one ending: "materials" and "material" meet
        if len(word) - len(plural) >= 4 and word.endswith(plural) and not word.endswith("ss"):
            word = word[: -len(plural)]
            break
    for ending in ("ation", "ative", "ity", "ive", "ing", "ion", "er", "ed", "ly", "al", "ic", "e", "y"):
        if len(word) - len(ending) >= 4 and word.endswith(ending):
            return word[: -len(ending)]
    return word


def content_words(text: str) -> list[str]:
    """Example: content_words("Join us to explore Rust in embedded firmware") -> ["rust", "embedded", "firmware"]"""
    seen, out = set(), []
    for w in WORD.findall(text.lower().replace("’", "'")):
        w = w.removesuffix("'s")
        if len(w) < 3 or w in STOPWORDS or w in STOCK or w in seen:
            continue
        seen.add(w)
        out.append(w)
    return out


def brief_sentences(brief) -> list[str]:
    """The brief as sentences: each field, and the abstract and bios sentence by sentence."""
    units = [getattr(brief, f, "") or "" for f in ("title", "event", "speakers", "audience", "keywords")]
    for f in ("notes", "bios"):
        units += [s.strip() for s in sentences(getattr(brief, f, "") or "")]
    return [u for u in units if u.strip()]


def similarity_counts() -> bool:
    """Whether closeness in meaning can change a verdict at the thresholds set: only when it lets a sentence with
    less overlap than MIN_OVERLAP through. At the tuned values it cannot (the rule is inert, see the docstring)."""
    return MIN_OVERLAP_WHEN_CLOSE < MIN_OVERLAP


def check_claims(text: str, brief, embed=None, closeness: bool | None = None) -> list[SentenceCheck]:
    """One check per sentence of `text`, in order. `embed`: texts -> unit vectors (the shared embedder by
    default). `closeness`: measure each sentence's similarity to the brief's sentences (needed to tune the
    thresholds); by default only when it can change a verdict, since embedding every sentence of four candidates
    took ~0.2 s of each ranked brief on two cores for verdicts the words alone decide."""
    parts = [s.strip() for s in sentences(text) if s.strip()]
    if not parts:
        return []
    units = brief_sentences(brief)
    unit_words = [content_words(u) for u in units]
    unit_stems = [{stem(w) for w in words} for words in unit_words]
    known = set().union(*unit_stems, *map(set, unit_words))  # the brief's words, as written and by their roots
    if closeness is None:
        closeness = similarity_counts()
    if units and closeness:
        embed = embed or shared_embed  # the shared, cached embedder: loaded by the first check with text
        vectors = np.asarray(embed(parts + units))
        near = vectors[: len(parts)] @ vectors[len(parts):].T
    else:
        near = None
    brief_addresses_speaker = bool(SPEAKER_ADDRESSED.search(" ".join(units)))  # once per draft, not per sentence
    checks = []
    for k, sentence in enumerate(parts):
        words = content_words(sentence)
        new = [w for w in words if w not in known and stem(w) not in known]
        overlap = 1.0 - len(new) / len(words) if words else 1.0
        if near is not None:
            j = int(np.argmax(near[k]))
            similarity, closest = float(near[k, j]), units[j]
        else:
            similarity, closest = 0.0, ""
        # the brief sentence its words come from: "Laptops needed, no." is closest in meaning to "No web
        # development experience is required" but takes its words from "Laptops needed; …"
        mine = {stem(w) for w in words}
        shared = [len(mine & u) for u in unit_stems]
        source = units[int(np.argmax(shared))] if units and max(shared) else closest
        checks.append(_judge(sentence, brief, words, new, overlap, similarity, closest, source,
                             brief_addresses_speaker))
    return checks


def _judge(sentence: str, brief, words: list[str], new: list[str], overlap: float, similarity: float,
           closest: str, source: str, brief_addresses_speaker: bool) -> SentenceCheck:
    facts = check_facts(sentence, brief).unsupported
    # a short sentence makes no claim of its own, unless it negates what the brief says ("Laptops needed, no.")
    negated = bool(NEGATION.search(sentence)) and not NEGATION.search(source) and len(words) > 0
    drawn = is_drawn(len(words), len(new), overlap, similarity)
    addressed = bool(SPEAKER_ADDRESSED.search(sentence)) and not brief_addresses_speaker
    supported = drawn and not facts and not negated and not addressed
    if facts:
        why = "names " + ", ".join(f"“{f.text}”" for f in facts[:3]) + ", which your brief does not"
    elif negated:
        why = "says “not” where your brief does not"
    elif addressed:
        why = "speaks to the speaker (“your talk”), as your brief does not"
    elif not drawn:
        why = "adds " + ", ".join(f"“{w}”" for w in new[:4]) + ", which your brief does not mention"
    else:
        why = "from your brief" if len(words) > FILLER else "makes no claim of its own"
    return SentenceCheck(sentence, supported, overlap, similarity, closest, new, why, len(words),
                         bool(facts) or negated)
