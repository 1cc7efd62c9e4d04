from pathlib import Path

import pytest
from sqlalchemy import Connection

from fleetcare.errors import InspectionContractError
from fleetcare.inspections import SEVERITIES, load_batch, parse_report, record, worst_first

BATCHES = ["north-0101", "north-0102", "west-0101", "west-0102", "south-0101", "east-0101"]


@pytest.mark.parametrize("batch", BATCHES)
def test_load_batch(inbox: Path, batch: str) -> None:
    reports = load_batch(inbox / batch)
    assert len(reports) == 3
    assert all(r.severity in SEVERITIES for r in reports)


@pytest.mark.parametrize("batch", BATCHES)
def test_record_batch(seeded: Connection, inbox: Path, batch: str) -> None:
    assert record(seeded, load_batch(inbox / batch)) == 3
    assert len(worst_first(seeded)) == 3


def test_worst_first_ordering(seeded: Connection, inbox: Path) -> None:
    record(seeded, load_batch(inbox / "north-0101") + load_batch(inbox / "west-0101"))
    severities = [s for _, s in worst_first(seeded)]
    assert severities == sorted(severities, key=lambda s: -SEVERITIES.index(s))


def test_report_without_defects_list(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"vin": "X", "inspected_on": "2026-01-01", "severity": "minor", '
                   '"defects": "none"}')
    with pytest.raises(InspectionContractError):
        parse_report(bad)
