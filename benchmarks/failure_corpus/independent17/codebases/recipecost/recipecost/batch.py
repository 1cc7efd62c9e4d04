"""Nightly recost of planned production batches, under the batch role."""

from __future__ import annotations

import logging

import psycopg

from recipecost.costing import recipe_cost
from recipecost.portions import per_portion

log = logging.getLogger(__name__)


class BatchLocked(Exception):
    """Another cook holds the batch."""


def recost_planned(dsn: str) -> int:
    """Write the current unit cost on every planned batch; return how many changed."""
    with psycopg.connect(dsn, connect_timeout=2) as conn:
        rows = conn.execute(
            "SELECT b.id, r.name, r.portions FROM production_batches b "
            "JOIN recipes r ON r.id = b.recipe_id WHERE b.status = 'planned'").fetchall()
        for batch_id, name, portions in rows:
            cost = per_portion(recipe_cost(conn, name), portions)
            conn.execute("UPDATE production_batches SET unit_cost = %s WHERE id = %s",
                         (cost, batch_id))
    return len(rows)


def reserve_batch(dsn: str, batch_id: int, cook: str) -> str:
    """Mark a batch as taken by a cook, waiting at most a second for its row lock."""
    with psycopg.connect(dsn, connect_timeout=2) as conn:
        conn.execute("SET lock_timeout = '1s'")
        try:
            conn.execute("SELECT id FROM production_batches WHERE id = %s FOR UPDATE",
                         (batch_id,))
        except psycopg.errors.LockNotAvailable as exc:
            log.error("batch %s is locked by another session", batch_id)
            raise BatchLocked(f"batch {batch_id} is being reserved elsewhere") from exc
        conn.execute("UPDATE production_batches SET reserved_by = %s, status = 'reserved' "
                     "WHERE id = %s", (cook, batch_id))
    return cook
