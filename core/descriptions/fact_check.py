"""Which facts in a draft does the brief support? Names, numbers, dates, credentials and links are checked
against everything the organiser wrote; whatever the brief cannot vouch for is marked.

Careful heuristics rather than an NLP model: spaCy's English models are not on PyPI (they install from GitHub
releases, which this product's offline installs cannot reach), and an event draft's risky facts have clear
shapes: capitalised names mid-sentence, digits and number words, month and weekday names, credential phrases,
links. Matching forgives case, possessives, plurals, hyphenation and speaker-name variants (first or last name
alone, initials), and numbers written as words.

    check("In this talk, Amara shares 10 years at Google.", Brief(title="Pandas", speakers="Amara Okafor"))
    -> unsupported: ["10 years", "Google"]; used: ["Amara Okafor"]
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.text_terms import speaker_names

NUMBER_WORDS = {w: n for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
NUMBER_WORDS |= {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
                 "hundred": 100, "hundreds": 100, "thousand": 1000, "thousands": 1000, "million": 10**6,
                 "millions": 10**6, "billion": 10**9, "dozen": 12, "dozens": 12}
# "one" is a pronoun far more often than a count ("one of the most…"); it is never a claim on its own
COUNT_WORDS = set(NUMBER_WORDS) - {"zero", "one"}
DATE_WORDS = set("january february march april may june july august september october november december "
                 "monday tuesday wednesday thursday friday saturday sunday".split()) - {"may"}
CREDENTIAL = re.compile(
    r"\b(?:dr|prof)\.(?=\s)|"
    r"\b(?:award[- ]winning|awards?|prize[- ]winning|prizes?|nobel|ph\.?\s?d|doctorate|professor|"
    r"ceo|cto|cfo|coo|founder|co-founder|best[- ]?selling|renowned|world[- ]class|world[- ]renowned|"
    r"leading expert|certified|accredited|patent(?:ed|s)?|fellow|olympic|champion|medall?ist|grammy|emmy|"
    r"oscar|tedx?|forbes|bestseller|years? of experience|veteran|pioneer|celebrated|acclaimed|journalist|blogger|"
    r"author|entrepreneur|influencer|podcaster|investor|billionaire|visionary|guru|thought leader|legend|"
    r"superstar|rock ?star|ninja|icon|master of [a-z]+)\b|"
    # a reputation the brief never gave: "a leading data analytics specialist", "the renowned author"
    r"\b(?:a|an|the)\s+(?:leading|seasoned|renowned|prominent|well-known|famous|top|celebrated|acclaimed|"
    r"respected|veteran|expert|world-class|world-renowned|award-winning|internationally[- ]recognised|"
    r"internationally[- ]recognized)(?:\s+(?!(?:of|and|in|at|for|with|from|to|who|that)\b)[a-z-]+){1,3}", re.I)
LINK = re.compile(r"(?:https?://|www\.)\S+|\b[\w.+-]+@[\w-]+\.[\w.]+\b|\b[\w-]+\.(?:com|org|io|net|ai|dev)\b", re.I)
TOKEN = re.compile(r"[#@]?[^\W_](?:[\w’'.\-&]*[^\W_])?")
FUNCTION_WORDS = {"a", "an", "the", "to", "your", "our", "their", "this", "these", "that", "on", "in", "with",
                  "for", "and", "me", "us", "you", "them", "it", "up", "out", "into", "about", "by", "what", "how"}
CONNECTORS = {"of", "de", "van", "von", "der", "da", "la", "le", "du", "&", "for"}

# Capitalised at a sentence start only because they open it: never names. Stop words plus what event copy
# opens sentences with. A capitalised word *inside* a sentence needs no list: English capitalises names there.
STARTERS = set("""a about above after again against all also although am an and another any are as at attendees
be because been before being below between both but by can come could discover do does doing don't down during
each either even every everyone expect explore find finally first for from further get go great had has have he
her here hers herself him himself his how however i if imagine in into is it its itself join just learn leave
let let's like look make many me meet more most much my myself next no nor not now of off on once only or other
our ours ourselves out over own participants plus ready same see she should so some start such take than that
the their theirs them themselves then there these they this those through to together too under until up very
want was we were what whether when where which while who whom why will with would yet you your yours yourself
yourselves step bring dive get hear ask gain walk uncover unlock understand build today tomorrow whatever
throughout across along beyond inside within without using building drawing based having focusing ideal perfect
key ultimately additionally moreover furthermore instead meanwhile overall simply indeed especially visit grab
register sign save reserve secure celebrate connect network enjoy experience transform master boost embrace
harness navigate empower elevate unleash level whether designed tailored aimed packed filled perfectly curious
interested new fresh hands practical real successful effective modern smart whats what's thanks thank please
don't you'll you're we'll we're it's that's there's here's let's isn't aren't can't won't this session talk
workshop panel keynote by last finally lastly second third besides beyond since though although because""".split())


@dataclass(frozen=True)
class Claim:
    text: str
    start: int  # character offsets in the draft
    end: int
    kind: str  # "name", "number", "date", "credential" or "link"


@dataclass
class Check:
    unsupported: list[Claim] = field(default_factory=list)
    used: list[str] = field(default_factory=list)  # facts from the brief the draft uses
    offered: list[str] = field(default_factory=list)  # every fact the brief offers

    @property
    def clean(self) -> bool:
        return not self.unsupported


def _forms(word: str) -> set[str]:
    """Example: "Okafor's" -> {"okafor"}; "festivals" -> {"festivals", "festival"}; "AI-driven" -> {..., "ai"}"""
    w = word.lower().replace("’", "'").strip(".'-&")
    w = re.sub(r"'s$|s'$", "", w)
    forms = {w}
    for part in re.split(r"[-.']", w):
        if part:
            forms.add(part)
    for f in list(forms):
        if f.endswith("ing") and len(f) > 5:  # "measuring" ~ "measure", "building" ~ "build"
            forms.update({f[:-3], f[:-3] + "e"})
        elif f.endswith("ed") and len(f) > 4:
            forms.update({f[:-2], f[:-1]})
        if f.endswith("ies") and len(f) > 4:
            forms.add(f[:-3] + "y")
        elif f.endswith("es") and len(f) > 4:
            forms.update({f[:-2], f[:-1]})
        elif f.endswith("s") and not f.endswith("ss") and len(f) > 3:
            forms.add(f[:-1])
    return forms


def _numbers(text: str) -> set[int | float]:
    """Example: "ten years, 3,000 people, 2.5x" -> {10, 3000, 2.5}"""
    values: set[int | float] = set()
    for raw in re.findall(r"\d+(?:[.,]\d+)*", text):
        clean = raw.replace(",", "")
        try:
            values.add(float(clean) if "." in clean else int(clean))
        except ValueError:
            continue
    total = current = 0
    in_run = False
    for word in re.findall(r"[a-z]+", text.lower()) + ["."]:  # the sentinel closes a last run
        value = NUMBER_WORDS.get(word)
        if value is None:
            if in_run and word != "and":
                values.add(total + current)  # "forty thousand" -> 40000, "twenty five" -> 25
                total = current = 0
                in_run = False
            continue
        values.add(value)
        in_run = True
        if value in (100,):
            current = max(current, 1) * 100
        elif value >= 1000:
            total += max(current, 1) * value
            current = 0
        else:
            current += value
    return values


class Support:
    """Everything a brief vouches for, in the forms a draft may use."""

    def __init__(self, brief_text: str, speakers: str):
        self.text = brief_text.lower().replace("’", "'")
        self.words: set[str] = set()
        for token in TOKEN.findall(brief_text):
            self.words |= _forms(token)
        self.numbers = _numbers(brief_text)
        self.people = speaker_names(speakers)
        for name in self.people:
            for part in name.split():
                self.words |= _forms(part)
        self.initials = {p[0] for name in self.people for p in name.split() if p}

    def word(self, token: str) -> bool:
        forms = _forms(token)
        if forms & self.words:
            return True
        bare = token.rstrip(".")
        return len(bare) == 1 and bare.lower() in self.initials  # "A. Okafor"

    def phrase(self, text: str) -> bool:
        return text.lower().replace("’", "'") in self.text


def brief_text(brief) -> str:
    return " ".join(str(getattr(brief, f, "") or "") for f in ("title", "event", "speakers", "audience",
                                                               "keywords", "notes", "bios"))


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in re.finditer(r"[.!?…]+[\"'”’)\]]*(?=\s+|$)|\n+", text):
        spans.append((start, match.end()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _names(text: str, begin: int, end: int, support: Support, draft_lower: set[str],
           taken: list[tuple[int, int]]) -> list[Claim]:
    """Runs of capitalised words in one sentence that the brief does not support. Words already marked (a
    credential such as "PhD") end a run, so "a Harvard PhD" marks "Harvard" and "PhD" separately."""
    tokens = [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text, begin, end)]
    claims, run = [], []

    def close():
        while run and run[-1][0].lower() in CONNECTORS:
            run.pop()
        content = [t for t in run if t[0].lower() not in CONNECTORS]
        if content and not all(support.word(t[0]) for t in content):
            claims.append(Claim(text[run[0][1]:run[-1][2]], run[0][1], run[-1][2], "name"))
        run.clear()

    for k, (token, start, stop) in enumerate(tokens):
        if token[0] in "#@" or any(a < stop and start < b for a, b in taken):
            close()
            continue
        if run and text[run[-1][2]:start].strip():
            close()  # punctuation between two words ends a name: "Keywords: Events", "Regulation (GDPR"
        capital = token[0].isupper() or (len(token) > 1 and any(c.isupper() for c in token[1:]) and token[0].isalpha())
        opener = k == 0 or text[tokens[k - 1][2]:start].strip() in (":", "\"", "“", "-", "–", "—")
        if capital and opener and not run:
            word = token.lower().replace("’", "'")
            after = tokens[k + 1][0] if k + 1 < len(tokens) else ""
            # a sentence opener is a name only if English would not capitalise it there anyway: a common word,
            # a contraction, a word the draft also uses in lower case, or a verb before "a", "your", "the"…
            if (word in STARTERS or "'" in word.replace("'s", "") or _forms(token) & draft_lower
                    or after in FUNCTION_WORDS):
                continue
        if capital and token.lower() not in ("i",) and not _is_number_word(token):
            run.append((token, start, stop))
        elif run and token.lower() in CONNECTORS:
            run.append((token, start, stop))
        else:
            close()
    close()
    return claims


def _is_number_word(token: str) -> bool:
    return token.lower().strip(".") in NUMBER_WORDS or token[0].isdigit()


def check(draft: str, brief) -> Check:
    """Every name, number, date, credential and link in `draft` that `brief` does not support."""
    support = Support(brief_text(brief), getattr(brief, "speakers", ""))
    # words the draft itself uses in lower case are common words, even when a sentence opens with one
    draft_lower = {w for t in TOKEN.findall(draft) if t.islower() for w in _forms(t)}
    claims: list[Claim] = []
    taken: list[tuple[int, int]] = []

    def add(claim: Claim) -> None:
        if not any(a < claim.end and claim.start < b for a, b in taken):
            claims.append(claim)
            taken.append((claim.start, claim.end))

    for match in LINK.finditer(draft):
        if not support.phrase(match.group().rstrip(".,")):
            add(Claim(match.group().rstrip(".,"), match.start(), match.start() + len(match.group().rstrip(".,")),
                      "link"))
    for match in CREDENTIAL.finditer(draft):
        # "an award-winning chef" is the brief's when the brief says "Award-winning chef"
        if not support.phrase(re.sub(r"^(?:a|an|the)\s+", "", match.group(), flags=re.I)):
            add(Claim(match.group(), match.start(), match.end(), "credential"))
    for match in re.finditer(r"\b\d+(?:[.,]\d+)*(?:\s?%|\+)?(?:[\s-](?:years?|months?|weeks?|days?|hours?|"
                             r"minutes?|people|attendees|participants|speakers|sessions|companies|countries))?"
                             r"|\b[A-Za-z]+(?:-[a-z]+)?\b", draft):
        token = match.group()
        head = token.split("-")[0].split()[0].lower()
        if token[0].isdigit() or head in COUNT_WORDS:
            if not _numbers(token) <= support.numbers:
                add(Claim(token, match.start(), match.end(), "number"))
        elif head in DATE_WORDS and not support.word(head):
            add(Claim(token, match.start(), match.end(), "date"))
    for begin, end in _sentences(draft):
        for claim in _names(draft, begin, end, support, draft_lower, list(taken)):
            add(claim)
    claims.sort(key=lambda c: c.start)
    offered = _offered(brief, support)
    lower = draft.lower().replace("’", "'")
    draft_words = {f for t in TOKEN.findall(draft) for f in _forms(t)}
    used = [fact for fact in offered if _uses(fact, lower, draft_words)]
    return Check(claims, used, offered)


def _offered(brief, support: Support) -> list[str]:
    """The brief's checkable facts: each speaker, the title, each keyword, names and numbers in the notes."""
    facts = [" ".join(w.capitalize() for w in p.split()) for p in support.people]
    keywords = [k.strip() for k in re.split(r"[,;]", getattr(brief, "keywords", "") or "") if k.strip()]
    facts += keywords
    notes = getattr(brief, "notes", "") or ""
    for begin, end in _sentences(notes):
        tokens = [m for m in TOKEN.finditer(notes, begin, end)]
        for k, m in enumerate(tokens):
            if k and m.group()[0].isupper() and m.group().lower() not in STARTERS:
                facts.append(m.group().rstrip(".'’s"))
    facts += [m.group() for m in re.finditer(r"\b\d+(?:[.,]\d+)*\b", notes)]
    return list(dict.fromkeys(f for f in facts if f))


def _uses(fact: str, draft_lower: str, draft_words: set[str]) -> bool:
    words = [w for w in TOKEN.findall(fact) if w.lower() not in CONNECTORS]
    if not words:
        return False
    if len(words) > 1 and all(w[0].isupper() for w in words):  # a person or an organisation: any part counts
        return any(_forms(w) & draft_words for w in words)
    return fact.lower() in draft_lower or all(_forms(w) & draft_words for w in words)
