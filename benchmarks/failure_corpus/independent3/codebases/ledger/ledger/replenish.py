"""Replenishment: queue reorders for items below their reorder point, place them."""

from __future__ import annotations

import sqlite3

import redis

from ledger import reorders
from ledger.store import below_reorder_point, on_hand
from ledger.supplier import ReorderAck, SupplierClient


def plan(conn: sqlite3.Connection, client: redis.Redis, batch: int = 10) -> list[str]:
    """Queue a reorder of enough units to reach ``reorder_point + batch`` for each low item."""
    queued = []
    for sku in below_reorder_point(conn):
        point = conn.execute("SELECT reorder_point FROM items WHERE sku = ?",
                             (sku,)).fetchone()[0]
        reorders.enqueue(client, sku, point + batch - on_hand(conn, sku))
        queued.append(sku)
    return queued


def place(client: redis.Redis, supplier: SupplierClient) -> list[ReorderAck]:
    """Place every queued reorder with the supplier."""
    return [supplier.reorder(item["sku"], item["qty"]) for item in reorders.drain(client)]
