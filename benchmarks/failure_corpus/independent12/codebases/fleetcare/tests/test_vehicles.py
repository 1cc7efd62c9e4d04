import pytest
from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from fleetcare.db import add_vehicle, fleet, odometer, set_odometer


def test_seeded_fleet_is_listed_by_vin(seeded: Connection) -> None:
    assert [v for v, _, _ in fleet(seeded)] == ["WTR0003", "WTR0004", "WVN0001", "WVN0002"]


@pytest.mark.parametrize("depot,count", [("NORTH", 2), ("WEST", 2), ("SOUTH", 0)])
def test_fleet_of_one_depot(seeded: Connection, depot: str, count: int) -> None:
    assert len(fleet(seeded, depot)) == count


def test_odometer_update(seeded: Connection) -> None:
    set_odometer(seeded, "WVN0001", 15_000)
    assert odometer(seeded, "WVN0001") == 15_000


def test_negative_odometer_is_rejected(conn: Connection) -> None:
    with pytest.raises(IntegrityError):
        add_vehicle(conn, "WBAD001", "NORTH", "van", -5)


def test_vehicle_at_unknown_depot_is_rejected(conn: Connection) -> None:
    with pytest.raises(IntegrityError):
        add_vehicle(conn, "WBAD002", "MOON", "van", 100)
