"""Bills as pure functions: energy in two price blocks, standing charge, VAT."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

VAT = {"domestic": Decimal("0.05"), "business": Decimal("0.20")}
MINIMUM_CENTS = 500
METER_MAX = 100_000.0


def cents(value: Decimal) -> int:
    return int(value.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def energy_cents(kwh: float, tariff: dict) -> int:
    """The first `block_kwh` at the block price, the rest at the unit price."""
    used = Decimal(str(kwh))
    block = Decimal(str(tariff.get("block_kwh", 0)))
    in_block = min(used, block)
    rest = used - in_block
    millicents = in_block * tariff.get("block_price_millicents", 0) + rest * tariff[
        "unit_price_millicents"
    ]
    return cents(millicents / 1000)


def standing_cents(days: int, tariff: dict) -> int:
    return days * int(tariff["standing_charge_cents"])


def vat_cents(net_cents: int, customer: str) -> int:
    return cents(Decimal(net_cents) * VAT[customer])


def bill(kwh: float, days: int, tariff: dict, customer: str) -> dict:
    net = max(energy_cents(kwh, tariff) + standing_cents(days, tariff), MINIMUM_CENTS)
    vat = vat_cents(net, customer)
    return {"net_cents": net, "vat_cents": vat, "total_cents": net + vat}


def delta(previous: float, current: float) -> float:
    """Consumption between two register values; the register rolls over at METER_MAX."""
    if current < previous:
        return round(METER_MAX - previous + current, 3)
    return round(current - previous, 3)
