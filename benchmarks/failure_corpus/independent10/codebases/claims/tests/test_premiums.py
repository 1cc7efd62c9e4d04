"""Premium quotes and instalments."""

from __future__ import annotations

from decimal import Decimal

import pytest

from claims import premiums


def test_regional_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(premiums.REGION_FACTORS, "north", Decimal("1.50"))
    assert premiums.quote("HOME", "north", Decimal("100000")) == Decimal("465.00")


@pytest.mark.parametrize("product,region,value,expected", [
    ("HOME", "north", "250000", "852.50"),
    ("HOME", "south", "180000", "530.10"),
    ("MOTOR", "east", "23999", "995.96"),
    ("MOTOR", "north", "15500", "707.58"),
    ("TRAVEL", "west", "4200", "52.92"),
    ("PET", "north", "3150", "95.29"),
    ("PET", "south", "2899", "75.74"),
    ("TRAVEL", "north", "999", "13.19"),
])
def test_quote(product: str, region: str, value: str, expected: str) -> None:
    assert premiums.quote(product, region, Decimal(value)) == Decimal(expected)


@pytest.mark.parametrize("total,count,last", [
    ("100.00", 3, "33.34"),
    ("100.00", 6, "16.65"),
    ("87.50", 4, "21.86"),
    ("1000.01", 7, "142.85"),
    ("12.34", 1, "12.34"),
])
def test_instalments(total: str, count: int, last: str) -> None:
    plan = premiums.instalments(Decimal(total), count)
    assert len(plan) == count
    assert sum(plan) == Decimal(total)
    assert plan[-1] == Decimal(last)
