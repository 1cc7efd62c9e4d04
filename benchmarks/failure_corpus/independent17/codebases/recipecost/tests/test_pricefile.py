from __future__ import annotations

from decimal import Decimal

from recipecost import config
from recipecost.pricefile import COLUMNS, header, load_prices


def test_price_file_header(settings: config.Settings) -> None:
    assert header(settings.price_file) == COLUMNS


def test_load_delivered_prices(settings: config.Settings) -> None:
    assert len(load_prices(settings.price_file)) == 4


def test_delivered_flour_price(settings: config.Settings) -> None:
    assert load_prices(settings.price_file)["FLR-001"] == Decimal("1.15")
