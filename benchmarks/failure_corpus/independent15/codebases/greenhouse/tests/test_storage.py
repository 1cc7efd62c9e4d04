from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta
from pathlib import Path

from greenhouse import storage
from greenhouse.models import Reading, format_reading


def test_export_day_gzip(sample_readings: list[Reading]) -> None:
    target = storage.export_day(sample_readings, "2026-03-02")
    with gzip.open(target, "rt") as handle:
        assert len(handle.readlines()) == 3


def test_sensor_log_fanout(tmp_path: Path) -> None:
    start = datetime(2026, 3, 2, tzinfo=UTC)
    readings = [
        Reading(sensor_id=f"s-{index:03d}", kind="soil", value=0.3,
                at=start + timedelta(minutes=index))
        for index in range(150)
    ]
    assert storage.fan_out(tmp_path, readings) == 150


def test_write_snapshot(scratch_dir: Path) -> None:
    target = storage.write_snapshot(scratch_dir, {"north": 24.5, "south": 26.0})
    assert target.read_text() == '{"north": 24.5, "south": 26.0}'


def test_format_reading_line(sample_readings: list[Reading]) -> None:
    assert format_reading(sample_readings[0]) == "2026-03-02T06:00:00+00:00 north/t-11 temp=24.5"


def test_readings_by_zone(sample_readings: list[Reading]) -> None:
    zones = sorted({reading.zone for reading in sample_readings})
    assert zones == ["north", "south"]
