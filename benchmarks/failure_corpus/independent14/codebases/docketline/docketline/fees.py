"""Filing fees from the court's fee schedule."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

SCHEDULE = Path(__file__).with_name("fee_schedule.yaml")
CENT = Decimal("0.01")


@lru_cache(maxsize=1)
def schedule() -> dict[str, Any]:
    """The fee schedule, read once."""
    data: dict[str, Any] = yaml.safe_load(SCHEDULE.read_text())
    return data


def base_fee(document_type: str) -> Decimal:
    """The flat fee of a document type, in dollars."""
    cents = schedule()["documents"][document_type]
    return Decimal(cents) / 100


def page_charge(pages: int) -> Decimal:
    """Per-page charge above the allowance, in dollars."""
    sch = schedule()
    extra = max(0, pages - int(sch["page_allowance"]))
    return Decimal(extra * int(sch["per_page_cents"])) / 100


def late_surcharge(amount: Decimal, filed_at: dt.datetime, due_at: dt.datetime | None) -> Decimal:
    """Surcharge for a filing after its due time."""
    if due_at is None or filed_at <= due_at:
        return Decimal(0)
    rate = Decimal(schedule()["late_surcharge_percent"]) / 100
    return amount * rate


def filing_fee(
    document_type: str, pages: int, filed_at: dt.datetime, due_at: dt.datetime | None = None
) -> Decimal:
    """Total fee of a filing, rounded to cents."""
    amount = base_fee(document_type) + page_charge(pages)
    amount += late_surcharge(amount, filed_at, due_at)
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def to_cents(amount: Decimal) -> int:
    """Dollars to whole cents."""
    return int((amount * 100).to_integral_value(rounding=ROUND_HALF_UP))
