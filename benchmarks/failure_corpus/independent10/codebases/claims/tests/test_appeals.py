"""Appeals against decisions."""

from __future__ import annotations

import sqlite3

import pytest

from claims.appeals import REASONS, file_appeal, open_appeals
from tests.conftest import add_claim


@pytest.mark.parametrize("reason", ["amount", "coverage", "delay", "fraud-flag", "other"])
def test_file_appeal(db: sqlite3.Connection, reason: str) -> None:
    add_claim(db, "CLM-000401", "POL-1002", "theft", 5000)
    file_appeal(db, "CLM-000401", reason, "decision disputed")
    assert open_appeals(db) == [("CLM-000401", REASONS[reason])]


def test_appeal_for_unknown_claim(db: sqlite3.Connection) -> None:
    with pytest.raises(LookupError):
        file_appeal(db, "CLM-999999", "amount", "no such claim")
