from datetime import date
from decimal import Decimal

import pytest
import requests

from payrun.errors import TaxServiceError
from payrun.tax import TaxClient, parse_bands


def test_north_bands(tax: TaxClient) -> None:
    bands = tax.bands("north", 2026)
    assert [b.rate for b in bands] == [Decimal("0"), Decimal("0.2"), Decimal("0.4")]
    assert bands[-1].upper is None


def test_south_bands(tax: TaxClient) -> None:
    bands = tax.bands("south", 2026)
    assert bands[1].lower == Decimal("1200")


def test_unknown_region(tax: TaxClient) -> None:
    with pytest.raises(TaxServiceError, match="unavailable"):
        tax.bands("atlantis", 2026)


def test_standard_code_allowance(tax: TaxClient) -> None:
    assert tax.code_allowance("1257L") == Decimal("1047.50")


def test_basic_rate_code_has_no_allowance(tax: TaxClient) -> None:
    assert tax.code_allowance("BR") == Decimal("0")


def test_withdrawn_code_refused(tax: TaxClient) -> None:
    with pytest.raises(TaxServiceError, match="withdrawn"):
        tax.code_allowance("K100")


def test_unknown_code_is_not_found(tax: TaxClient) -> None:
    with pytest.raises(requests.HTTPError) as info:
        tax.code_allowance("ZZ9")
    assert info.value.response.status_code == 404


def test_holidays_sorted(tax: TaxClient) -> None:
    assert tax.holidays(2026)[:2] == [date(2026, 1, 1), date(2026, 5, 4)]


def test_holidays_of_unpublished_year(tax: TaxClient) -> None:
    assert tax.holidays(2031) == []


def test_payload_contract_checked() -> None:
    with pytest.raises(TaxServiceError, match="without bands"):
        parse_bands({"region": "north"})


def test_payload_rate_range_checked() -> None:
    with pytest.raises(TaxServiceError, match="out of range"):
        parse_bands({"bands": [{"lower": "0", "upper": None, "rate": "20"}]})
