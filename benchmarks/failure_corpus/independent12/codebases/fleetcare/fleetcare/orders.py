"""Work orders: opening them for planned tasks, assigning technicians, priorities."""

from __future__ import annotations

import csv
import logging
from pathlib import Path

from sqlalchemy import Connection, insert, select, update

from fleetcare.db import vehicles, work_orders

log = logging.getLogger(__name__)


def load_roster(path: Path) -> dict[str, list[str]]:
    """Technicians per depot from the roster CSV (``depot,technician``)."""
    roster: dict[str, list[str]] = {}
    with path.open(newline="") as handle:
        for row in csv.DictReader(handle):
            roster.setdefault(row["depot"], []).append(row["technician"])
    return roster


def pick_technician(roster: dict[str, list[str]], depot: str, load: dict[str, int]) -> str | None:
    """The depot's least-loaded technician, or None when the depot has nobody rostered."""
    staff = roster.get(depot, [])
    if not staff:
        log.warning("no technician rostered at depot %s", depot)
        return None
    return min(staff, key=lambda name: (load.get(name, 0), name))


def open_orders(conn: Connection, plan: list[tuple[str, str, int]],
                roster: dict[str, list[str]]) -> list[int]:
    """Open one work order per planned ``(vin, task, due_km)`` and return their ids."""
    depot_of = dict(conn.execute(select(vehicles.c.vin, vehicles.c.depot)).all())
    load: dict[str, int] = {}
    ids: list[int] = []
    for vin, task, due_km in plan:
        technician = pick_technician(roster, depot_of[vin], load)
        if technician is not None:
            load[technician] = load.get(technician, 0) + 1
        result = conn.execute(insert(work_orders).values(
            vin=vin, task=task, due_km=due_km, technician=technician, state="open"))
        ids.append(int(result.inserted_primary_key[0]))
    return ids


OrderRow = tuple[int, str, str, int, str]


def open_order_rows(conn: Connection, vin: str | None = None) -> list[OrderRow]:
    """``(id, vin, task, due_km, technician)`` of the open work orders."""
    query = select(work_orders.c.id, work_orders.c.vin, work_orders.c.task,
                   work_orders.c.due_km, work_orders.c.technician).where(
        work_orders.c.state == "open").order_by(work_orders.c.due_km, work_orders.c.id)
    if vin is not None:
        query = query.where(work_orders.c.vin == vin)
    return [tuple(row) for row in conn.execute(query)]  # type: ignore[misc]


def set_priority(conn: Connection, order_id: int, priority: int) -> None:
    """Give a work order a priority (1 is the most urgent)."""
    if not 1 <= priority <= 5:
        raise ValueError(f"priority must be 1..5, got {priority}")
    conn.execute(update(work_orders).where(work_orders.c.id == order_id).values(priority=priority))


def by_priority(conn: Connection) -> list[tuple[int, int]]:
    """``(id, priority)`` of open orders, most urgent first, then by due distance."""
    query = select(work_orders.c.id, work_orders.c.priority).where(
        work_orders.c.state == "open").order_by(
        work_orders.c.priority, work_orders.c.due_km, work_orders.c.id)
    return [(r.id, r.priority) for r in conn.execute(query)]
