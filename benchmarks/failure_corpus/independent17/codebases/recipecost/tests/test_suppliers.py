from __future__ import annotations

from decimal import Decimal

from recipecost import config
from recipecost.suppliers import category_prices


def test_dairy_prices(settings: config.Settings) -> None:
    prices = category_prices(settings.supplier_url, "dairy", settings.timeout)
    assert prices["BTR-001"] == Decimal("8.05")


def test_meat_prices(settings: config.Settings) -> None:
    assert "BCN-001" in category_prices(settings.supplier_url, "meat", settings.timeout)


def test_meat_prices_are_decimal(settings: config.Settings) -> None:
    prices = category_prices(settings.supplier_url, "meat", settings.timeout)
    assert prices["BCN-001"] == Decimal("11.4")


def test_vegetable_prices(settings: config.Settings) -> None:
    prices = category_prices(settings.supplier_url, "veg", settings.timeout)
    assert sorted(prices) == ["CRT-001", "ONI-001"]


def test_second_supplier_flour_prices(settings: config.Settings) -> None:
    prices = category_prices(settings.supplier_b_url, "flour", settings.timeout)
    assert prices["FLR-001"] < Decimal("1.20")
