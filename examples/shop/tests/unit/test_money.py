"""Amounts in minor units and the supported currencies."""

from __future__ import annotations

import pytest
from services import domain

pytestmark = pytest.mark.unit


class TestAmount:
    @pytest.mark.parametrize("amount", [1, 1250, domain.MAX_AMOUNT])
    def test_valid_amounts(self, amount: int) -> None:
        assert domain.validate_amount(amount) == amount

    @pytest.mark.parametrize(
        ("amount", "message"),
        [
            (0, "greater than 0"),
            (-100, "greater than 0"),
            (12.5, "integer number of cents"),
            ("1250", "integer number of cents"),
            (True, "integer number of cents"),
            (None, "Missing required field"),
            (domain.MAX_AMOUNT + 1, "exceeds the maximum"),
        ],
    )
    def test_invalid_amounts(self, amount: object, message: str) -> None:
        with pytest.raises(domain.ValidationError, match=message) as caught:
            domain.validate_amount(amount)
        assert caught.value.field == "amount"


class TestCurrency:
    @pytest.mark.parametrize("code", ["EUR", "eur", " usd ", "JPY"])
    def test_supported_codes_are_normalised(self, code: str) -> None:
        assert domain.validate_currency(code) == code.strip().upper()

    @pytest.mark.parametrize("code", ["XYZ", "EURO", ""])
    def test_unsupported_codes_list_the_supported_ones(self, code: str) -> None:
        with pytest.raises(domain.ValidationError, match="EUR, GBP, JPY") as caught:
            domain.validate_currency(code)
        assert caught.value.field == "currency"


@pytest.mark.parametrize(
    ("amount", "currency", "text"),
    [
        (1250, "EUR", "12.50 EUR"),
        (5, "USD", "0.05 USD"),
        (123456789, "GBP", "1,234,567.89 GBP"),
        (500, "JPY", "500 JPY"),
    ],
)
def test_format_money(amount: int, currency: str, text: str) -> None:
    assert domain.format_money(amount, currency) == text
