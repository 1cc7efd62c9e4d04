"""Fees, co-payments, tax and instalment plans (amounts in cents)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from medcodes import fee_cents

TAX_RATES = {"medical": Decimal("0"), "cosmetic": Decimal("0.19")}
COSMETIC_CODES = frozenset({"DERM-LAS"})
SPECIALITY_SURCHARGE = {"cardiology": Decimal("1.15"), "dermatology": Decimal("1.10"),
                        "general": Decimal("1.00")}


@dataclass(frozen=True)
class Plan:
    total_cents: int
    months: int


def cents(amount: Decimal) -> int:
    return int(amount.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def procedure_fee(code: str, speciality: str) -> int:
    return cents(fee_cents(code) * SPECIALITY_SURCHARGE[speciality])


def copay(fee: int, percent: int) -> int:
    """The patient's share of a fee, rounded half up to the cent."""
    return cents(Decimal(fee) * percent / 100)


def tax(code: str, net: int) -> int:
    kind = "cosmetic" if code in COSMETIC_CODES else "medical"
    return cents(net * TAX_RATES[kind])


def instalments(plan: Plan) -> list[int]:
    """Monthly amounts; the first month carries the remainder. Zero months: pay at once."""
    if plan.months <= 1:
        return [plan.total_cents]
    base, rest = divmod(plan.total_cents, plan.months)
    return [base + rest] + [base] * (plan.months - 1)


def to_eur(amount: Decimal, eur_per_unit: Decimal) -> int:
    """A fee charged in another currency, in euro cents."""
    return cents(amount * eur_per_unit * 100)
