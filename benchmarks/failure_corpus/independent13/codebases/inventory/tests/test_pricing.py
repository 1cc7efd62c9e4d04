"""The pricing partner and supplier feeds."""

from __future__ import annotations

from decimal import Decimal

from inventory import pricing
from tests.conftest import DATA


def test_price_lookup() -> None:
    assert pricing.price("BOLT-1") == Decimal("12.50")


def test_price_nut() -> None:
    assert pricing.price("NUT-2") == Decimal("12.50")


def test_quote_bulk() -> None:
    assert pricing.quote(["BOLT-1", "NUT-2"])["accepted"]


def test_graphql_rates() -> None:
    assert pricing.rates("EUR")["variables"]["currency"] == "EUR"


def test_parse_supplier_feed() -> None:
    lines = pricing.parse_feed(DATA / "supplier_feed.json")
    assert lines[0].unit_cost == Decimal("12.50")
