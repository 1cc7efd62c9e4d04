"""Overdue reminders and hold-ready notices by e-mail (smtplib)."""

from __future__ import annotations

import logging
import os
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage

log = logging.getLogger(__name__)


@dataclass
class NoticeResult:
    """Outcome of one notice; failures are reported, not raised, so the kiosk keeps going."""

    ok: bool
    error: str = ""


def _message(to: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "kiosk@library.example"
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    return message


def _relay(setting: str) -> tuple[str, int]:
    host, port = os.environ.get(setting, "127.0.0.1:57425").rsplit(":", 1)
    return host, int(port)


def send_reminder(to: str, title: str, days_late: int) -> None:
    """Remind a patron of an overdue item."""
    host, port = _relay("KIOSK_SMTP_RELAY")
    with smtplib.SMTP(host, port, timeout=5) as smtp:
        smtp.login(
            os.environ.get("KIOSK_SMTP_USER", "kiosk"),
            os.environ.get("KIOSK_SMTP_PASSWORD", "kiosk-relay-pass"),
        )
        smtp.send_message(_message(to, f"Overdue: {title}", f"{title} is {days_late} days late."))


def send_hold_ready(to: str, title: str) -> NoticeResult:
    """Tell a patron their hold is on the pickup shelf."""
    host, port = _relay("KIOSK_NOTICE_RELAY")
    try:
        with smtplib.SMTP(host, port, timeout=5) as smtp:
            smtp.login("kiosk", os.environ.get("KIOSK_NOTICE_PASSWORD", "kiosk-relay-pass"))
            smtp.send_message(_message(to, f"Ready: {title}", f"{title} waits for you."))
    except OSError as exc:
        log.error("hold notice to %s not sent: %s", to, exc)
        return NoticeResult(ok=False, error=f"{type(exc).__name__}: {exc}")
    return NoticeResult(ok=True)
