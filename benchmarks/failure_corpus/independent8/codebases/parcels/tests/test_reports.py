from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from parcelhub.reports import status_report, weight_report
from parcelhub.store import Event, ParcelStore

from .helpers import make_parcel

DAY = date(2026, 3, 4)


@pytest.fixture
def busy(store: ParcelStore) -> ParcelStore:
    store.register_many([make_parcel(f"KRL8000{i:02d}", carrier="KRL",
                                     postcode=("HH 2009" if i % 2 else "B 1011") + str(i),
                                     weight_g=500 * (i + 1)) for i in range(6)])
    store.record(Event("KRL800000", "in_transit", "2026-03-04T08:00:00Z"))
    store.sign("KRL800001", "E. Clerk")
    return store


@pytest.fixture
def report_dir(outbox: Path, request: pytest.FixtureRequest) -> Path:
    path = outbox / "reports" / request.node.name
    path.mkdir(parents=True, exist_ok=True)
    return path


def test_status_report_rows(busy: ParcelStore, report_dir: Path) -> None:
    path = status_report(busy, report_dir, DAY)
    lines = path.read_text().splitlines()
    assert lines[0] == "status,parcels"
    assert "delivered,1" in lines and "registered,4" in lines


def test_status_report_total(busy: ParcelStore, report_dir: Path) -> None:
    lines = status_report(busy, report_dir, DAY).read_text().splitlines()
    assert lines[-1] == "total,6"


def test_weight_report(busy: ParcelStore, report_dir: Path) -> None:
    doc = json.loads(weight_report(busy, report_dir, DAY).read_text())
    assert doc == {"day": "2026-03-04", "areas": {"B": 4500, "HH": 6000}}


def test_reports_leave_no_temp_files(busy: ParcelStore, report_dir: Path) -> None:
    status_report(busy, report_dir, DAY)
    weight_report(busy, report_dir, DAY)
    assert sorted(p.name for p in report_dir.iterdir()) == [
        "status-2026-03-04.csv", "weights-2026-03-04.json"]
