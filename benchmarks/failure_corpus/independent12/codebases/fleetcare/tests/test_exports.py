import csv
import gzip
from pathlib import Path

import pytest
from sqlalchemy import Connection

from fleetcare.config import Settings
from fleetcare.exports import COLUMNS, compress, export_csv, order_rows
from fleetcare.orders import open_orders

PLAN = [("WVN0001", "oil_change", 15_000), ("WVN0002", "tyre_rotation", 30_000),
        ("WVN0001", "tyre_rotation", 20_000), ("WTR0003", "brake_check", 90_000)]


@pytest.fixture
def planned(seeded: Connection, roster: dict[str, list[str]]) -> Connection:
    open_orders(seeded, PLAN, roster)
    return seeded


@pytest.mark.parametrize("depot,due", [
    ("NORTH", [15_000, 20_000, 30_000]), ("WEST", [90_000]), ("SOUTH", []),
])
def test_rows_by_due_distance(planned: Connection, depot: str, due: list[int]) -> None:
    assert [row["due_km"] for row in order_rows(planned, depot)] == due


@pytest.mark.parametrize("depot", ["NORTH", "WEST"])
def test_export_file(planned: Connection, settings: Settings, depot: str) -> None:
    path = settings.export_dir / f"orders-{depot.lower()}.csv"
    assert export_csv(order_rows(planned, depot), path) > 0
    with path.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == COLUMNS
    assert {row["depot"] for row in rows} == {depot}


def test_export_is_compressed(planned: Connection, tmp_path: Path) -> None:
    path = tmp_path / "orders.csv"
    export_csv(order_rows(planned, "NORTH"), path)
    with gzip.open(compress(path), "rt") as handle:
        assert handle.read() == path.read_text()
