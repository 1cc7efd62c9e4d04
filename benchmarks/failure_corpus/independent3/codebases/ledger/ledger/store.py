"""The ledger database: SQLite in WAL mode, schema from the numbered files under schema/."""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ledger.errors import OutOfStock, StoreUnavailable

SCHEMA = Path(__file__).resolve().parent.parent / "schema"
SIGNS = {"receipt": 1, "shipment": -1, "adjustment": 1}


@dataclass(frozen=True)
class Movement:
    id: int
    sku: str
    kind: str
    qty: int
    at: str
    reason: str


def connect(path: Path) -> sqlite3.Connection:
    """Open the ledger database; StoreUnavailable when the file cannot be opened."""
    try:
        conn = sqlite3.connect(path, timeout=0.3, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA foreign_keys=ON")
    except sqlite3.OperationalError as exc:
        raise StoreUnavailable(f"cannot open ledger database {path}: {exc}") from exc
    conn.row_factory = sqlite3.Row
    return conn


def migrate(conn: sqlite3.Connection, upto: int | None = None) -> None:
    """Apply the schema files in order (all of them unless ``upto`` is given)."""
    for n, script in enumerate(sorted(SCHEMA.glob("*.sql")), start=1):
        if upto is None or n <= upto:
            conn.executescript(script.read_text())


def new_sku(name: str) -> str:
    return f"SKU-{uuid.uuid4().hex[:8].upper()}"


def add_item(conn: sqlite3.Connection, name: str, unit_cents: int,
             reorder_point: int = 0) -> str:
    sku = new_sku(name)
    conn.execute("INSERT INTO items (sku, name, unit_cents, reorder_point) VALUES (?, ?, ?, ?)",
                 (sku, name, unit_cents, reorder_point))
    return sku


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def record(conn: sqlite3.Connection, sku: str, kind: str, qty: int, reason: str = "") -> int:
    """Insert one movement; StoreUnavailable when the database refuses the write."""
    try:
        cur = conn.execute(
            "INSERT INTO movements (sku, kind, qty, at, reason) VALUES (?, ?, ?, ?, ?)",
            (sku, kind, qty, _now(), reason))
    except sqlite3.OperationalError as exc:
        raise StoreUnavailable(f"cannot record {kind} of {sku}: {exc}") from exc
    return int(cur.lastrowid or 0)


def receive(conn: sqlite3.Connection, sku: str, qty: int) -> int:
    return record(conn, sku, "receipt", qty)


def ship(conn: sqlite3.Connection, sku: str, qty: int) -> int:
    available = on_hand(conn, sku)
    if qty > available:
        raise OutOfStock(f"{sku}: {qty} requested, {available} on hand")
    return record(conn, sku, "shipment", qty)


def adjust(conn: sqlite3.Connection, sku: str, delta: int, reason: str) -> int:
    """A stock-take correction; negative deltas are recorded as shipments."""
    if delta < 0:
        return record(conn, sku, "shipment", -delta, reason)
    return record(conn, sku, "adjustment", delta, reason)


def on_hand(conn: sqlite3.Connection, sku: str) -> int:
    rows = conn.execute("SELECT kind, qty FROM movements WHERE sku = ?", (sku,)).fetchall()
    return sum(SIGNS[row["kind"]] * row["qty"] for row in rows)


def history(conn: sqlite3.Connection, sku: str) -> list[Movement]:
    rows = conn.execute("SELECT id, sku, kind, qty, at, reason FROM movements WHERE sku = ? "
                        "ORDER BY at, id", (sku,)).fetchall()
    return [Movement(**dict(row)) for row in rows]


def valuation(conn: sqlite3.Connection) -> int:
    """Value of the stock on hand in cents."""
    prices = {row["sku"]: row["unit_cents"]
              for row in conn.execute("SELECT sku, unit_cents FROM items")}
    return sum(on_hand(conn, sku) * cents for sku, cents in prices.items())


def below_reorder_point(conn: sqlite3.Connection) -> list[str]:
    """SKUs whose stock fell below their reorder point."""
    rows = conn.execute("SELECT sku, reorder_point FROM items ORDER BY sku").fetchall()
    return [row["sku"] for row in rows if on_hand(conn, row["sku"]) < row["reorder_point"]]
