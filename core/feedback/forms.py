"""The attendee form's rules, with no web framework in them: when a session's form is open, what a submission
may hold, what is masked before it is stored, and what the moderation queue flags for a closer look.

    window(start, end, Window(10, 1440), "auto", now)   # FormWindow(open=True, opens_at=…, closes_at=…)
    mask_contacts("Mail me at ana@example.org or +44 7700 900123")   # "Mail me at [e-mail] or [phone]"
    clean_submission({"rating": "5", "comment": "Great!", "improve": ""})   # Submission(5, "Great!", "")
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

# the form's rating question, word for word: a speaker reads their mean rating under the question attendees saw
RATING_QUESTION = "How was it?"
RATING_SCALE = "1 poor, 5 excellent"
COMMENT_LIMIT = 2_000  # characters of a comment, and of "one thing to improve"
STATES = {"auto": "on the timetable", "open": "open now", "closed": "closed now", "off": "switched off"}

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
# A phone number: 7 to 15 digits, with the spaces, dots, dashes and brackets people write between them
PHONE = re.compile(r"(?<![\w/])\+?(?:\d[\s().-]{0,2}){6,14}\d(?![\w/])")
# Words that send a comment to the top of the queue for a person to read; a flag, never a verdict
ABUSE = ("idiot", "stupid", "moron", "dumb", "retard", "bitch", "bastard", "asshole", "arsehole", "shit", "fuck",
         "cunt", "dick", "wanker", "whore", "slut", "kill yourself", "shut up", "loser", "creep", "pervert",
         "hate you")
ABUSE_PATTERN = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in ABUSE) + r")\w*", re.IGNORECASE)


@dataclass(frozen=True)
class Window:
    """When forms open and close around each session: minutes before its start, minutes after its end."""

    opens_before_min: int = 10
    closes_after_min: int = 24 * 60


@dataclass(frozen=True)
class FormWindow:
    open: bool
    opens_at: datetime | None  # None: no time on the timetable
    closes_at: datetime | None
    why: str  # for a closed form, in words: "opens at 10:50 on Tue 9 June", "switched off by the organisers"


def window(start, end, times: Window, state: str, now: datetime) -> FormWindow:
    """Is the form open at `now`, all times on the programme's wall clock. `state` is the organiser's choice:
    "auto" follows the timetable, "open" and "closed" override it, "off" switches the form off."""
    has_times = start is not None and end is not None and not _missing(start) and not _missing(end)
    opens = start - timedelta(minutes=times.opens_before_min) if has_times else None
    closes = end + timedelta(minutes=times.closes_after_min) if has_times else None
    if state == "off":
        return FormWindow(False, opens, closes, "This session's form is switched off.")
    if state == "open":
        return FormWindow(True, opens, closes, "")
    if state == "closed":
        return FormWindow(False, opens, closes, "The organisers have closed this form for now.")
    if not has_times:
        return FormWindow(False, None, None, "This session has no time on the timetable yet.")
    if now < opens:
        return FormWindow(False, opens, closes, f"It opens at {_when(opens)}.")
    if now > closes:
        return FormWindow(False, opens, closes, f"It closed at {_when(closes)}.")
    return FormWindow(True, opens, closes, "")


def _missing(value) -> bool:
    return value != value  # NaT and NaN are not equal to themselves


def _when(moment: datetime) -> str:
    return f"{moment:%H:%M} on {moment:%a} {moment.day} {moment:%B}"


@dataclass(frozen=True)
class Submission:
    rating: int | None
    comment: str
    improve: str


class BadSubmission(ValueError):
    """A submission that cannot be stored; the message says what to change, in the attendee's words."""


def clean_submission(fields: dict) -> Submission:
    """The form's fields checked and tidied; raises BadSubmission with a message for the attendee."""
    raw = str(fields.get("rating") or "").strip()
    rating = None
    if raw:
        if raw not in {"1", "2", "3", "4", "5"}:
            raise BadSubmission("A rating is a whole number from 1 to 5.")
        rating = int(raw)
    comment = _tidy(fields.get("comment"))
    improve = _tidy(fields.get("improve"))
    for name, text in (("comment", comment), ("one thing to improve", improve)):
        if len(text) > COMMENT_LIMIT:
            raise BadSubmission(f"The {name} is {len(text):,} characters long; the limit is {COMMENT_LIMIT:,}.")
    if not comment and not improve:  # a rating alone has no text for the pages to read
        raise BadSubmission("Write a comment before sending: a sentence is enough.")
    return Submission(rating, mask_contacts(comment), mask_contacts(improve))


def _tidy(value) -> str:
    text = str(value or "").replace("\r\n", "\n").replace("\x00", "")
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


DATE_LIKE = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}")


def mask_contacts(text: str) -> str:
    """E-mail addresses and phone numbers masked, so a comment passed on to a speaker carries no one's contact.
    A date ("2026-06-11", "11.06.2026") is not a phone number."""
    return PHONE.sub(lambda m: m.group(0) if DATE_LIKE.fullmatch(m.group(0).strip()) else "[phone]",
                     EMAIL.sub("[e-mail]", text))


def abuse_words(text: str) -> list[str]:
    """Words of the abuse list in a comment, as written. Example: "what an idiot" -> ["idiot"]"""
    return [m.group(0) for m in ABUSE_PATTERN.finditer(text or "")]


def comment_text(submission: Submission) -> str:
    """The one text the classifier, themes and packs read: the comment, then the improvement, marked."""
    if submission.improve and submission.comment:
        return f"{submission.comment}\nTo improve: {submission.improve}"
    return submission.comment or (f"To improve: {submission.improve}" if submission.improve else "")
