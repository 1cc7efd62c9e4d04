from __future__ import annotations

from housekeep import config
from housekeep.mail import (
    send_guest_notice,
    send_lost_item_notice,
    send_ops_alert,
    send_shift_sheet,
)


def test_send_shift_sheet(settings: config.Settings) -> None:
    send_shift_sheet(settings.smtp_host, settings.relay_port, settings.smtp_user,
                     settings.smtp_password, "marta@hotel.example", [101, 102, 103])


def test_send_turndown_shift_sheet(settings: config.Settings) -> None:
    send_shift_sheet(settings.smtp_host, settings.relay_port, settings.smtp_user,
                     settings.smtp_password, "joao@hotel.example", [301, 302])


def test_send_guest_room_ready_notice(settings: config.Settings) -> None:
    send_guest_notice(settings.smtp_host, settings.guest_port, "guest@example.org", 205)


def test_send_ops_alert(settings: config.Settings) -> None:
    assert send_ops_alert(settings.smtp_host, settings.ops_port, "floor 3 short of towels",
                          settings.timeout)


def test_send_lost_item_notice(settings: config.Settings) -> None:
    send_lost_item_notice(settings.smtp_host, settings.lostfound_port, "guest@example.org",
                          "silver watch")
