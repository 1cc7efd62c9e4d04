from __future__ import annotations

import asyncio

from greenhouse import gateway


def test_fetch_north_readings() -> None:
    readings = asyncio.run(gateway.fetch_readings("north"))
    assert [reading.sensor_id for reading in readings] == ["t-11", "h-12"]


def test_fetch_south_readings() -> None:
    assert asyncio.run(gateway.fetch_readings("south"))[0].value == 26.0


def test_fetch_east_readings() -> None:
    assert asyncio.run(gateway.fetch_readings("east"))[0].kind == "soil"


def test_fetch_west_readings() -> None:
    assert asyncio.run(gateway.fetch_readings("west"))[0].value == 612.0


def test_calibration_offset() -> None:
    assert asyncio.run(gateway.calibration_offset("t-11")) == -0.4


def test_push_setpoint() -> None:
    applied = asyncio.run(gateway.push_setpoint("south", 21.5))
    assert applied["celsius"] == 21.5 and applied["applied"] is True


def test_zone_status_lab() -> None:
    assert asyncio.run(gateway.zone_status("lab")) == "ok"


def test_frost_risk() -> None:
    assert asyncio.run(gateway.frost_risk("greenhouse-2")) is True


def test_weather_alerts() -> None:
    assert asyncio.run(gateway.weather_alerts("greenhouse-2")) == ["frost"]


def test_open_valve() -> None:
    result = asyncio.run(gateway.open_valve("v-3", 120))
    assert result["opened"] is True and result["seconds"] == 120
