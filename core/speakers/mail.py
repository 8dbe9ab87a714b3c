"""The messages that send speakers their private links, as a mail-merge CSV, as text to copy, or sent through the
organiser's own SMTP server (named in the secrets: nothing is sent from anywhere else).

    [smtp]                       # .streamlit/secrets.toml
    host = "smtp.example.org"
    port = 587
    username = "events@example.org"
    password = "…"
    sender = "Harbourline Summit <events@example.org>"
    security = "starttls"        # "starttls", "ssl" or "none" (a relay on the same network)
"""
from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

import pandas as pd

from core.readers import to_csv_bytes

SECURITY = ("starttls", "ssl", "none")
TIMEOUT_S = 20  # per connection and command: a server that does not answer is a failure, not a hang


@dataclass(frozen=True)
class Message:
    speaker: str
    email: str | None
    link: str
    waiting: tuple[str, ...]  # what waits for their approval, in words
    subject: str
    body: str


def message_for(speaker: str, email: str | None, event: str, link: str, waiting: list[str],
                feedback: bool = False) -> Message:
    """The message for one speaker. `waiting`: e.g. ["the abstract of “Pandas for Event Analytics”"];
    `feedback`: their feedback can be read through the same link."""
    lines = [f"Hello {speaker},", ""]
    if waiting:
        lines += [f"before we publish the programme of {event}, please check what we wrote about you:", ""]
        lines += [f"- {w}" for w in waiting] + [""]
        lines += ["For each piece you can approve it as it is, change it and approve it, or send it back with a "
                  "note. Drafts were written with the help of a language model and checked by us; you know your "
                  "work best.", ""]
    if feedback:
        lines += [f"Your attendees' feedback from {event} is ready to read. You can choose to see the numbers only.",
                  ""]
    lines += ["Your private link (please do not share it):", link, "", "Thank you,", f"The {event} team"]
    subject = (f"{event}: please check the copy for your session" if waiting
               else f"{event}: your feedback" if feedback else f"{event}: your speaker page")
    return Message(speaker, email, link, tuple(waiting), subject, "\n".join(lines))


def mail_merge_csv(messages: list[Message]) -> bytes:
    """One row per speaker, for a mail merge: speaker, email, link, waiting (pieces joined by "; "), subject,
    message."""
    frame = pd.DataFrame([{"speaker": m.speaker, "email": m.email or "", "link": m.link,
                           "waiting": "; ".join(m.waiting), "subject": m.subject, "message": m.body}
                          for m in messages], columns=["speaker", "email", "link", "waiting", "subject", "message"])
    return to_csv_bytes(frame)


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    sender: str
    username: str | None = None
    password: str | None = None
    security: str = "starttls"

    @classmethod
    def from_secrets(cls, section: Mapping | None) -> SmtpSettings | None:
        """The `[smtp]` section of the secrets, or None when there is none or it lacks a host or a sender."""
        if not section or not section.get("host") or not section.get("sender"):
            return None
        security = str(section.get("security", "starttls")).lower()
        if security not in SECURITY:
            raise ValueError(f"smtp.security is one of {', '.join(SECURITY)}, not {security!r}.")
        default_port = {"ssl": 465, "starttls": 587, "none": 25}[security]
        return cls(str(section["host"]), int(section.get("port", default_port)), str(section["sender"]),
                   section.get("username"), section.get("password"), security)


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    if settings.security == "ssl":
        server = smtplib.SMTP_SSL(settings.host, settings.port, timeout=TIMEOUT_S,
                                  context=ssl.create_default_context())
    else:
        server = smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT_S)
        if settings.security == "starttls":
            server.starttls(context=ssl.create_default_context())
    if settings.username:
        server.login(settings.username, settings.password or "")
    return server


def send_messages(settings: SmtpSettings, messages: list[Message], progress=None) -> dict[str, str]:
    """Send each message with an e-mail address over one connection. Returns speaker -> why it was not sent
    (no address, refused by the server); an empty dict when all went. A server that cannot be reached at all
    raises OSError or smtplib.SMTPException with the server's own words."""
    failed = {m.speaker: "no e-mail address" for m in messages if not m.email}
    ready = [m for m in messages if m.email]
    if not ready:
        return failed
    with _connect(settings) as server:
        for done, message in enumerate(ready, start=1):
            mail = EmailMessage()
            mail["From"], mail["To"] = settings.sender, formataddr((message.speaker, message.email))
            mail["Subject"], mail["Message-ID"] = message.subject, make_msgid()
            mail.set_content(message.body)
            try:
                server.send_message(mail)
            except smtplib.SMTPRecipientsRefused as exc:
                failed[message.speaker] = f"refused by the server ({_said(exc)})"
            except smtplib.SMTPDataError as exc:
                failed[message.speaker] = f"refused by the server ({exc.smtp_code} {exc.smtp_error!r})"
            if progress is not None:
                progress(done / len(ready))
    return failed


def _said(exc: smtplib.SMTPRecipientsRefused) -> str:
    code, text = next(iter(exc.recipients.values()), (0, b""))
    return f"{code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"
