"""The public labelled sets `bench/feedback_loop.py` reads, and the category descriptions it tries.

None of these files is in the repository. Sentiment comes from `../shared/data/sentiment` (`scripts/sentiment_data.py`
splits it) and from copies of public sets on GitHub, fetched once into a folder given as `--sets`:

    Restaurants_Train.xml, Laptop_Train.xml      SemEval-2014 Task 4 (github.com/HugoBrg/sentiment_analysis)
    tweeteval/sentiment, emotion, stance/<topic>  TweetEval test files (github.com/cardiffnlp/tweeteval)
    agnews_train.csv                              an AG News sample (github.com/Shane-Neeley/CharCnn_Keras,
                                                  data/ag_news_csv/train.csv, 580 rows)

Every category has five descriptions written the way an organiser writes one (a few words, a list, a sentence),
all written on 2026-12-07 before any accuracy was computed, and never edited after. The benchmark reports every
one of them (the spread), not the best.
"""
from __future__ import annotations

import csv
import random
import xml.etree.ElementTree as ET  # our own copies of public data sets, not uploads: no need for defusedxml
from dataclasses import dataclass
from pathlib import Path

from core.feedback.sentiment import LABELS


@dataclass
class LabelledSet:
    name: str
    texts: list[str]
    labels: list[str]


def _sample(rows: list[tuple[str, str]], most: int, seed: int = 0) -> list[tuple[str, str]]:
    rows = list(dict.fromkeys(rows))  # a text seen twice counts once
    return random.Random(seed).sample(rows, most) if len(rows) > most else rows


def _as_set(name: str, rows: list[tuple[str, str]]) -> LabelledSet:
    return LabelledSet(name, [t for t, _ in rows], [y for _, y in rows])


def read_absa(path: Path, field: str) -> list[tuple[str, str]]:
    """(sentence, its one aspect category) or (sentence, its one polarity); SemEval-2014 laptops carry aspect
    terms only, so their polarity comes from the terms."""
    rows = []
    for sentence in ET.parse(path).getroot().iter("sentence"):
        tags = "aspectTerm" if field == "term-polarity" else "aspectCategory"
        key = "polarity" if field.endswith("polarity") else "category"
        found = {c.get(key) for c in sentence.iter(tags)}
        if len(found) == 1 and (key == "category" or next(iter(found)) in LABELS):
            rows.append((sentence.findtext("text").strip(), found.pop()))
    return rows


def _tweeteval(folder: Path) -> list[tuple[str, str]]:
    names = dict(line.split("\t") for line in (folder / "mapping.txt").read_text().splitlines() if line.strip())
    texts = (folder / "test_text.txt").read_text(encoding="utf-8").splitlines()
    labels = (folder / "test_labels.txt").read_text().split()
    return [(t.strip(), names[y].strip()) for t, y in zip(texts, labels)]


def sentiment_sets(data: Path, sets: Path, most: int = 3000) -> list[LabelledSet]:
    """Five sets, none trained on by the shipped classifier, labelled negative / neutral / positive (movie
    reviews: negative / positive only)."""
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    from sentiment_data import splits
    parts = splits(data)
    sst5 = [(t, LABELS[y]) for t, y in zip(parts["val_sst5"].texts, parts["val_sst5"].labels)]
    rt = [(t, LABELS[y]) for t, y in zip(parts["check_rt"].texts, parts["check_rt"].labels)]
    return [_as_set("tweets (TweetEval test)", _sample(_tweeteval(sets / "tweeteval" / "sentiment"), most)),
            _as_set("movie reviews (RT polarity)", _sample(rt, most)),
            _as_set("film sentences (SST-5 held out)", _sample(sst5, most)),
            _as_set("restaurant reviews (SemEval-14)",
                    _sample(read_absa(sets / "Restaurants_Train.xml", "polarity"), most)),
            _as_set("laptop reviews (SemEval-14)",
                    _sample(read_absa(sets / "Laptop_Train.xml", "term-polarity"), most))]


# Five descriptions per category, as organisers write them. Written before any result was seen.
RESTAURANT_ASPECTS = {
    "food": ["food", "the food and drink", "dishes, taste, menu, portions",
             "what we ate and how it tasted", "the pizza was great, sushi, dessert, bland dish"],
    "service": ["service", "staff and service", "waiters, waitress, service, being served",
                "how the staff treated us", "rude waiter, friendly staff, waited ages for our order"],
    "price": ["price", "prices and value", "cost, value for money, the bill, expensive, cheap",
              "whether it was worth the money", "too expensive, good value, reasonable prices"],
    "ambience": ["ambience", "atmosphere and decor", "decor, music, noise, lighting, seating",
                 "how the place looks and feels", "cozy place, too loud, nice decor, romantic"],
    "anecdotes/miscellaneous": ["general", "the visit overall", "recommendations, our visit, the restaurant overall",
                                "a story about going there", "we went there for a birthday, will come back"],
}
SOURCES = {
    "Movies": ["films", "movie reviews", "the film, actors, plot, director, script",
               "what someone thought of a movie", "the acting was wooden, great story, boring sequel"],
    "Restaurants": ["restaurants", "restaurant reviews", "food, waiters, menu, dinner, the restaurant",
                    "what someone thought of a place to eat", "the pasta was cold, friendly waiter, great brunch"],
    "Laptops": ["laptops", "computer reviews", "laptop, battery, screen, keyboard, software",
                "what someone thought of their computer", "battery dies fast, the screen is sharp, runs windows"],
    "Twitter": ["tweets", "social media posts", "news, sport, music, celebrities, politics, hashtags",
                "a short post about what is happening today", "can't wait for the game tomorrow, @user so true"],
}
EMOTIONS = {
    "anger": ["anger", "angry posts", "angry, furious, annoyed, outraged, hate",
              "someone who is mad about something", "this makes me so mad, I'm sick of it"],
    "joy": ["joy", "happy posts", "happy, delighted, fun, laughing, love it",
            "someone who is glad about something", "best day ever, so happy right now"],
    "optimism": ["optimism", "hopeful posts", "hope, confidence, looking forward, it will get better",
                 "someone who expects good things", "keep going, things will work out, never give up"],
    "sadness": ["sadness", "sad posts", "sad, depressed, lonely, crying, grief",
                "someone who feels down", "I miss her so much, feeling really low today"],
}
STANCE_TOPICS = {
    "abortion": ["abortion", "abortion rights", "abortion, pro-life, pro-choice, unborn babies",
                 "posts about abortion", "every life matters from conception, my body my choice"],
    "atheism": ["religion", "atheism and faith", "God, religion, atheism, prayer, the church",
                "posts about believing in God or not", "pray for us, religion is a myth"],
    "climate": ["climate", "climate change", "climate change, global warming, carbon, environment",
                "posts about the planet heating up", "we need to act on climate now, renewable energy"],
    "feminist": ["feminism", "women's rights", "feminism, women, sexism, equality, gender",
                 "posts about the place of women", "women deserve equal pay, feminists are ruining everything"],
    "hillary": ["Hillary", "Hillary Clinton", "Hillary Clinton, her campaign, the election, emails",
                "posts about Hillary running for president", "Hillary for president, she can't be trusted"],
}
NEWS = {
    "World": ["world", "world news", "countries, governments, war, elections, diplomacy",
              "news about what happens in other countries", "troops killed in Iraq, UN talks, prime minister"],
    "Sports": ["sports", "sport news", "games, teams, players, scores, championships",
               "news about matches and athletes", "Red Sox win, Olympic gold, coach fired"],
    "Business": ["business", "business news", "companies, markets, stocks, oil prices, earnings",
                 "news about money and firms", "shares fall, profit rises, merger deal"],
    "Sci/Tech": ["tech", "science and technology", "software, internet, computers, space, research",
                 "news about new technology and discoveries", "new phone released, NASA probe, Microsoft update"],
}


@dataclass
class CategorySet:
    name: str
    texts: list[str]
    labels: list[str]
    paraphrases: dict[str, list[str]]  # category -> five descriptions

    def descriptions(self, k: int) -> dict[str, str]:
        return {c: ds[k] for c, ds in self.paraphrases.items()}


def category_sets(data: Path, sets: Path, most: int = 2000) -> list[CategorySet]:
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
    from sentiment_data import splits
    aspects = read_absa(sets / "Restaurants_Train.xml", "category")
    rng = random.Random(0)
    parts = splits(data)
    pools = {"Movies": parts["check_rt"].texts,
             "Restaurants": [t for t, _ in read_absa(sets / "Restaurants_Train.xml", "polarity")],
             "Laptops": [t for t, _ in read_absa(sets / "Laptop_Train.xml", "term-polarity")],
             "Twitter": [t for t, _ in _tweeteval(sets / "tweeteval" / "sentiment")]}
    sources = [(t, name) for name, pool in pools.items() for t in rng.sample(pool, min(500, len(pool)))]
    stance = [(t.strip(), topic) for topic in STANCE_TOPICS
              for t in (sets / "tweeteval" / "stance" / topic / "test_text.txt").read_text(encoding="utf-8")
              .splitlines() if t.strip()]
    with open(sets / "agnews_train.csv", newline="", encoding="utf-8") as handle:
        news = [(f"{title}. {body}".replace("\\", " "), list(NEWS)[int(y) - 1])
                for y, title, body in csv.reader(handle)]
    return [CategorySet("restaurant aspects (SemEval-14)", *_columns(_sample(aspects, most)), RESTAURANT_ASPECTS),
            CategorySet("review sources (4 sets)", *_columns(sources), SOURCES),
            CategorySet("tweet emotions (TweetEval)", *_columns(_sample(_tweeteval(sets / "tweeteval" / "emotion"),
                                                                        most)), EMOTIONS),
            CategorySet("tweet topics (TweetEval stance)", *_columns(_sample(stance, most)), STANCE_TOPICS),
            CategorySet("news topics (AG News sample)", *_columns(news), NEWS)]


def _columns(rows):
    return [t for t, _ in rows], [y for _, y in rows]
