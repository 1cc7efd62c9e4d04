"""Pay arithmetic: gross from hours, income tax by bands, pension, net."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
SHIFT_MULTIPLIERS = {"day": Decimal("1"), "night": Decimal("1.2"), "weekend": Decimal("1.5")}
OVERTIME_MULTIPLIER = Decimal("1.5")
STANDARD_HOURS = Decimal("160")
PENSION_RATE = Decimal("0.05")


@dataclass(frozen=True)
class Band:
    """Income between ``lower`` and ``upper`` (``None``: no ceiling) is taxed at ``rate``."""

    lower: Decimal
    upper: Decimal | None
    rate: Decimal


@dataclass(frozen=True)
class Payslip:
    """One employee's pay for one period."""

    employee: str
    period: str
    gross: Decimal
    tax: Decimal
    pension: Decimal
    net: Decimal


def money(value: Decimal) -> Decimal:
    """Round to cents, halves away from zero."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def gross_pay(rate: Decimal, entries: Sequence[tuple[Decimal, str]]) -> Decimal:
    """Hours times rate with shift premiums; hours over the standard month pay overtime."""
    total = Decimal(0)
    worked = Decimal(0)
    for hours, shift in entries:
        multiplier = SHIFT_MULTIPLIERS[shift]
        regular = max(Decimal(0), min(hours, STANDARD_HOURS - worked))
        extra = hours - regular
        total += regular * rate * multiplier + extra * rate * multiplier * OVERTIME_MULTIPLIER
        worked += hours
    return money(total)


def income_tax(gross: Decimal, bands: Sequence[Band]) -> Decimal:
    """Tax of ``gross`` over progressive bands sorted by their lower bound."""
    tax = Decimal(0)
    for band in sorted(bands, key=lambda b: b.lower):
        if gross <= band.lower:
            break
        top = gross if band.upper is None else min(gross, band.upper)
        tax += (top - band.lower) * band.rate
    return money(tax)


def pension(gross: Decimal, rate: Decimal = PENSION_RATE) -> Decimal:
    """The employee's pension contribution."""
    return money(gross * rate)


def payslip(
    employee: str,
    period: str,
    rate: Decimal,
    entries: Sequence[tuple[Decimal, str]],
    bands: Sequence[Band],
    allowances: Decimal = Decimal(0),
) -> Payslip:
    """Everything on one payslip; allowances are paid untaxed."""
    gross = gross_pay(rate, entries)
    tax = income_tax(gross, bands)
    contribution = pension(gross)
    net = money(gross - tax - contribution + allowances)
    return Payslip(employee, period, gross, tax, contribution, net)


def split_evenly(total: Decimal, parts: int) -> list[Decimal]:
    """Split an amount into ``parts`` cent amounts that add up to it exactly."""
    if parts <= 0:
        raise ValueError("parts must be positive")
    cents = int((total / CENT).to_integral_value())
    share, rest = divmod(cents, parts)
    return [Decimal(share + (1 if i < rest else 0)) * CENT for i in range(parts)]
