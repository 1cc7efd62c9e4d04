"""Shift sheets, guest notices, ops alerts and lost-property notices by SMTP."""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage

log = logging.getLogger(__name__)


class MailError(Exception):
    """A message could not be handed to the relay."""


def _message(to: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "housekeeping@hotel.example"
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    return message


def send_shift_sheet(host: str, port: int, user: str, password: str, to: str,
                     rooms: list[int]) -> None:
    """Mail an attendant their rooms through the authenticated relay."""
    body = "\n".join(f"room {r}" for r in rooms)
    with smtplib.SMTP(host, port, timeout=2) as smtp:
        smtp.login(user, password)
        smtp.send_message(_message(to, "Your rooms today", body))


def send_guest_notice(host: str, port: int, to: str, room: int) -> None:
    with smtplib.SMTP(host, port, timeout=2) as smtp:
        smtp.send_message(_message(to, f"Room {room} is ready", "Your room is ready."))


def send_ops_alert(host: str, port: int, text: str, timeout: float) -> bool:
    """Alert the duty manager; a failure is logged and reported as False."""
    try:
        with smtplib.SMTP(host, port, timeout=timeout) as smtp:
            smtp.send_message(_message("duty@hotel.example", "Housekeeping alert", text))
    except (OSError, smtplib.SMTPException) as exc:
        log.error("ops alert not sent: %s", exc)
        raise MailError("ops alert not sent") from None
    return True


def send_lost_item_notice(host: str, port: int, to: str, item: str) -> None:
    with smtplib.SMTP(host, port, timeout=2) as smtp:
        smtp.send_message(_message(to, "Lost property", f"We found: {item}"))
