"""Reports, audit and archive."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from inventory import audit, reports


def test_valuation() -> None:
    assert reports.valuation([(2, Decimal("1.50")), (4, Decimal("0.25"))]) == Decimal("4.00")


def test_average_cost_empty() -> None:
    assert reports.average_cost([]) == Decimal("0")


def test_stock_value(make_item: Callable[..., str], tag: str) -> None:
    make_item("a", 1, "3.00")
    make_item("b", 1, "4.00")
    assert reports.stock_value(tag) == Decimal("7.00")


def test_low_stock(make_item: Callable[..., str], tag: str) -> None:
    make_item("few", 1)
    make_item("many", 50)
    assert reports.low_stock(tag, 5) == [f"{tag}-FEW"]


def test_audit_record(tag: str) -> None:
    audit.record(f"user-{tag}", "count")
    assert audit.recent(f"user-{tag}") == ["count"]


def test_audit_recent_empty(tag: str) -> None:
    assert audit.recent(f"nobody-{tag}") == []


def test_archive_item(tag: str) -> None:
    assert audit.archive(f"{tag}-OLD")
