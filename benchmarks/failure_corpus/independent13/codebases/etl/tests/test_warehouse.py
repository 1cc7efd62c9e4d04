"""Loading the warehouse and the marts."""

from __future__ import annotations

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
    wh.load_customers(readers.read_customers(data / "customers.json"))
    assert wh.row_count("customers") == 3


def test_row_count_empty(tmp_path: Path) -> None:
    assert Warehouse(str(tmp_path / "wh.db")).row_count("orders") == 0


def test_shared_warehouse_load(data: Path) -> None:
    wh = Warehouse(str(config.state() / "warehouse.db"))
    wh.load_orders([dict(r, order_no=r["order_no"] + "-S") for r in readers.read_orders(data / "orders.csv")])
    assert wh.revenue() >= Decimal("142.75")


def test_shared_warehouse_count() -> None:
    wh = Warehouse(str(config.state() / "warehouse.db"))
    assert wh.row_count("customers") >= 0


def test_marts_refresh() -> None:
    marts = Marts(str(config.state() / "marts.db"))
    marts.refresh("2026-11-02", Decimal("135.51"), 3)
    assert marts.orders_on("2026-11-02") == 3
