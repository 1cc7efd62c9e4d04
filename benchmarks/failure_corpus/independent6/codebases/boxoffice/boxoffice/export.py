"""Exports of an event's orders for the hall and ticket rendering by a child process."""

from __future__ import annotations

import csv
import os
import sqlite3
import subprocess
import sys
from pathlib import Path


def export_dir() -> Path:
    return Path(os.environ["BOXOFFICE_EXPORT_DIR"])


def export_orders(conn: sqlite3.Connection, event_id: int) -> Path:
    """Write the event's orders as CSV for the hall's front desk."""
    path = export_dir() / f"event-{event_id}.csv"
    rows = conn.execute(
        "SELECT id, customer, tier, seats, total_cents FROM orders WHERE event_id = ? "
        "ORDER BY id",
        (event_id,),
    ).fetchall()
    with path.open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["order", "customer", "tier", "seats", "total_cents"])
        writer.writerows(tuple(row) for row in rows)
    return path


def render_tickets(order_id: int, labels: list[str]) -> list[Path]:
    """Render one ticket file per seat with `python -m boxoffice.render`."""
    out = export_dir() / "tickets"
    out.mkdir(exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "boxoffice.render", str(order_id), ",".join(labels), str(out)],
        check=True,
        capture_output=True,
        text=True,
        timeout=20,
    )
    return sorted(out.glob(f"{order_id}-*.txt"))
