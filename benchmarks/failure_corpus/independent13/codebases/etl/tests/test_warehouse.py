"""Loading the warehouse and the marts."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from etljob import config, readers
from etljob.warehouse import Marts, Warehouse


def test_load_day2(tmp_path: Path, data: Path) -> None:
    wh = Warehouse(str(tmp_path / "wh.db"))
    assert wh.load_orders(readers.read_orders(data / "orders_day2.csv")) == 3
    assert wh.revenue() == Decimal("33.00")


def test_load_customers(tmp_path: Path, data: Path) -> None:
    wh = Warehouse(str(tmp_path / "wh.db"))
    wh.load_customers(json.loads((data / "customers.json").read_text(encoding="utf-8")))
    assert wh.row_count("customers") == 3


def test_row_count_empty(tmp_path: Path) -> None:
    assert Warehouse(str(tmp_path / "wh.db")).row_count("orders") == 0


def test_shared_warehouse_load(data: Path) -> None:
    wh = Warehouse(str(config.state() / "warehouse.db"))
    stamp = datetime.now().strftime("%H%M%S%f")
    wh.load_orders([{"order_no": f"S-{stamp}-{i}", "customer": "acme", "amount": Decimal("5.00"),
                     "placed_at": "2026-11-02T10:00:00"} for i in range(3)])
    assert wh.revenue() >= Decimal("15.00")


def test_shared_warehouse_count() -> None:
    wh = Warehouse(str(config.state() / "warehouse.db"))
    assert wh.row_count("customers") >= 0


def test_marts_refresh() -> None:
    marts = Marts(str(config.state() / "marts.db"))
    marts.refresh("2026-11-02", Decimal("135.51"), 3)
    assert marts.orders_on("2026-11-02") == 3
