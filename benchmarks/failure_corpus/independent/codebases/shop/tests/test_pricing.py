import pytest
from shop import pricing


def test_subtotal_sums_lines():
    assert pricing.subtotal([("SKU-1", 2), ("SKU-4", 3)]) == 2 * 1299 + 3 * 75


def test_unknown_sku_is_rejected():
    with pytest.raises(ValueError, match="unknown SKU"):
        pricing.subtotal([("SKU-404", 1)])


@pytest.mark.parametrize("code,expected", [("WELCOME10", 1169), ("STAFF50", 649)])
def test_discount_applies_percent(discounts, code, expected):
    assert pricing.apply_discount(1299, discounts[code]) == expected


def test_discount_respects_minimum(discounts):
    assert pricing.apply_discount(4999, discounts["BIG25"]) == 4999
    assert pricing.apply_discount(8000, discounts["BIG25"]) == 6000


@pytest.mark.parametrize("region,expected", [("NL", 1572), ("DE", 1546), ("FR", 1559),
                                             ("SE", 1624)])
def test_vat_per_region(region, expected):
    assert pricing.with_vat(1299, region) == expected


def test_total_rounds_half_up():
    assert pricing.total([("SKU-4", 2)], "NL") == 182


@pytest.mark.parametrize("amount,parts", [(1000, 3), (999, 1), (2, 3)])
def test_split_evenly_adds_up(amount, parts):
    instalments = pricing.split_evenly(amount, parts)
    assert len(instalments) == parts
    assert sum(instalments) == amount
    assert max(instalments) - min(instalments) <= 1
