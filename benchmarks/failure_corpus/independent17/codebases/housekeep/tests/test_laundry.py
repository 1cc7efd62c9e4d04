from __future__ import annotations

import asyncio

from housekeep import config
from housekeep.laundry import book_floors, book_pickup, linen_catalogue, order_uniforms


def test_book_pickup(settings: config.Settings) -> None:
    result = asyncio.run(book_pickup(settings.laundry_url, 2, 5, settings.timeout))
    assert result["accepted"] is True


def test_book_pickups_for_every_floor(settings: config.Settings) -> None:
    accepted = asyncio.run(book_floors(settings.laundry_url, {1: 4, 2: 5, 3: 3},
                                       settings.timeout))
    assert accepted == [True, True, True]


def test_linen_catalogue(settings: config.Settings) -> None:
    catalogue = asyncio.run(linen_catalogue(settings.laundry_url, settings.timeout))
    assert set(catalogue) == {"TWL-BATH", "SHT-KING"}


def test_linen_catalogue_prices(settings: config.Settings) -> None:
    catalogue = asyncio.run(linen_catalogue(settings.laundry_url, settings.timeout))
    assert catalogue["TWL-BATH"] == 1.35


def test_order_uniforms(settings: config.Settings) -> None:
    order = asyncio.run(order_uniforms(settings.uniform_url, {"M": 4, "L": 2}, settings.timeout))
    assert order.startswith("UNI-")
