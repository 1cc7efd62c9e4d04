import pytest

from meterhub import billing

STANDARD = {"code": "standard", "unit_price_millicents": 28500, "standing_charge_cents": 50}
ECONOMY = {"code": "economy", "unit_price_millicents": 24000, "standing_charge_cents": 45,
           "block_kwh": 100, "block_price_millicents": 18000}


def test_energy_flat_price():
    assert billing.energy_cents(200, STANDARD) == 5700


def test_first_block_cheaper():
    assert billing.energy_cents(150, ECONOMY) == 1800 + 1200


def test_block_boundary_exact():
    assert billing.energy_cents(100, ECONOMY) == 1800


def test_standing_charge_per_day():
    assert billing.standing_cents(30, STANDARD) == 1500


def test_vat_domestic():
    assert billing.vat_cents(10000, "domestic") == 500


def test_vat_business():
    assert billing.vat_cents(10000, "business") == 2000


def test_cents_round_half_up():
    assert billing.energy_cents(0.5, {"unit_price_millicents": 1000}) == 1
    assert billing.energy_cents(2.5, {"unit_price_millicents": 1000}) == 3


def test_minimum_bill():
    assert billing.bill(1, 1, STANDARD, "domestic")["net_cents"] == billing.MINIMUM_CENTS


def test_register_rollover():
    assert billing.delta(99_990.0, 12.5) == 22.5


def test_register_plain_delta():
    assert billing.delta(120.0, 180.25) == 60.25


@pytest.mark.parametrize("name", ["standard-month", "economy-month", "business-quarter"])
def test_bill_table(bill_cases, name):
    case = next(c for c in bill_cases if c["name"] == name)
    result = billing.bill(case["kwh"], case["days"], case["tariff"], case["customer"])
    assert result["total_cents"] == case["total_cents"]
