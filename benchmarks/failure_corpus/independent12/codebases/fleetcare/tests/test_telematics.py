from typing import Any

import pytest
from sqlalchemy import Connection

from fleetcare.db import odometer, set_odometer
from fleetcare.telematics import sync_odometers

VINS = ["WVN0001", "WVN0002", "WTR0003", "WTR0004"]


@pytest.mark.parametrize("vin", VINS)
def test_reading(telematics: Any, vin: str) -> None:
    km, taken = telematics.reading(vin)
    assert 10_000 <= km < 200_000
    assert taken.year == 2026


def test_sync_stores_newer_readings(seeded: Connection, telematics: Any) -> None:
    driven = sync_odometers(seeded, telematics, VINS)
    for vin in VINS:
        assert odometer(seeded, vin) >= 14_200
        assert driven[vin] >= 0


def test_sync_never_lowers_odometer(seeded: Connection, telematics: Any) -> None:
    km, _ = telematics.reading("WVN0001")
    set_odometer(seeded, "WVN0001", km + 500)
    assert sync_odometers(seeded, telematics, ["WVN0001"]) == {"WVN0001": 0}
    assert odometer(seeded, "WVN0001") == km + 500
