"""Regenerate core/sample_data/feedback.csv, the demo event's ~300 attendee comments.

The comments are composed with a fixed seed, so the file is reproducible:
    python scripts/make_sample_feedback.py
They read like a real event's: each one talks about one to four subjects (what the talk covered, how the speaker
delivered it, the room and its sound, the wifi and the app, catering, queues, the schedule), in wording drawn
from a few hundred hand-written remarks, some praising, some complaining, some neither; some mixed ("great
content, but the room was freezing"), a few long, some with typos or no capitals, and some with a rating that
disagrees with the words. Each session gets a quality level and each room its own problems, so the roll-ups,
themes and categories differ the way real ones do. The number of comments per session is drawn separately
from their wording, so the demo keeps its 308 comments when the wording changes.
"""
from __future__ import annotations

import csv
import random
import re
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
# How likely a session's remarks about its content and speaker are (positive, neutral, negative), by quality.
QUALITY = {"great": (70, 18, 12), "good": (50, 28, 22), "weak": (18, 22, 60)}
WEAK = {"S05", "S13", "S26", "S31", "S38"}
GREAT = {"S02", "S04", "S14", "S17", "S21", "S23", "S27", "S30"}
# Each room's trouble, which attendees of any session there may mention: the venue's real story.
ROOM_TROUBLE = {"Main Hall": ("av", 0.22), "Room Atlantic": ("cold", 0.25), "Room Baltic": ("hot", 0.30),
                "Workshop Lab": ("wifi", 0.40), "Foyer": ("noise", 0.35)}

# (subject, polarity) -> remarks. {topic}, {first} (the speaker's first name), {room} are filled in; [a|b|c]
# picks one wording, so the same complaint is said many ways, as attendees do (and a theme is then named by
# its subject, "coffee", not by one stock sentence).
REMARKS = {
    ("content", "positive"): [
        "[Exactly|Just] the [depth|level] I was hoping for on {topic}.",
        "The [worked|real-world|hands-on] example [on|about] {topic} was worth the [ticket|trip] [alone|on its own].",
        "Finally someone showed real [numbers|data|results] instead of [hype|buzzwords].",
        "[Good|Great|Nice] mix of theory and practice[, the case study was gold|, loved the case study|].",
        "I'll be [reusing|stealing|using] the [checklist|template|approach] from [the slides|this talk] [at work on Monday|with my team|next week].",
        "Learned [three|a few|several] things I can [apply|use] [right away|tomorrow|at work].",
        "[Really|Very|Super] practical, and the code [samples|examples] actually [ran|worked].",
        "[Great|Refreshing] to hear [a failure story|what went wrong] and not just the [success|happy path].",
        "[The best|A really clear] explanation of {topic} I've [seen|heard] [so far|in years|].",
        "[Loved|Enjoyed] the live demo, it made {topic} click for me.",
        "[Clear structure|Well structured]: problem, approach, results.[ More talks should do this.|]",
        "Came in sceptical about {topic} and left [convinced|a fan|with ideas].",
        "[Very|Really|Extremely] useful for my team, we have exactly this problem[ with {topic}|].",
    ],
    ("content", "neutral"): [
        "[Solid|Decent|Ok] intro to {topic}, probably better for beginners.", "Covered the basics of {topic}.",
        "Mostly theory, [a few|some] examples.", "Similar to [the|a] talk on {topic} I saw last year.",
        "Would be good to get the slides[ please|].", "Not my field, but I followed most of it.",
        "An overview of {topic}, [nothing I hadn't read before|about what I expected].",
        "Some overlap with another session [today|on {topic}].", "I expected more about [tooling|costs|scale], but ok.",
        "Took notes, will need to read up on {topic} [afterwards|later].",
    ],
    ("content", "negative"): [
        "Too basic for [an advanced|a deep-dive|an expert] slot, I knew [all of it|most of it] already.",
        "The abstract promised {topic} in production, we got a [beginner tutorial|hello-world demo].",
        "No real examples, just [definitions|slides of bullet points].",
        "It was basically a [product pitch|sales pitch|vendor demo] for their company.",
        "Way too much content for [45|forty] minutes, [nothing really landed|impossible to follow].",
        "The live demo [failed|crashed|broke] and we watched ten minutes of debugging.",
        "[Confusing structure|No clear thread], I [lost the thread|gave up] halfway.",
        "Slides full of buzzwords, very little [substance|content].",
        "Nothing new about {topic} that isn't in the [docs|blog posts|README].",
    ],
    ("speaker", "positive"): [
        "{first} is a [fantastic|brilliant|great] speaker, [clear and funny|engaging and clear|really clear].",
        "[Loved|Really liked] {first}'s energy[ on stage|].", "{first} handled the [tough|tricky|awkward] questions really well.",
        "[Calm|Relaxed], clear delivery, easy to follow.", "{first} clearly knows [this|{topic}] inside out.",
        "[Great|Lovely] storytelling from {first}.", "[Really|Very] engaging speaker, the time flew by.",
        "{first} took every question seriously[, even the silly ones|].",
    ],
    ("speaker", "neutral"): [
        "{first} was [fine|ok], a bit monotone.", "Speaker was [ok|alright].",
        "Delivery was [average|so-so] but the content was there.",
    ],
    ("speaker", "negative"): [
        "{first} read [from|off] the slides the whole time.", "[Spoke|Talked] far too fast, [hard|impossible] to follow.",
        "The speaker [mumbled|spoke very quietly] and was hard to understand.",
        "[Ran|Went] fifteen minutes over and skipped the questions.",
        "Didn't really answer the questions from the audience.", "{first} seemed [unprepared|nervous and unprepared].",
        "[Talked|Spoke] down to the audience, not a good look.",
    ],
    ("av", "negative"): [
        "Couldn't hear anything at the back, the [mic|microphone] kept cutting out.",
        "The projector was so washed out that the [code|text] was unreadable.",
        "[Font|Text] on the slides was far too small for {room}.",
        "Sound in {room} [echoed|was so echoey] [so much I gave up on the questions|, couldn't follow the Q&A].",
        "The livestream [lagged|kept freezing] and had no sound for [ten|twenty] minutes.",
        "[Mic|Microphone] feedback squealing every few minutes.", "Half the slides were cut off on the screen.",
    ],
    ("av", "positive"): [
        "Sound was [great|crystal clear] even at the back.", "Big screens and readable slides, thank you.",
        "The recording was up the same [evening|day], great.",
    ],
    ("cold", "negative"): [
        "{room} was [freezing|so cold|really chilly], [bring a jacket|I kept my coat on|my hands went numb].",
        "[Air con|The air conditioning] in {room} was [way too cold|set to arctic].",
        "So cold in {room} [people were wearing coats|I could barely concentrate].",
    ],
    ("hot", "negative"): [
        "{room} was [far too hot|boiling|sweltering] and stuffy.",
        "No air in {room}, [I nearly fell asleep|half the room was dozing off].",
        "It was [boiling|so hot] in {room}, please [open a window|fix the ventilation] next time.",
    ],
    ("noise", "negative"): [
        "Hard to hear over the noise from the [coffee area|bar|sponsor stands].",
        "The {room} is not a place for talks, too noisy.",
        "Could barely hear because of people chatting [next to the stand|at the back].",
    ],
    ("seats", "negative"): [
        "Not enough seats, people [sat|were sitting] on the floor.",
        "Room was full and nobody [pointed us to|told us about] the overflow.",
        "Couldn't get in, {room} was full [ten minutes|well] before the start.",
    ],
    ("venue", "positive"): [
        "{room} was comfortable and well lit.", "[Lovely|Great] venue, easy to get around.",
        "Comfy chairs for once!", "Great room, good [sightlines|view of the stage] from everywhere.",
    ],
    ("venue", "negative"): [
        "Signage was [confusing|non-existent], took ages to find {room}.", "Only two toilets for the whole floor.",
        "The lifts were always full[, and the stairs were locked|].",
    ],
    ("wifi", "negative"): [
        "[Wifi|The wifi|WiFi] kept dropping, couldn't follow along with the [notebook|exercises].",
        "No [wifi|internet] in {room} at all.", "The wifi password on the badge was wrong.",
        "Couldn't download the workshop files, the wifi was [too slow|useless].",
    ],
    ("wifi", "positive"): [
        "[Wifi|The wifi] was fast for once!", "Good wifi everywhere, even in the workshop room.",
    ],
    ("app", "negative"): [
        "The [event|conference] app showed the wrong room.", "[The app|App] crashed every time I opened the schedule.",
        "The app didn't send the room change notification.",
    ],
    ("app", "positive"): [
        "The app made it easy to build my schedule.", "Liked getting the room change [on|in] the app straight away.",
    ],
    ("catering", "negative"): [
        "[Coffee|The coffee] ran out by [half ten|ten|the second break].",
        "The lunch queue took [forty|thirty|forty-five] minutes.",
        "No [vegan|vegetarian|gluten-free] option left by the time I got to the front.",
        "Water stations were empty all afternoon.", "Lunch was cold and there wasn't enough of it.",
    ],
    ("catering", "positive"): [
        "The coffee was [excellent|really good]!", "Lunch was [delicious|great] and there were plenty of [veggie|vegan] options.",
        "Loved the pastries at the morning break.", "Good food, and the [queue|lunch line] moved fast.",
    ],
    ("queues", "negative"): [
        "The registration queue was [thirty|forty] minutes long in the morning.",
        "Badge printing broke down, long wait to get in.", "Queued so long at check-in I missed the start of the keynote.",
    ],
    ("queues", "positive"): [
        "Check-in took two minutes, well done.", "Registration was quick and the volunteers were lovely.",
    ],
    ("schedule", "negative"): [
        "Clashed with another session I wanted to see, had to pick one.", "Too short a break between sessions.",
        "Started [ten|fifteen] minutes late and then rushed the end.", "Why put this at 5 pm when everyone is exhausted?",
    ],
    ("schedule", "positive"): [
        "Ran exactly on time, much appreciated.", "Nice long breaks for talking to people.",
    ],
    ("networking", "positive"): [
        "Great chance to meet people.", "Met [two|a few] people I'll definitely stay in touch with.",
        "Nice relaxed format, good conversations.", "Best part of the day honestly, good people.",
    ],
    ("networking", "neutral"): [
        "It was fine, a bit unstructured.", "Ok, hard to find people with the same interests.",
        "Would have liked name tags with topics.",
    ],
    ("networking", "negative"): [
        "Too crowded to talk to anyone.", "Nobody explained how {topic} worked.",
        "Felt awkward, no one to break the ice.",
    ],
}
# A few attendees write at length
LONG = [
    "I want to give a bit more detail because I think this matters. The content on {topic} was genuinely good and "
    "{first} clearly put a lot of work in, but the session was in {room}, and from row ten onwards we could not read "
    "a single line of code on the screen. Several people left after twenty minutes. Please check the room before "
    "booking a code-heavy talk there, or ask speakers for bigger fonts.",
    "First time at this event. Overall a really good day: friendly volunteers, great coffee, and this was one of "
    "the sessions I'll remember. The only thing I'd change is the schedule, the breaks were too short to get from "
    "{room} to the other rooms and grab a drink, so I arrived late to the next talk twice.",
    "Honestly disappointed. I chose this conference for the advanced track, and this talk on {topic} was an "
    "introduction with a product demo at the end. The abstract did not say that. The speaker was pleasant and "
    "answered questions well, but I would not have come to this session had I known.",
    "Mixed feelings. The first half was brilliant, with a clear explanation and a real example from their own "
    "work. Then the live demo broke, the wifi in {room} could not load anything, and the rest was spent apologising. "
    "I'd happily see {first} again with a recorded backup of the demo.",
]
LOGISTICS = ["av", "venue", "wifi", "app", "catering", "queues", "schedule"]
# How often a logistics subject, when mentioned, is a complaint: attendees write about problems far more
LOGISTICS_NEGATIVE = 0.72
JOINS = [" ", " ", " ", " Also, ", " And ", " That said, ", " Oh, and "]
CONTRAST = [". But ", ". Still, ", ". On the other hand, "]


def fill(text: str, topic: str, first: str, room: str, rng: random.Random | None = None) -> str:
    """The remark with its placeholders filled and one of each [a|b] wording picked.

    Example: "[Coffee|The coffee] ran out in {room}." -> "The coffee ran out in Main Hall." """
    if rng is not None:
        text = re.sub(r"\[([^\[\]]*)\]", lambda m: rng.choice(m.group(1).split("|")), text)
    return re.sub(r"\s+([,.!])", r"\1", text.format(topic=topic, first=first, room=room)).strip()


def typo(text: str, rng: random.Random) -> str:
    """A slip of the thumb: two letters swapped, a letter doubled or dropped, or everything lower case."""
    words = text.split()
    long = [i for i, w in enumerate(words) if len(w) > 4 and w.isalpha()]
    if not long or rng.random() < 0.3:
        return text.lower().rstrip(".!")
    i = rng.choice(long)
    w, j = words[i], rng.randrange(1, len(words[i]) - 2)
    words[i] = rng.choice([w[:j] + w[j + 1] + w[j] + w[j + 2:], w[:j] + w[j] + w[j:], w[:j] + w[j + 1:]])
    return " ".join(words)


def subjects(room: str, quality: str, kind: str, rng: random.Random) -> list[tuple[str, str]]:
    """One to four (subject, polarity) pairs: mostly about the session, sometimes the room's trouble or the day.
    `kind`: "talk" (content and speaker), "networking" (no speaker, no content), "panel" (content only)."""
    trouble, rate = ROOM_TROUBLE[room]
    n = rng.choices([1, 2, 3, 4], weights=[50, 34, 11, 5])[0]
    out: list[tuple[str, str]] = []
    for k in range(n):
        roll = rng.random()
        if roll < (0.8 if k == 0 else 0.45):
            subject = {"networking": "networking", "panel": "content"}.get(
                kind, "content" if rng.random() < 0.65 else "speaker")
            out.append((subject, rng.choices(["positive", "neutral", "negative"], weights=QUALITY[quality])[0]))
        elif rng.random() < rate * 1.6:
            out.append((trouble, "negative"))
        else:
            subject = rng.choice(LOGISTICS + ["seats"])
            polarity = "negative" if subject == "seats" or rng.random() < LOGISTICS_NEGATIVE else "positive"
            out.append((subject, polarity))
    seen, unique = set(), []
    for pair in out:
        if pair[0] not in seen and pair in REMARKS:
            seen.add(pair[0])
            unique.append(pair)
    return unique or [("content", "neutral")]


def lower_first(part: str, keep: tuple[str, ...]) -> str:
    """A remark continuing a sentence: its first letter lower case, unless it starts with a name or "I"."""
    first_word = part.split()[0].rstrip(".,'s")
    if part.startswith(keep) or first_word in ("I", "I'll", "I'm", "I've") or first_word[:1].isdigit():
        return part
    return part[0].lower() + part[1:]


def compose(pairs: list[tuple[str, str]], topic: str, first: str, room: str, rng: random.Random) -> str:
    parts = [fill(rng.choice(REMARKS[pair]), topic, first, room, rng) for pair in pairs]
    keep = tuple(k for k in (first, room) if k)
    text = parts[0]
    for (before, now), part in zip(zip(pairs, pairs[1:]), parts[1:]):
        if before[1] != now[1] and "neutral" not in (before[1], now[1]) and rng.random() < 0.5:
            text = text.rstrip(".!") + rng.choice(CONTRAST) + lower_first(part, keep)  # one sentence, two sides
        else:
            join = rng.choice(JOINS)
            text = text.rstrip() + (" " + part if join in (" ", ". ") else join + lower_first(part, keep))
    return text[0].upper() + text[1:]


def rating(pairs: list[tuple[str, str]], rng: random.Random) -> int:
    """Stars that follow the words, the session weighing more than the coffee: 8% tick a star that contradicts
    them (a wrong click, or sarcasm: the roll-up flags these)."""
    weights = [1.0 if subject in ("content", "speaker", "networking") else 0.4 for subject, _ in pairs]
    score = sum(w * {"positive": 1, "neutral": 0, "negative": -1}[p] for w, (_, p) in zip(weights, pairs)) / sum(weights)
    stars = round(3.4 + 1.6 * score + rng.uniform(-0.7, 0.7))
    if rng.random() < 0.08:
        stars = 6 - stars
    return max(1, min(5, stars))


def per_session_counts(sessions: list[dict], total: int = 308) -> list[int]:
    """Comments per session: 6-10 for a talk, 3 for networking, with a last nudge so the event has `total`."""
    rng = random.Random(SEED)
    counts = [3 if s["format"] == "networking" else rng.randint(6, 10) for s in sessions]
    i = 0
    while sum(counts) != total:
        if sessions[i % len(counts)]["format"] != "networking":
            counts[i % len(counts)] += 1 if sum(counts) < total else -1
        i += 1
    return counts


def main() -> None:
    rng = random.Random(SEED + 1)
    with open(DATA / "agenda.csv", encoding="utf-8") as f:
        sessions = list(csv.DictReader(f))
    rows = []
    for s, count in zip(sessions, per_session_counts(sessions)):
        sid = s["session_id"]
        quality = "great" if sid in GREAT else "weak" if sid in WEAK else "good"
        first = s["speakers"].split()[0] if s["speakers"].strip() else ""
        kind = "networking" if s["format"] == "networking" else "talk" if first else "panel"
        end = datetime.fromisoformat(s["end"])
        for _ in range(count):
            pairs = subjects(s["room"], quality, kind, rng)
            text = compose(pairs, TOPICS[sid], first, s["room"], rng)
            if kind == "talk" and rng.random() < 0.025:
                long = rng.randrange(len(LONG))
                text = fill(LONG[long], TOPICS[sid], first, s["room"])
                pairs = [[("content", "positive"), ("schedule", "negative")], [("content", "positive")],
                         [("content", "negative")], [("content", "positive"), ("content", "negative")]][long]
            if rng.random() < 0.07:
                text = typo(text, rng)
            when = end + timedelta(minutes=rng.randint(5, 20 * 60))
            rows.append([sid, text, rating(pairs, rng), when.strftime("%Y-%m-%d %H:%M")])
    rows.sort(key=lambda r: r[3])
    with open(DATA / "feedback.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["comment_id", "session_id", "text", "rating", "timestamp"])
        for i, row in enumerate(rows, 1):
            writer.writerow([f"F{i:03d}", *row])
    print(f"wrote {len(rows)} comments to {DATA / 'feedback.csv'}")


if __name__ == "__main__":
    main()
