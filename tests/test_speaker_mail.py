"""The speakers' messages: the mail-merge CSV, and sending through a real SMTP server on loopback (aiosmtpd,
the standard library's client; nothing is mocked)."""
from __future__ import annotations

import io
import socket
import pandas as pd
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message as MessageHandler

from core.speakers import SmtpSettings, mail_merge_csv, message_for, send_messages

LINK = "https://events.example.org/?s=AbCdEfGhIjKlMnOpQrStUv"


class Inbox(MessageHandler):
    """Keeps what arrives; refuses one address, as a real server refuses an unknown mailbox."""

    def __init__(self):
        super().__init__()
        self.received = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("nobody@"):
            return "550 5.1.1 no such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    def handle_message(self, message):
        self.received.append(message)


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    with socket.socket() as probe:  # a free port (aiosmtpd's own start-up check cannot use port 0)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield controller, inbox
    finally:
        controller.stop()


def test_each_speaker_gets_their_own_link_and_what_waits_and_a_refused_address_is_named(smtp_server):
    controller, inbox = smtp_server
    settings = SmtpSettings.from_secrets({"host": "127.0.0.1", "port": controller.port, "security": "none",
                                          "sender": "Harbourline <events@example.org>"})
    messages = [message_for("Amara Okafor", "amara@example.org", "Harbourline 2026", LINK,
                            ["the abstract of “Pandas for Event Analytics”"]),
                message_for("Lukas <b>Brenner</b>", "nobody@example.org", "Harbourline 2026", LINK + "2", []),
                message_for("Priya Raman", None, "Harbourline 2026", LINK + "3", ["the teaser of “Fine-tuning”"])]
    steps = []
    failed = send_messages(settings, messages, progress=steps.append)
    assert failed == {"Lukas <b>Brenner</b>": "refused by the server (550 5.1.1 no such mailbox here)",
                      "Priya Raman": "no e-mail address"}
    assert steps[-1] == 1.0
    assert len(inbox.received) == 1
    got = inbox.received[0]
    assert got["To"] == "Amara Okafor <amara@example.org>" and "check the copy" in got["Subject"]
    body = got.get_payload(decode=True).decode()
    assert LINK in body and "the abstract of “Pandas for Event Analytics”" in body
    assert LINK + "2" not in body  # nobody else's link


def test_a_server_that_cannot_be_reached_raises_instead_of_hanging():
    settings = SmtpSettings("127.0.0.1", 9, "events@example.org", security="none")  # the discard port: closed
    with pytest.raises(OSError):
        send_messages(settings, [message_for("A", "a@example.org", "E", LINK, [])])


def test_smtp_settings_come_from_the_secrets_or_not_at_all():
    assert SmtpSettings.from_secrets(None) is None
    assert SmtpSettings.from_secrets({"host": "smtp.example.org"}) is None  # no sender
    ssl_settings = SmtpSettings.from_secrets({"host": "smtp.example.org", "sender": "a@example.org",
                                              "security": "SSL"})
    assert (ssl_settings.port, ssl_settings.security) == (465, "ssl")
    with pytest.raises(ValueError, match="starttls"):
        SmtpSettings.from_secrets({"host": "h", "sender": "s", "security": "tls1.0"})


def test_the_mail_merge_csv_has_one_row_per_speaker_with_link_and_waiting_and_neutralised_cells():
    messages = [message_for("=cmd|' /C calc'!A0", "x@example.org", "E", LINK, ["the abstract of “A”",
                                                                              "the teaser of “A”"]),
                message_for("Amara Okafor", None, "E", LINK + "2", [], feedback=True)]
    frame = pd.read_csv(io.BytesIO(mail_merge_csv(messages)), dtype=str, keep_default_na=False)
    assert list(frame.columns) == ["speaker", "email", "link", "waiting", "subject", "message"]
    assert frame["speaker"][0].startswith("'=")  # a spreadsheet would run it
    assert frame["waiting"][0] == "the abstract of “A”; the teaser of “A”"
    assert frame["email"][1] == "" and "feedback" in frame["message"][1] and LINK + "2" in frame["message"][1]
