"""Premium quotes and instalment plans."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

TARIFFS: dict[str, Decimal] = {
    "HOME": Decimal("0.0031"),
    "MOTOR": Decimal("0.0415"),
    "TRAVEL": Decimal("0.0120"),
    "PET": Decimal("0.0275"),
}
REGION_FACTORS: dict[str, Decimal] = {
    "north": Decimal("1.10"),
    "south": Decimal("0.95"),
    "east": Decimal("1.00"),
    "west": Decimal("1.05"),
}
CENT = Decimal("0.01")


def quote(product: str, region: str, insured_value: Decimal) -> Decimal:
    """Yearly premium for an insured value."""
    rate = TARIFFS[product.upper()]
    factor = REGION_FACTORS[region]
    return (insured_value * rate * factor).quantize(CENT, rounding=ROUND_HALF_UP)


def instalments(total: Decimal, count: int) -> list[Decimal]:
    """Split a premium into ``count`` rounded instalments that add up to ``total``."""
    if count < 1:
        raise ValueError("count must be positive")
    share = (total / count).quantize(CENT, rounding=ROUND_HALF_UP)
    plan = [share] * count
    while sum(plan) != total:
        step = CENT if sum(plan) < total else -CENT
        plan[-1] += step
    return plan
