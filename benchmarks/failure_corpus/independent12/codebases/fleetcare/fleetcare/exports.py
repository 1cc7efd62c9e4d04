"""CSV exports of work orders for the depots, compressed by a child process."""

from __future__ import annotations

import csv
import logging
import subprocess
from pathlib import Path

from sqlalchemy import Connection, select

from fleetcare.db import vehicles, work_orders

log = logging.getLogger(__name__)

COLUMNS = ("order_id", "vin", "depot", "task", "due_km", "technician")


def order_rows(conn: Connection, depot: str) -> list[dict[str, object]]:
    """The depot's open work orders as export rows, by due distance."""
    query = (select(work_orders.c.id, work_orders.c.vin, vehicles.c.depot, work_orders.c.task,
                    work_orders.c.due_km, work_orders.c.technician)
             .join(vehicles, vehicles.c.vin == work_orders.c.vin)
             .where(vehicles.c.depot == depot, work_orders.c.state == "open")
             .order_by(work_orders.c.due_km, work_orders.c.id))
    return [{"order_id": r.id, "vin": r.vin, "depot": r.depot, "task": r.task,
             "due_km": r.due_km, "technician": r.technician} for r in conn.execute(query)]


def export_csv(rows: list[dict[str, object]], path: Path) -> int:
    """Write the rows to a CSV file; returns the bytes written."""
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
        handle.flush()
        size = handle.tell()
    log.info("exported %d rows to %s", len(rows), path)
    return size


def compress(path: Path) -> Path:
    """Gzip the export next to itself (keeping the original)."""
    subprocess.run(["gzip", "-kf", str(path)], check=True, capture_output=True)
    return path.with_name(path.name + ".gz")
