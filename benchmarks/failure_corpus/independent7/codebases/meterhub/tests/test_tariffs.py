import pytest

from meterhub.errors import TariffError


def test_standard_tariff(tariffs):
    tariff = tariffs.tariff("standard")
    assert tariff["unit_price_millicents"] == 28500


def test_economy_tariff_has_block(tariffs):
    tariff = tariffs.tariff("economy")
    assert tariff["block_kwh"] == 100


def test_unknown_tariff(tariffs):
    assert tariffs.tariff("solar-2019") is None


def test_quote(tariffs):
    assert tariffs.quote("business", 1000) == 22000


def test_quote_unknown_tariff(tariffs):
    with pytest.raises(TariffError):
        tariffs.quote("solar-2019", 10)
