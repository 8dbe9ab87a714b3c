"""Speakers in the loop: what the organiser sends each speaker, and how.

- `mail`: each speaker's message (their private link and what waits for them), the mail-merge CSV, and sending
  through the SMTP server named in the secrets.

The speakers themselves, their links and their sign-off are kept in `core.store` (`speakers`).

    message = message_for("Amara Okafor", "amara@example.org", "Harbourline 2026", link, ["the abstract of …"])
    failures = send_messages(SmtpSettings.from_secrets(st.secrets["smtp"]), [message])
"""
from core.lazy import offer

__getattr__, __dir__, __all__ = offer(__name__, {
    "mail": "Message SmtpSettings mail_merge_csv message_for send_messages",
})
