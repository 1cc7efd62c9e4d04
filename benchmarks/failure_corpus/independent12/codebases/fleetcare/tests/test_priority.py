import pytest
from sqlalchemy import Connection

from fleetcare.orders import by_priority, open_orders, set_priority

PLAN = [("WVN0001", "oil_change", 15_000), ("WVN0002", "oil_change", 30_000),
        ("WTR0003", "brake_check", 90_000)]


@pytest.mark.parametrize("urgent", [0, 1, 2])
def test_urgent_order_comes_first(seeded: Connection, roster: dict[str, list[str]],
                                  urgent: int) -> None:
    ids = open_orders(seeded, PLAN, roster)
    set_priority(seeded, ids[urgent], 1)
    assert by_priority(seeded)[0] == (ids[urgent], 1)


def test_default_priority_orders_by_due(seeded: Connection, roster: dict[str, list[str]]) -> None:
    ids = open_orders(seeded, PLAN, roster)
    assert [i for i, _ in by_priority(seeded)] == ids


def test_priority_out_of_range(seeded: Connection, roster: dict[str, list[str]]) -> None:
    (order_id,) = open_orders(seeded, PLAN[:1], roster)
    with pytest.raises(ValueError):
        set_priority(seeded, order_id, 9)
