"""Intake of claim submissions."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from claims.config import Settings
from claims.errors import ContractError
from claims.intake import parse_submission, submit, submit_batch


@pytest.mark.parametrize("kind,amount,cents", [
    ("theft", "830.50", 83050),
    ("water", "1250", 125000),
    ("fire", "15000.99", 1500099),
    ("collision", "4120.75", 412075),
    ("medical", "0.50", 50),
])
def test_submit_single(db: sqlite3.Connection, settings: Settings, kind: str, amount: str,
                       cents: int) -> None:
    number = submit(db, settings.spool_path, {"policy": "POL-1001", "kind": kind, "amount": amount})
    row = db.execute("SELECT kind, amount_cents FROM claims WHERE number = ?", (number,)).fetchone()
    assert (row["kind"], row["amount_cents"]) == (kind, cents)


@pytest.mark.parametrize("expected_index", [0, 2, 4])
def test_batch_numbers(db: sqlite3.Connection, settings: Settings, batch: Path,
                       expected_index: int) -> None:
    numbers = submit_batch(db, settings.spool_path, batch)
    assert len(set(numbers)) == 5
    assert numbers[expected_index] == f"CLM-{expected_index + 1:06d}"


def test_rejects_unknown_kind() -> None:
    with pytest.raises(ContractError):
        parse_submission({"policy": "POL-1001", "kind": "meteor", "amount": "1"})
