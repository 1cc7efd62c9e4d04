"""Ticket prices, booking fees and refunds, in cents."""

from __future__ import annotations

BASE_CENTS = {"standard": 2500, "premium": 4500, "concession": 1500}
GROUP_SEATS = 6
GROUP_DISCOUNT = 0.10
FEE_RATE = 0.03
FEE_MIN = 100
FEE_MAX = 500


def price_cents(tier: str, seats: int) -> int:
    """Price of `seats` seats of a tier; groups of GROUP_SEATS or more get a discount."""
    total = BASE_CENTS[tier] * seats
    if seats >= GROUP_SEATS:
        total = round(total * (1 - GROUP_DISCOUNT))
    return total


def booking_fee(total_cents: int) -> int:
    """The booking fee: 3% of the order, at least FEE_MIN and at most FEE_MAX."""
    fee = max(FEE_MIN, round(total_cents * FEE_RATE))
    return min(fee, FEE_MAX)


def refund_cents(total_cents: int, days_before: int) -> int:
    """Refund of a cancelled order: all of it 14 days ahead, half of it 2 days ahead."""
    if days_before >= 14:
        return total_cents
    if days_before >= 2:
        return total_cents // 2
    return 0
