import csv
from decimal import Decimal

import pytest

from clinic import billing
from tests.conftest import DATA


@pytest.fixture(scope="module")
def expected_fees():
    with (DATA / "expected_fees.csv").open(newline="") as handle:
        return {(r["procedure"], r["speciality"]): r for r in csv.DictReader(handle)}


@pytest.mark.parametrize("procedure,speciality", [
    ("CONS-15", "general"), ("CONS-30", "cardiology"), ("ECG-12", "cardiology"),
    ("VAC-FLU", "general"), ("DERM-LAS", "dermatology")])
def test_fee_and_tax_match_schedule(expected_fees, procedure, speciality):
    expected = expected_fees[(procedure, speciality)]
    net = billing.procedure_fee(procedure, speciality)
    assert net == int(expected["net_cents"])
    assert billing.tax(procedure, net) == int(expected["tax_cents"])


def test_copay_rounds_half_up():
    assert billing.copay(3185, 10) == 319
    assert billing.copay(2450, 15) == 368


def test_cosmetic_treatment_taxed():
    assert billing.tax("DERM-LAS", 10000) == 1900


def test_instalments_sum_to_total():
    plan = billing.Plan(total_cents=16390, months=3)
    amounts = billing.instalments(plan)
    assert amounts == [5464, 5463, 5463]
    assert sum(amounts) == plan.total_cents


def test_pay_at_once():
    assert billing.instalments(billing.Plan(total_cents=5900, months=0)) == [5900]


def test_fee_in_foreign_currency():
    assert billing.to_eur(Decimal("150.00"), Decimal("1.0725")) == 16088
