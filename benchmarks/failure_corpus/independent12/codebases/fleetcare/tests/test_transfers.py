import pytest
from sqlalchemy import Connection

from fleetcare.db import add_vehicle, fleet


@pytest.mark.parametrize("vin,model,km", [
    ("EVN0001", "van", 1_200), ("EVN0002", "van", 48_000), ("ETR0003", "truck", 230_000),
    ("ETR0004", "truck", 7_500),
])
def test_vehicle_joins_east_depot(conn: Connection, vin: str, model: str, km: int) -> None:
    add_vehicle(conn, vin, "EAST", model, km)
    assert fleet(conn, "EAST") == [(vin, model, km)]


def test_east_depot_fleet_listing(conn: Connection) -> None:
    add_vehicle(conn, "EVN0009", "EAST", "van", 5)
    add_vehicle(conn, "EVN0008", "EAST", "van", 6)
    assert [v for v, _, _ in fleet(conn, "EAST")] == ["EVN0008", "EVN0009"]
