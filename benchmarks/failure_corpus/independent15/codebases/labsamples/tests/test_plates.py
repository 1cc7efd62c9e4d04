from __future__ import annotations

from pathlib import Path

import pytest

from labsamples import plates


@pytest.mark.parametrize(("well", "index"), [("A1", 0), ("C1", 24), ("H12", 95)])
def test_well_index(well: str, index: int) -> None:
    assert plates.well_index(well) == index


def test_aliquot_volumes() -> None:
    assert plates.aliquot_volumes(1000, 3) == [334, 333, 333]


def test_read_instrument_run(incoming: Path) -> None:
    assert [record["well"] for record in plates.read_run(incoming / "run-42.jsonl")] == [
        "A1", "A2", "B1"]


@pytest.mark.timeout(5)
def test_plate_analysis() -> None:
    assert plates.analyse_plate([0.5, 0.75, 1.0]) == {"mean": 0.75, "max": 1.0}
