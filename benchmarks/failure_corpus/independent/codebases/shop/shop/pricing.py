"""Prices, discount codes and VAT, all in integer cents."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

VAT_RATES = {"NL": Decimal("0.21"), "DE": Decimal("0.19"), "FR": Decimal("0.20"),
             "SE": Decimal("0.25")}
CATALOGUE = {"SKU-1": 1299, "SKU-2": 450, "SKU-3": 9999, "SKU-4": 75, "SKU-5": 2500}


@dataclass(frozen=True)
class Discount:
    code: str
    percent: int
    min_cents: int = 0


def load_discounts(path: Path) -> dict[str, Discount]:
    """Discount codes from the marketing team's JSON file."""
    raw = json.loads(path.read_text())
    return {item["code"]: Discount(item["code"], item["percent"], item.get("min_cents", 0))
            for item in raw["codes"]}


def unit_price(sku: str) -> int:
    try:
        return CATALOGUE[sku]
    except KeyError:
        raise ValueError(f"unknown SKU {sku!r}; known: {', '.join(CATALOGUE)}") from None


def subtotal(lines: list[tuple[str, int]]) -> int:
    return sum(unit_price(sku) * quantity for sku, quantity in lines)


def apply_discount(amount_cents: int, discount: Discount | None) -> int:
    if discount is None or amount_cents < discount.min_cents:
        return amount_cents
    off = (Decimal(amount_cents) * discount.percent / 100).quantize(Decimal(1), ROUND_HALF_UP)
    return amount_cents - int(off)


def with_vat(amount_cents: int, region: str) -> int:
    rate = VAT_RATES[region]
    return int((Decimal(amount_cents) * (1 + rate)).quantize(Decimal(1), ROUND_HALF_UP))


def total(lines: list[tuple[str, int]], region: str, discount: Discount | None = None) -> int:
    """Total to charge: subtotal, minus discount, plus VAT of the region."""
    return with_vat(apply_discount(subtotal(lines), discount), region)


def split_evenly(amount_cents: int, parts: int) -> list[int]:
    """Instalments that add up to the amount; the first ones carry the remainder."""
    base, rest = divmod(amount_cents, parts)
    return [base + (1 if i < rest else 0) for i in range(parts)]
