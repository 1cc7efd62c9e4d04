"""E-mail through the relay."""

from __future__ import annotations

from notifier import mailer


def test_send_email() -> None:
    mailer.send(mailer.build("ops@corp.test", "daily digest", "3 alerts"))


def test_send_alert() -> None:
    mailer.send_alert("oncall@corp.test", "disk usage above 90% on db-2")


def test_send_via_backup_relay() -> None:
    mailer.send_via_backup("ops@corp.test", "primary relay in maintenance")


def test_send_bulk_notice() -> None:
    mailer.send(mailer.build("all@bulk.example", "maintenance window", "Saturday 02:00"))


def test_build_headers() -> None:
    msg = mailer.build("a@corp.test", "hi", "body")
    assert msg["To"] == "a@corp.test" and msg.get_content().strip() == "body"
