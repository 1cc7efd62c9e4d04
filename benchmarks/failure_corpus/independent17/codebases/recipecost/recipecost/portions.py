"""Per-portion costs and menu prices, in whole cents."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def per_portion(total: Decimal, portions: int) -> Decimal:
    return (total / portions).quantize(CENT, rounding=ROUND_HALF_UP)


def menu_price(unit_cost: Decimal, food_cost_share: Decimal) -> Decimal:
    """Price at which the ingredients are the given share of it, rounded up to 5 cents."""
    raw = unit_cost / food_cost_share
    steps = (raw / Decimal("0.05")).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return (steps * Decimal("0.05")).quantize(CENT, rounding=ROUND_HALF_UP)
