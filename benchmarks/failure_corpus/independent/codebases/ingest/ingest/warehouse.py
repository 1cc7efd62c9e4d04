"""The sales warehouse (SQLite file provisioned by the data platform)."""

from __future__ import annotations

import logging
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

from ingest.errors import WarehouseBusy, WarehouseError

log = logging.getLogger(__name__)


class Warehouse:
    def __init__(self, path: Path, busy_timeout: float = 0.3) -> None:
        self.path = path
        try:
            self.conn = sqlite3.connect(path, timeout=busy_timeout, isolation_level=None)
            self.conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.OperationalError as exc:
            raise WarehouseBusy(f"cannot open warehouse {path}: {exc}") from exc

    def close(self) -> None:
        self.conn.close()

    def _write(self, statement: str, rows: Iterable[tuple]) -> int:
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            count = 0
            for row in rows:
                self.conn.execute(statement, row)
                count += 1
            self.conn.execute("COMMIT")
            return count
        except sqlite3.OperationalError as exc:
            self._rollback()
            if "locked" in str(exc) or "unable to open" in str(exc):
                raise WarehouseBusy(f"warehouse {self.path} busy: {exc}") from exc
            raise WarehouseError(f"{exc} in: {statement.split('(')[0].strip()}") from exc
        except sqlite3.IntegrityError:
            self._rollback()
            raise

    def _rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def insert_orders(self, events: Iterable) -> int:
        return self._write(
            "INSERT INTO orders (event_id, occurred_at, customer_id, amount_eur, channel) "
            "VALUES (?, ?, ?, ?, ?)",
            ((str(e.event_id), e.occurred_at.isoformat(), e.customer_id, str(e.amount_eur),
              e.channel.value) for e in events))

    def insert_shipments(self, shipments: Iterable[dict]) -> int:
        return self._write(
            "INSERT INTO shipments (shipment_id, event_id, carrier, parcels) VALUES (?, ?, ?, ?)",
            ((s["shipment_id"], s["event_id"], s["carrier"], s["parcels"]) for s in shipments))

    def count(self, table: str) -> int:
        return self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]

    def totals_by_channel(self) -> dict[str, Decimal]:
        totals: dict[str, Decimal] = defaultdict(Decimal)
        for channel, amount in self.conn.execute("SELECT channel, amount_eur FROM orders"):
            totals[channel] += Decimal(amount)
        return dict(totals)

    def daily_totals(self, first_day: str, last_day: str) -> dict[str, Decimal]:
        """EUR revenue per day (YYYY-MM-DD), both ends included."""
        totals: dict[str, Decimal] = defaultdict(Decimal)
        rows = self.conn.execute("SELECT substr(occurred_at, 1, 10), amount_eur FROM orders")
        for day, amount in rows:
            if first_day <= day <= last_day:
                totals[day] += Decimal(amount)
        return dict(sorted(totals.items()))

    def clear(self) -> None:
        self.conn.execute("DELETE FROM shipments")
        self.conn.execute("DELETE FROM orders")
