import sqlite3
import uuid
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from ingest.contracts import Channel
from ingest.pipeline import LoadedOrder


def order(day: int, amount: str, channel=Channel.WEB, customer=1):
    return LoadedOrder(uuid.uuid4(), datetime(2026, 1, day, 12, tzinfo=UTC), customer,
                       Decimal(amount), channel)


def test_insert_orders_roundtrip(warehouse):
    assert warehouse.insert_orders([order(5, "10.00"), order(6, "2.50")]) == 2
    assert warehouse.count("orders") == 2


def test_daily_totals(warehouse):
    warehouse.insert_orders([order(4, "1.00"), order(5, "10.00"), order(5, "5.00"),
                             order(6, "2.50"), order(7, "9.99")])
    assert warehouse.daily_totals("2026-01-05", "2026-01-06") == {
        "2026-01-05": Decimal("15.00"), "2026-01-06": Decimal("2.50")}


def test_channel_breakdown(warehouse):
    warehouse.insert_orders([order(5, "10.00"), order(5, "4.00", Channel.APP),
                             order(5, "1.00", Channel.STORE)])
    assert warehouse.totals_by_channel() == {"web": Decimal("10.00"), "app": Decimal("4.00"),
                                             "store": Decimal("1.00")}


def test_shipments_insert(warehouse):
    placed = order(5, "3.00")
    warehouse.insert_orders([placed])
    shipment = {"shipment_id": "SHP-00000001", "event_id": str(placed.event_id),
                "carrier": "dhl", "parcels": 1}
    assert warehouse.insert_shipments([shipment]) == 1


def test_foreign_key_enforced(warehouse):
    orphan = {"shipment_id": "SHP-00000002", "event_id": str(uuid.uuid4()), "carrier": "ups",
              "parcels": 1}
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        warehouse.insert_shipments([orphan])
