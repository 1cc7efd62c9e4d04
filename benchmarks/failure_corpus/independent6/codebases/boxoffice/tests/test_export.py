from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

from boxoffice.export import export_orders, render_tickets
from boxoffice.orders import place_order, tickets_of


def test_export_orders_csv(conn: sqlite3.Connection, event: int) -> None:
    place_order(conn, event, "ned@example.org", "standard", 2)
    place_order(conn, event, "oda@example.org", "premium", 1)
    with export_orders(conn, event).open() as fh:
        rows = list(csv.DictReader(fh))
    assert [r["customer"] for r in rows] == ["ned@example.org", "oda@example.org"]


def test_export_empty_event(conn: sqlite3.Connection, event: int, export_dir: Path) -> None:
    path = export_orders(conn, event)
    assert path.parent == export_dir
    assert path.read_text().splitlines() == ["order,customer,tier,seats,total_cents"]


def test_render_tickets(conn: sqlite3.Connection, event: int) -> None:
    order = place_order(conn, event, "pia@example.org", "standard", 3)
    files = render_tickets(order, tickets_of(conn, order))
    assert len(files) == 3
    assert files[0].read_text().startswith(f"ORDER {order}")


def test_render_single_ticket(export_dir: Path) -> None:
    files = render_tickets(7001, ["C9"])
    assert [f.name for f in files] == ["7001-C9.txt"]
    assert (export_dir / "tickets").is_dir()
