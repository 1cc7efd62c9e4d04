from __future__ import annotations

import pytest

from boxoffice.pricing import booking_fee, price_cents, refund_cents


@pytest.mark.parametrize("tier", ["standard", "premium", "concession"])
def test_price_table(tiers: dict[str, list[list[int]]], tier: str) -> None:
    for seats, cents in tiers[tier]:
        assert price_cents(tier, seats) == cents, (tier, seats)


def test_no_group_discount_below_six() -> None:
    assert price_cents("standard", 5) == 12500


def test_group_discount_from_six() -> None:
    assert price_cents("premium", 6) == 24300


def test_booking_fee_minimum() -> None:
    assert booking_fee(1500) == 100


def test_booking_fee_rate() -> None:
    assert booking_fee(10000) == 300


def test_booking_fee_cap() -> None:
    assert booking_fee(45000) == 500


def test_full_refund_two_weeks_ahead() -> None:
    assert refund_cents(9000, 14) == 9000


def test_half_refund_within_two_weeks() -> None:
    assert refund_cents(9000, 7) == 4500


def test_no_refund_on_the_day() -> None:
    assert refund_cents(9000, 0) == 0
