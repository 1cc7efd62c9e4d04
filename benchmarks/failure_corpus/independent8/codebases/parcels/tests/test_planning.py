from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from parcelhub.planning import (
    plan_route,
    postcode_zone,
    promised_date,
    route_length_km,
    sla_breached,
    tariff,
)

DATA = Path(__file__).parent / "data"

STOPS = {"Kiel": (54.32, 10.13), "Lübeck": (53.87, 10.69), "Bremen": (53.08, 8.80),
         "Lüneburg": (53.25, 10.41)}


class TestPromisedDate:
    def test_express_next_day(self) -> None:
        assert promised_date(date(2026, 3, 2), "express", "20095") == date(2026, 3, 3)

    def test_friday_skips_weekend(self) -> None:
        assert promised_date(date(2026, 3, 6), "express", "20095") == date(2026, 3, 9)

    def test_remote_zone_adds_days(self) -> None:
        assert promised_date(date(2026, 3, 2), "standard", "80331") == date(2026, 3, 6)

    def test_easter_holidays_skipped(self) -> None:
        assert promised_date(date(2026, 4, 2), "standard", "20095") == date(2026, 4, 8)

    def test_economy_over_weekend(self) -> None:
        assert promised_date(date(2026, 3, 5), "economy", "10115") == date(2026, 3, 12)


class TestRoute:
    def test_nearest_first(self) -> None:
        assert plan_route("north", STOPS)[0] == "Lüneburg"

    def test_visits_every_stop(self) -> None:
        assert sorted(plan_route("north", STOPS)) == sorted(STOPS)

    def test_route_length(self) -> None:
        order = plan_route("north", STOPS)
        assert round(route_length_km("north", STOPS, order)) == 435

    def test_empty_route(self) -> None:
        assert plan_route("west", {}) == []


class TestSla:
    def test_on_time(self) -> None:
        assert not sla_breached(date(2026, 3, 4), date(2026, 3, 4), date(2026, 3, 9))

    def test_late(self) -> None:
        assert sla_breached(date(2026, 3, 4), date(2026, 3, 5), date(2026, 3, 9))

    def test_undelivered_due_today(self) -> None:
        assert not sla_breached(date(2026, 3, 9), None, date(2026, 3, 9))

    def test_undelivered_overdue(self) -> None:
        assert sla_breached(date(2026, 3, 6), None, date(2026, 3, 9))


class TestTariff:
    @pytest.fixture(scope="class")
    def expected(self) -> list[dict[str, str]]:
        return list(json.loads((DATA / "expected_tariffs.json").read_text()))

    def test_light_parcels(self, expected: list[dict[str, str]]) -> None:
        for case in expected:
            if int(case["weight_g"]) <= 2000:
                assert tariff(int(case["weight_g"]), case["service"]) == Decimal(case["price"])

    def test_heavy_parcels(self, expected: list[dict[str, str]]) -> None:
        for case in expected:
            if int(case["weight_g"]) > 2000:
                assert tariff(int(case["weight_g"]), case["service"]) == Decimal(case["price"])

    def test_express_costs_most(self) -> None:
        assert tariff(1500, "express") > tariff(1500, "standard") > tariff(1500, "economy")


class TestZoneCache:
    def test_cold_lookup_is_a_miss(self) -> None:
        before = postcode_zone.cache_info()
        postcode_zone("24103")
        assert postcode_zone.cache_info().misses == before.misses + 1

    def test_first_remote_lookup_is_a_miss(self) -> None:
        before = postcode_zone.cache_info()
        assert postcode_zone("87435") == "C"
        assert postcode_zone.cache_info().hits == before.hits

    def test_repeat_lookup_hits(self) -> None:
        postcode_zone("24103")
        before = postcode_zone.cache_info()
        postcode_zone("24103")
        assert postcode_zone.cache_info().hits == before.hits + 1

    def test_zone_values(self) -> None:
        assert [postcode_zone(p) for p in ("20095", "50667", "87435")] == ["A", "B", "C"]
