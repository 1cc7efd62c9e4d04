"""The monthly claims report."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest

from claims.config import Settings
from claims.reports import build_report, summary_line
from tests.conftest import add_claim

CLAIMS = [("water", 125000), ("theft", 83050), ("water", 4000), ("fire", 1500099),
          ("theft", 1950), ("medical", 31020)]


@pytest.mark.parametrize("count,expected", [
    (1, {"water": 125000}),
    (3, {"water": 129000, "theft": 83050}),
    (5, {"water": 129000, "theft": 85000, "fire": 1500099}),
    (6, {"water": 129000, "theft": 85000, "fire": 1500099, "medical": 31020}),
])
def test_build_report(db: sqlite3.Connection, tmp_path: Path, settings: Settings, count: int,
                      expected: dict[str, int]) -> None:
    for i, (kind, cents) in enumerate(CLAIMS[:count]):
        add_claim(db, f"CLM-{i:06d}", "POL-1001", kind, cents)
    out = tmp_path / "report.csv"
    assert build_report(db, out, settings.worker_memory_mb) == expected
    with out.open() as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["kind", "claims_total"]
    assert len(rows) == len(expected) + 1


@pytest.mark.parametrize("totals,line", [
    ({"water": 129000, "theft": 85000}, "2 kinds, 2,140.00 EUR claimed"),
    ({}, "0 kinds, 0.00 EUR claimed"),
])
def test_summary_line(totals: dict[str, int], line: str) -> None:
    assert summary_line(totals) == line
