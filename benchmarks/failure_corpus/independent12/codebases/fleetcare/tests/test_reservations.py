import pytest
from sqlalchemy import Connection, func, insert, select
from sqlalchemy.exc import IntegrityError

from fleetcare.db import part_reservations
from fleetcare.orders import open_orders


@pytest.fixture
def order_id(seeded: Connection, roster: dict[str, list[str]]) -> int:
    return open_orders(seeded, [("WVN0001", "oil_change", 15_000)], roster)[0]


@pytest.mark.parametrize("sku,qty", [("OIL-5W30", 5), ("FLT-OIL-22", 1), ("GSK-110", 2)])
def test_reserve_part(seeded: Connection, order_id: int, sku: str, qty: int) -> None:
    seeded.execute(insert(part_reservations).values(order_id=order_id, sku=sku, qty=qty,
                                                    unit_price_cents=450))
    total = seeded.execute(select(func.sum(part_reservations.c.qty))).scalar_one()
    assert total == qty


def test_zero_quantity_is_rejected(seeded: Connection, order_id: int) -> None:
    with pytest.raises(IntegrityError):
        seeded.execute(insert(part_reservations).values(order_id=order_id, sku="X", qty=0,
                                                        unit_price_cents=1))


def test_reservation_needs_an_order(seeded: Connection) -> None:
    with pytest.raises(IntegrityError):
        seeded.execute(insert(part_reservations).values(order_id=999, sku="X", qty=1,
                                                        unit_price_cents=1))
