"""Lending rules: loan periods, renewals and overdue fines (pure functions)."""

from __future__ import annotations

from datetime import date, timedelta

from lending.errors import LoanRefused

LOAN_DAYS = {"adult": 21, "child": 14, "staff": 28}
LOAN_LIMIT = {"adult": 12, "child": 6, "staff": 30}
FINE_PER_DAY_CENTS = {"adult": 25, "child": 10, "staff": 0}
FINE_CAP_CENTS = 1000
MAX_RENEWALS = 2


def due_date(kind: str, lent_on: date) -> date:
    """The day a copy lent to a member of this kind is due back."""
    return lent_on + timedelta(days=LOAN_DAYS[kind])


def days_late(due_on: date, returned_on: date) -> int:
    """Whole days between the due date and the return, 0 when on time."""
    return max((returned_on - due_on).days, 0)


def fine_cents(kind: str, due_on: date, returned_on: date) -> int:
    """The overdue fine of one loan, capped per loan."""
    late = days_late(due_on, returned_on)
    return min(late * FINE_PER_DAY_CENTS[kind], FINE_CAP_CENTS)


def check_renewal(renewals: int, holds: int) -> None:
    """Raise LoanRefused when a loan may not be renewed again."""
    if holds:
        raise LoanRefused(f"{holds} member(s) wait for this copy")
    if renewals >= MAX_RENEWALS:
        raise LoanRefused(f"already renewed {renewals} times (at most {MAX_RENEWALS})")


def check_limit(kind: str, open_loans: int) -> None:
    """Raise LoanRefused when a member already holds as many copies as allowed."""
    if open_loans >= LOAN_LIMIT[kind]:
        raise LoanRefused(f"{kind} members may borrow {LOAN_LIMIT[kind]} copies at a time")


def average_loan_days(durations: list[int]) -> float:
    """Mean length of finished loans in days."""
    return sum(durations) / len(durations) if durations else 0.0


def fines_by_branch(fines: list[tuple[str, int]]) -> dict[str, int]:
    """Sum of fines per branch, branches without fines left out."""
    totals: dict[str, int] = {}
    for branch, cents in fines:
        totals[branch] = totals.get(branch, 0) + cents
    return totals
