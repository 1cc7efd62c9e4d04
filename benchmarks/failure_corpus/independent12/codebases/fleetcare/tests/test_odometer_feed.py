from typing import Any

import pytest
from sqlalchemy import Connection

from fleetcare.db import add_vehicle, odometer
from fleetcare.telematics import sync_odometers

FEED_VINS = ["FDV0001", "FDV0002", "FDV0003", "FDV0004"]


@pytest.mark.parametrize("vin", FEED_VINS)
def test_feed_vehicle_synced(conn: Connection, telematics: Any, vin: str) -> None:
    add_vehicle(conn, vin, "NORTH", "van", 0)
    driven = sync_odometers(conn, telematics, [vin])
    assert driven[vin] == odometer(conn, vin) > 0
