"""Money and time rules."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from etljob import readers, transform


def test_to_utc_winter() -> None:
    assert transform.to_utc("2026-01-15T12:00:00", "Europe/Berlin") == datetime(2026, 1, 15, 11, tzinfo=UTC)


def test_to_utc_summer() -> None:
    assert transform.to_utc("2026-07-15T12:00:00", "Europe/Berlin") == datetime(2026, 7, 15, 10, tzinfo=UTC)


def test_with_vat() -> None:
    assert transform.with_vat(Decimal("10.00")) == Decimal("12.00")


def test_customer_totals(data: Path) -> None:
    totals = transform.customer_totals(readers.read_orders(data / "orders.csv"))
    assert totals["acme"] == Decimal("120.01")


def test_totals_half_up() -> None:
    rows = [{"customer": "a", "amount": Decimal("0.125")}, {"customer": "b", "amount": Decimal("2.675")}]
    assert transform.customer_totals(rows) == {"a": Decimal("0.13"), "b": Decimal("2.68")}
