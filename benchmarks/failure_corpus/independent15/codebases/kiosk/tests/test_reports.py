from __future__ import annotations

from datetime import date

from loankiosk import reports


def test_daily_report_batches() -> None:
    pages = reports.batches(["B-1", "B-2", "B-3", "B-4", "B-5"], 2)
    assert pages == [["B-1", "B-2"], ["B-3", "B-4"], ["B-5"]]


def test_daily_report_records_run() -> None:
    assert reports.record_run(date(2026, 3, 2)) >= 0
