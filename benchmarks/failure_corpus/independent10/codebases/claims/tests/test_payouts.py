"""Settlement of claims through the payments partner."""

from __future__ import annotations

import sqlite3

import pytest

from claims.config import Settings
from claims.payments import PaymentsClient
from claims.payouts import payable, settle
from tests.conftest import add_claim


@pytest.fixture
def payments(settings: Settings) -> PaymentsClient:
    return PaymentsClient(settings.payments_url, settings.payments_token, settings.http_timeout)


@pytest.mark.parametrize("policy,kind,cents,paid", [
    ("POL-1001", "water", 125000, 75000),
    ("POL-1002", "collision", 412075, 387075),
    ("POL-1003", "collision", 90000, 0),
    ("POL-1004", "medical", 31020, 31020),
    ("POL-1005", "medical", 20000, 12500),
])
def test_settle(db: sqlite3.Connection, payments: PaymentsClient, policy: str, kind: str,
                cents: int, paid: int) -> None:
    add_claim(db, "CLM-000301", policy, kind, cents)
    result = settle(db, payments, "CLM-000301", "DE44500105175407324931")
    assert result.amount_cents == paid
    assert result.reference.startswith("PAY-")
    row = db.execute("SELECT amount_cents, currency FROM payouts").fetchone()
    assert (row["amount_cents"], row["currency"]) == (paid, "EUR")
    status = db.execute("SELECT status FROM claims WHERE number = 'CLM-000301'").fetchone()[0]
    assert status == "paid"


@pytest.mark.parametrize("claim,deductible,expected",
                         [(1000, 300, 700), (100, 300, 0), (500, 0, 500)])
def test_payable(claim: int, deductible: int, expected: int) -> None:
    assert payable(claim, deductible) == expected
