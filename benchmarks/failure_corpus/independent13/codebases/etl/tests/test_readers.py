"""Delivered files and their contracts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from etljob import readers


def test_read_orders(data: Path) -> None:
    rows = readers.read_orders(data / "orders.csv")
    assert len(rows) == 4
    assert rows[0]["amount"] == Decimal("100.005")


def test_read_customers(data: Path) -> None:
    assert [c["country"] for c in readers.read_customers(data / "customers.json")] == ["DE", "FR", "US"]


def test_read_eu_customers(data: Path) -> None:
    assert readers.read_eu_customers(data / "customers_eu.csv")[0]["city"] == "Köln"


def test_read_shipments(data: Path) -> None:
    assert readers.read_shipments(data / "shipments.xml")[1]["carrier"] == "UPS"


def test_read_events(data: Path) -> None:
    assert readers.read_events(data / "events.csv")[0] == (date(2026, 11, 2), "load")


def test_read_rates(data: Path) -> None:
    assert readers.read_rates(data / "rates.yaml")["GBP"] == Decimal("1.17")


def test_read_schedule(data: Path) -> None:
    assert readers.read_schedule(data / "schedule.yaml")["steps"][0] == "extract"


def test_read_feed_gz(data: Path) -> None:
    records = readers.read_feed_gz(data / "feed.jsonl.gz")
    assert len(records) == 40 and records[-1]["sku"] == "SKU-039"


def test_split_records() -> None:
    assert readers.split_records("a\nb\n\n\nc\n") == ["a\nb", "c"]
