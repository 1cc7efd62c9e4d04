import csv
from datetime import date
from pathlib import Path

import pytest

from lending import rules
from lending.errors import LoanRefused

with (Path(__file__).parent / "data" / "fines_expected.csv").open() as fh:
    FINE_TABLE = list(csv.DictReader(fh))


@pytest.mark.parametrize(("kind", "days"), [("adult", 21), ("child", 14), ("staff", 28)])
def test_due_date_by_kind(kind, days):
    assert (rules.due_date(kind, date(2026, 3, 1)) - date(2026, 3, 1)).days == days


@pytest.mark.parametrize("row", FINE_TABLE, ids=[f"row{n}" for n in range(len(FINE_TABLE))])
def test_fine_table(row):
    due, back = date.fromisoformat(row["due_on"]), date.fromisoformat(row["returned_on"])
    assert rules.fine_cents(row["kind"], due, back) == int(row["fine_cents"])


def test_renewal_refused_after_two():
    rules.check_renewal(1, 0)
    with pytest.raises(LoanRefused, match="already renewed 2 times"):
        rules.check_renewal(2, 0)


def test_renewal_refused_when_held():
    with pytest.raises(LoanRefused, match="wait for this copy"):
        rules.check_renewal(0, 1)


def test_loan_limit_for_children():
    rules.check_limit("child", 5)
    with pytest.raises(LoanRefused):
        rules.check_limit("child", 6)


def test_average_loan_days():
    assert rules.average_loan_days([10, 20, 30]) == 20
    assert rules.average_loan_days([]) == 0.0


def test_fines_by_branch():
    fines = [("central", 75), ("harbour", 25), ("central", 50)]
    assert rules.fines_by_branch(fines) == {"central": 125, "harbour": 25}
