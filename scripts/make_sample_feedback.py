"""Regenerate core/sample_data/feedback.csv, the demo event's ~300 attendee comments.

The comments are composed from hand-written fragments with a fixed seed, so the file is reproducible:
    python scripts/make_sample_feedback.py
Each session gets a quality level, so the per-session roll-ups differ the way real ones do.
"""
from __future__ import annotations

import csv
import random
from datetime import datetime, timedelta
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "core" / "sample_data"
SEED = 2026

TOPICS = {
    "S01": "the opening keynote", "S02": "pandas", "S03": "attendee data analysis", "S04": "LoRA fine-tuning",
    "S05": "ticket checkout scaling", "S06": "the RAG help desk", "S07": "OpenTelemetry", "S08": "inclusive meetups",
    "S09": "LLM evaluation", "S10": "production evaluation", "S11": "data contracts", "S12": "lunch",
    "S13": "Kubernetes costs", "S14": "Streamlit", "S15": "prompt engineering", "S16": "volunteering",
    "S17": "sentiment analysis", "S18": "forecasting", "S19": "hybrid events", "S20": "the poster walk",
    "S21": "small models", "S22": "threat modelling", "S23": "embeddings", "S24": "session recommendations",
    "S25": "Terraform", "S26": "the data stack", "S27": "accessibility", "S28": "GDPR analytics",
    "S29": "quantisation", "S30": "incident response", "S31": "sponsorship", "S32": "the mentoring tables",
    "S33": "Apache Arrow", "S34": "sentiment analysis", "S35": "the chatbot workshop", "S36": "carbon footprints",
    "S37": "speaker coaching", "S38": "offline-first apps", "S39": "AI at events", "S40": "the closing session",
}
# Probability weights for (positive, neutral, negative, mixed, sarcastic) by session quality.
QUALITY = {"great": (62, 12, 6, 15, 5), "good": (45, 20, 12, 17, 6), "weak": (15, 18, 42, 15, 10)}
WEAK = {"S05", "S13", "S26", "S31", "S38"}
GREAT = {"S02", "S04", "S14", "S17", "S21", "S23", "S27", "S30"}

POSITIVE = [
    "Brilliant session, {topic} finally makes sense to me.", "Loved the live demo on {topic}.",
    "Clear, practical and well paced. Best talk of the day for me.", "Great speaker and great examples.",
    "Really enjoyed this one, and the Q&A was excellent.", "Super useful overview of {topic}, please share the slides!",
    "I came in sceptical about {topic} and left convinced.", "Exactly the level of detail I was hoping for.",
    "Fantastic energy from the speaker, the room was buzzing.", "Very well structured, I took pages of notes.",
    "Honest about what did not work, which I really appreciated.", "Inspiring and practical at the same time.",
    "One of the highlights of the summit.", "The examples about {topic} were spot on for my job.",
    "Thank you! I will try this with my team next week.", "Excellent, would happily watch it again.",
]
NEUTRAL = [
    "Attended the session on {topic}.", "It was okay. Covered the basics of {topic}.",
    "Standard overview, nothing surprising.", "Would be good to get the slides.", "Fine.",
    "Took some notes, will review them later.", "Average session.", "The room changed but the app showed it.",
    "Similar to the talk I saw last year on {topic}.", "Mostly theory, a few examples.",
    "Not my area, but I followed most of it.", "Ended on time.", "Some overlap with another session today.",
    "Decent introduction to {topic} for beginners.",
]
NEGATIVE = [
    "Too basic for the advertised level, I learned nothing new about {topic}.",
    "The speaker read from the slides for the whole session.", "Audio was terrible at the back and the room was far too hot.",
    "Felt like a sales pitch rather than a talk about {topic}.", "Ran fifteen minutes over and skipped the Q&A entirely.",
    "Could not get in, the room was full and nobody redirected us.", "Slides were impossible to read from the middle rows.",
    "Disappointing. The abstract promised far more than this.", "Confusing and badly structured, I gave up halfway.",
    "Way too fast, no time to follow any of the code.", "The demo failed and there was no backup plan.",
    "Not worth the time slot, honestly.", "Boring. I left after twenty minutes.",
]
MIXED = [
    "Great content on {topic}, but the audio kept cutting out.", "Interesting ideas, though far too rushed at the end.",
    "The speaker clearly knows {topic}; the slides were unreadable though.",
    "Good first half, the second half lost me.", "Useful examples, but the room was far too small.",
    "Loved the topic, not a fan of the delivery.", "Solid talk, but it overlapped heavily with another session on {topic}.",
    "Informative but dry. Needed more real examples.", "Nice demo, shame the Q&A was cut short.",
]
SARCASTIC = [
    "Oh great, another forty minutes of buzzwords. Just what I needed.",
    "Loved sitting on the floor because the room was full. Very immersive.",
    "Fantastic, the demo crashed twice. Really inspires confidence in {topic}.",
    "Wow, a whole talk about {topic} without a single example. Impressive.",
    "Nothing says cutting edge like slides from 2015.", "Sure, because what {topic} really needed was more hype.",
]
KINDS = ["positive", "neutral", "negative", "mixed", "sarcastic"]
POOLS = dict(zip(KINDS, [POSITIVE, NEUTRAL, NEGATIVE, MIXED, SARCASTIC]))
RATINGS = {"positive": (4, 5, 5), "neutral": (3, 3, 4), "negative": (1, 2, 2), "mixed": (3, 3, 4), "sarcastic": (1, 2, 1)}


def compose(kind: str, topic: str, rng: random.Random) -> str:
    text = rng.choice(POOLS[kind]).format(topic=topic)
    if kind in ("positive", "negative") and rng.random() < 0.35:  # some people write two sentences
        text += " " + rng.choice([s for s in POOLS[kind] if "{topic}" not in s])
    return text[0].upper() + text[1:]


def main() -> None:
    rng = random.Random(SEED)
    with open(DATA / "agenda.csv", encoding="utf-8") as f:
        sessions = list(csv.DictReader(f))
    rows = []
    for s in sessions:
        sid = s["session_id"]
        quality = "great" if sid in GREAT else "weak" if sid in WEAK else "good"
        count = 3 if s["format"] == "networking" else rng.randint(6, 10)
        end = datetime.fromisoformat(s["end"])
        for _ in range(count):
            kind = rng.choices(KINDS, weights=QUALITY[quality])[0]
            rating = rng.choice(RATINGS[kind])
            if kind == "negative" and rng.random() < 0.08:
                rating = 5  # ticked the wrong star: the roll-up should flag these
            when = end + timedelta(minutes=rng.randint(5, 20 * 60))
            rows.append([sid, compose(kind, TOPICS[sid], rng), rating, when.strftime("%Y-%m-%d %H:%M")])
    rows.sort(key=lambda r: r[3])
    with open(DATA / "feedback.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["comment_id", "session_id", "text", "rating", "timestamp"])
        for i, row in enumerate(rows, 1):
            writer.writerow([f"F{i:03d}", *row])
    print(f"wrote {len(rows)} comments to {DATA / 'feedback.csv'}")


if __name__ == "__main__":
    main()
