"""E-mail through the provider's SMTP relay."""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage

from notifier import config

log = logging.getLogger("notifier.mailer")

ACCOUNTS = {"notifier": "s3cret-mail", "alerts": "al3rt-mail"}


class MailError(RuntimeError):
    """The relay did not take the message."""


def build(to: str, subject: str, body: str, sender: str = "noreply@corp.test") -> EmailMessage:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, to, subject
    msg.set_content(body)
    return msg


def send(msg: EmailMessage, account: str = "notifier", port: int | None = None) -> None:
    password = config.env(f"NOTIFY_{account.upper()}_PASSWORD", ACCOUNTS[account])
    try:
        with smtplib.SMTP("127.0.0.1", port or config.smtp_port(), timeout=1.0) as smtp:
            smtp.login(account, password)
            smtp.send_message(msg)
    except smtplib.SMTPAuthenticationError:
        log.error("relay refused the %s account", account)
        raise
    except OSError as exc:
        raise MailError(f"relay 127.0.0.1:{port or config.smtp_port()} failed: {exc}") from exc


def send_alert(to: str, text: str) -> None:
    send(build(to, "[ALERT] " + text[:40], text), account="alerts")


def send_via_backup(to: str, text: str) -> None:
    send(build(to, "notice", text), port=config.backup_relay_port())
