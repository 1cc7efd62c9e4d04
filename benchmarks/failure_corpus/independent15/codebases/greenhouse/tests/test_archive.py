from __future__ import annotations

from datetime import date, datetime

from greenhouse import archive


def test_archive_readings() -> None:
    stored = archive.archive([
        {"sensor_id": "t-21", "zone": "north", "kind": "temp", "value": 20.5,
         "at": datetime(2026, 3, 2, 6, 0)},
        {"sensor_id": "t-21", "zone": "north", "kind": "temp", "value": 21.0,
         "at": datetime(2026, 3, 2, 7, 0)},
    ])
    assert stored == 2
    assert sorted(archive.readings_of("t-21")) == [20.5, 21.0]


def test_archive_south_zone() -> None:
    archive.archive([{"sensor_id": "t-33", "zone": "south", "kind": "temp", "value": 25.0,
                      "at": datetime(2026, 3, 2, 6, 0)}])
    assert archive.readings_of("t-33") == [25.0]


def test_readings_of_unknown_sensor() -> None:
    assert archive.readings_of("nope") == []


def test_register_sensor() -> None:
    archive.register_sensor("h-14", "north", datetime(2026, 2, 1, 9, 0))


def test_store_daily_summary() -> None:
    archive.store_summary("west", date(2026, 3, 1), 17.25)
