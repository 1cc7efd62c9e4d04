from typing import Any

import pytest

from fleetcare.errors import PartsContractError
from fleetcare.parts import Quote, parse_quote

SKUS = ["OIL-5W30", "FLT-OIL-22", "GSK-110", "BRK-PAD-F", "TYR-225-45", "BLT-TIM-9"]


@pytest.mark.parametrize("sku", SKUS)
def test_quote(parts: Any, sku: str) -> None:
    quote = parts.quote(sku, "NORTH")
    assert quote.sku == sku
    assert 500 <= quote.price_cents < 9_500
    assert quote.currency == "EUR"


@pytest.mark.parametrize("depot", ["NORTH", "WEST", "SOUTH"])
def test_basket_total(parts: Any, depot: str) -> None:
    lines = [("OIL-5W30", 5), ("FLT-OIL-22", 1)]
    total, currency = parts.basket_total(depot, lines)
    singles = [parts.quote(sku, depot).price_cents * qty for sku, qty in lines]
    assert (total, currency) == (sum(singles), "EUR")


@pytest.mark.parametrize("lines", [[("OIL-5W30", 5)], [("GSK-110", 2), ("BRK-PAD-F", 4)]])
def test_order(parts: Any, lines: list[tuple[str, int]]) -> None:
    ref = parts.order("WEST", lines)
    assert ref.startswith("PO-") and len(ref) == 11


def test_contract_rejects_float_price() -> None:
    with pytest.raises(PartsContractError):
        parse_quote({"sku": "X", "price_cents": 1.5, "currency": "EUR", "stock": 1})


def test_contract_accepts_valid_quote() -> None:
    quote = parse_quote({"sku": "X", "price_cents": 150, "currency": "GBP", "stock": 0})
    assert quote == Quote("X", 150, "GBP", 0)
