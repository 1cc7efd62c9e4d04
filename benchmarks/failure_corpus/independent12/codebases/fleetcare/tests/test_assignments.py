import pytest
from sqlalchemy import Connection

from fleetcare.db import add_vehicle
from fleetcare.orders import open_order_rows, open_orders


@pytest.fixture
def south(conn: Connection) -> Connection:
    for i in range(4):
        add_vehicle(conn, f"SVN{i:04d}", "SOUTH", "van", 9_000 + i * 1_000)
    return conn


@pytest.mark.parametrize("index", range(4))
def test_south_vehicle_gets_a_technician(south: Connection, roster: dict[str, list[str]],
                                         index: int) -> None:
    open_orders(south, [(f"SVN{index:04d}", "tyre_rotation", 10_000 * (index + 1))], roster)
    ((_, _, _, _, tech),) = open_order_rows(south, f"SVN{index:04d}")
    assert tech in {"eli", "fay"}


def test_south_orders_alternate_technicians(south: Connection,
                                            roster: dict[str, list[str]]) -> None:
    plan = [(f"SVN{i:04d}", "oil_change", 15_000) for i in range(4)]
    open_orders(south, plan, roster)
    techs = [row[4] for row in open_order_rows(south)]
    assert techs.count("eli") == techs.count("fay") == 2
