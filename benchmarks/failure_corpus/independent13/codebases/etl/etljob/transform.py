"""Money and time rules of the warehouse."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

CENT = Decimal("0.01")


def to_utc(local: str, tz: str) -> datetime:
    """A partner's local timestamp as UTC."""
    naive = datetime.fromisoformat(local)
    return naive.replace(tzinfo=ZoneInfo(tz)).astimezone(ZoneInfo("UTC"))


def with_vat(amount: Decimal, rate: str = "0.20") -> Decimal:
    return (amount * (Decimal("1") + Decimal(rate))).quantize(CENT, rounding=ROUND_HALF_UP)


def customer_totals(rows: list[dict[str, Any]]) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        totals[row["customer"]] += row["amount"]
    return {k: v.quantize(CENT, rounding=ROUND_HALF_UP) for k, v in totals.items()}
