"""Expected values the menu tests compare with."""

from __future__ import annotations

from decimal import Decimal


def expected_cost(grams_and_prices: list[tuple[int, str]]) -> Decimal:
    """Cost of lines given as (grams, price per kg as text)."""
    total = Decimal(0)
    for grams, price in grams_and_prices:
        total += Decimal(grams) * Decimal(price) / 1000
    return total.quantize(Decimal("0.0001"))
