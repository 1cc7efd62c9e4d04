"""Reserves set aside per claim."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from claims.config import Settings
from claims.ledger import ReserveLedger


@pytest.fixture
def ledger(settings: Settings) -> Iterator[ReserveLedger]:
    book = ReserveLedger(settings.ledger_db)
    yield book
    book.close()


@pytest.mark.parametrize("moves,balance", [
    ([100000], 100000),
    ([100000, -25000], 75000),
    ([5000, 5000, -10000], 0),
    ([250, -50, 1200], 1400),
])
def test_balance(ledger: ReserveLedger, unique_claim: str, moves: list[int], balance: int) -> None:
    for delta in moves:
        ledger.move(unique_claim, delta)
    assert ledger.balance(unique_claim) == balance


def test_unknown_claim_has_no_reserve(ledger: ReserveLedger) -> None:
    assert ledger.balance("CLM-NONE") == 0
