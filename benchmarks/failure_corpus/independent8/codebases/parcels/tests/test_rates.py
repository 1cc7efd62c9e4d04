from __future__ import annotations

from decimal import Decimal

import pytest

from parcelhub.config import Settings
from parcelhub.rates import RatesClient


@pytest.fixture
def rates(settings: Settings) -> RatesClient:
    return RatesClient(settings.rates_url, settings.rates_key, settings.http_timeout)


class TestQuotes:
    def test_domestic_standard(self, rates: RatesClient) -> None:
        assert rates.quote("20095", "22767", 1000, "standard") == Decimal("7.33")

    def test_cross_region_express(self, rates: RatesClient) -> None:
        assert rates.quote("20095", "80331", 2500, "express") == Decimal("15.91")

    def test_rounding_half_up(self, rates: RatesClient) -> None:
        assert rates.quote("20095", "20095", 1750, "economy") == Decimal("6.27")

    def test_cheapest_is_economy(self, rates: RatesClient) -> None:
        service, price = rates.cheapest("20095", "50667", 800)
        assert service == "economy" and price == Decimal("6.48")


class TestZones:
    def test_home_zone(self, rates: RatesClient) -> None:
        assert rates.zone("20095") == "A"

    def test_remote_zone(self, rates: RatesClient) -> None:
        assert rates.zone("80331") == "C"

    def test_zones_match_planning(self, rates: RatesClient) -> None:
        from parcelhub.planning import postcode_zone

        for postcode in ("10115", "30159", "50667", "70173"):
            assert rates.zone(postcode) == postcode_zone(postcode)
