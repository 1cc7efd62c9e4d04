from decimal import Decimal

import pytest
from ingest.errors import RatesUnavailable


@pytest.mark.parametrize("currency,expected", [("USD", "0.92"), ("GBP", "1.17"),
                                               ("SEK", "0.087")])
def test_rate_for_currency(rates, currency, expected):
    assert rates.rate(currency) == Decimal(expected)


def test_eur_is_identity(rates):
    assert rates.convert(Decimal("10.00"), "EUR") == Decimal("10.00")


def test_convert_to_eur(rates):
    assert rates.convert(Decimal("100"), "USD") == Decimal("92.00")


def test_unknown_currency_raises(rates):
    with pytest.raises(RatesUnavailable, match="XYZ"):
        rates.rate("XYZ")
