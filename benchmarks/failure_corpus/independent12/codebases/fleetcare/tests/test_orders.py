import pytest
from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from fleetcare.orders import open_order_rows, open_orders, pick_technician


def test_orders_go_to_least_loaded_technician(seeded: Connection,
                                               roster: dict[str, list[str]]) -> None:
    plan = [("WVN0001", "oil_change", 15_000), ("WVN0002", "oil_change", 30_000),
            ("WVN0001", "tyre_rotation", 20_000)]
    open_orders(seeded, plan, roster)
    techs = [row[4] for row in open_order_rows(seeded)]
    assert techs == ["ana", "ana", "ben"]


@pytest.mark.parametrize("vin,task,due,tech", [
    ("WVN0001", "oil_change", 15_000, "ana"), ("WTR0003", "brake_check", 90_000, "chen"),
    ("WTR0004", "timing_belt", 120_000, "chen"),
])
def test_open_single_order(seeded: Connection, roster: dict[str, list[str]],
                           vin: str, task: str, due: int, tech: str) -> None:
    (order_id,) = open_orders(seeded, [(vin, task, due)], roster)
    assert open_order_rows(seeded, vin) == [(order_id, vin, task, due, tech)]


def test_same_task_twice_is_rejected(seeded: Connection, roster: dict[str, list[str]]) -> None:
    open_orders(seeded, [("WVN0001", "oil_change", 15_000)], roster)
    with pytest.raises(IntegrityError):
        open_orders(seeded, [("WVN0001", "oil_change", 15_000)], roster)


def test_pick_technician_spreads_load(roster: dict[str, list[str]]) -> None:
    load = {"chen": 2}
    assert pick_technician(roster, "WEST", load) == "dara"
