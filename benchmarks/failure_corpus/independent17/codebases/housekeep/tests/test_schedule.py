from __future__ import annotations

from datetime import UTC, date, datetime

from housekeep.schedule import break_slot, checkout_deadline, is_overdue, shift_start


def test_early_shift_in_summer_time() -> None:
    start = shift_start(date(2026, 4, 1), "early", "Europe/Lisbon")
    assert start == datetime(2026, 4, 1, 6, 0, tzinfo=UTC)


def test_turndown_shift_in_summer_time() -> None:
    start = shift_start(date(2026, 7, 1), "turndown", "Europe/Lisbon")
    assert start.hour == 17


def test_long_shift_break_after_sixth_room() -> None:
    assert break_slot(11) == "after room 6"


def test_short_shift_break_at_end() -> None:
    assert break_slot(3) == "at the end"


def test_past_checkout_is_overdue() -> None:
    assert is_overdue(checkout_deadline(date(2026, 4, 1), "Europe/Lisbon"), "Europe/Lisbon")


def test_next_century_checkout_not_overdue() -> None:
    assert not is_overdue(checkout_deadline(date(2099, 4, 1), "Europe/Lisbon"), "Europe/Lisbon")


def test_overdue_against_given_clock() -> None:
    deadline = checkout_deadline(date(2026, 4, 1), "Europe/Lisbon")
    assert not is_overdue(deadline, "Europe/Lisbon", datetime(2026, 4, 1, 10, 0, tzinfo=UTC))
