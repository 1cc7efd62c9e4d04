from decimal import Decimal

import pytest

from payrun import calc
from payrun.calc import Band

NORTH = [
    Band(Decimal("0"), Decimal("1000"), Decimal("0")),
    Band(Decimal("1000"), Decimal("4000"), Decimal("0.2")),
    Band(Decimal("4000"), None, Decimal("0.4")),
]


def test_day_shift_gross() -> None:
    assert calc.gross_pay(Decimal("20"), [(Decimal("8"), "day")]) == Decimal("160.00")


def test_night_shift_premium() -> None:
    assert calc.gross_pay(Decimal("20"), [(Decimal("8"), "night")]) == Decimal("192.00")


def test_weekend_shift_premium() -> None:
    assert calc.gross_pay(Decimal("10"), [(Decimal("4"), "weekend")]) == Decimal("60.00")


def test_overtime_beyond_standard_month() -> None:
    entries = [(Decimal("8"), "day")] * 20 + [(Decimal("4"), "day")]
    assert calc.gross_pay(Decimal("10"), entries) == Decimal("1660.00")


def test_overtime_splits_an_entry_crossing_the_limit() -> None:
    entries = [(Decimal("158"), "day"), (Decimal("4"), "day")]
    assert calc.gross_pay(Decimal("10"), entries) == Decimal("1630.00")


def test_income_tax_below_first_band_is_zero() -> None:
    assert calc.income_tax(Decimal("900"), NORTH) == Decimal("0.00")


def test_income_tax_across_bands() -> None:
    assert calc.income_tax(Decimal("5000"), NORTH) == Decimal("1000.00")


def test_income_tax_ignores_band_order() -> None:
    assert calc.income_tax(Decimal("2500"), list(reversed(NORTH))) == Decimal("300.00")


def test_pension_contribution() -> None:
    assert calc.pension(Decimal("1234.50")) == Decimal("61.73")


def test_money_rounds_half_up() -> None:
    assert calc.money(Decimal("0.125")) == Decimal("0.13")
    assert calc.money(Decimal("2.675")) == Decimal("2.68")


def test_payslip_net_adds_untaxed_allowance() -> None:
    slip = calc.payslip("E1", "2026-11", Decimal("25"), [(Decimal("100"), "day")], NORTH,
                        Decimal("50"))
    assert (slip.gross, slip.tax, slip.pension) == (Decimal("2500.00"), Decimal("300.00"),
                                                    Decimal("125.00"))
    assert slip.net == Decimal("2125.00")


def test_split_evenly_adds_up() -> None:
    parts = calc.split_evenly(Decimal("100.00"), 3)
    assert parts == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]
    assert sum(parts) == Decimal("100.00")


def test_split_evenly_rejects_no_parts() -> None:
    with pytest.raises(ValueError):
        calc.split_evenly(Decimal("10"), 0)


@pytest.mark.parametrize("hours,expected", [("0", "0.00"), ("0.25", "5.00"), ("7.75", "155.00")])
def test_fractional_hours(hours: str, expected: str) -> None:
    assert calc.gross_pay(Decimal("20"), [(Decimal(hours), "day")]) == Decimal(expected)
