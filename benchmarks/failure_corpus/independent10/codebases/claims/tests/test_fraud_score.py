"""Fraud scoring of new claims."""

from __future__ import annotations

import pytest

from claims.fraud import FraudClient


@pytest.mark.parametrize("claim,amount,kind", [
    ("CLM-000101", 83050, "theft"),
    ("CLM-000102", 125000, "water"),
    ("CLM-000103", 1500099, "fire"),
    ("CLM-000104", 412075, "collision"),
    ("CLM-000105", 50, "medical"),
    ("CLM-000106", 700000, "fire"),
])
def test_score(fraud: FraudClient, claim: str, amount: int, kind: str) -> None:
    result = fraud.score(claim, amount, kind)
    assert result.claim == claim
    assert 0 <= result.score < 1
    assert result.verdict in {"clear", "review", "refer"}


@pytest.mark.parametrize("amount,verdict", [(900000, "refer"), (10, "clear")])
def test_verdict_follows_amount(fraud: FraudClient, amount: int, verdict: str) -> None:
    assert fraud.score("CLM-000200", amount, "theft").verdict == verdict
