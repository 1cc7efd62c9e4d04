"""The fleet database: migrations and SQLAlchemy Core tables over SQLite."""

from __future__ import annotations

import csv
import logging
from pathlib import Path

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    event,
    insert,
    select,
    text,
    update,
)

log = logging.getLogger(__name__)

MIGRATIONS: list[tuple[str, list[str]]] = [
    ("0001", [
        "CREATE TABLE depots (code TEXT PRIMARY KEY, name TEXT NOT NULL)",
        "CREATE TABLE vehicles (vin TEXT PRIMARY KEY,"
        " depot TEXT NOT NULL REFERENCES depots(code), model TEXT NOT NULL,"
        " odometer_km INTEGER NOT NULL CHECK (odometer_km >= 0),"
        " status TEXT NOT NULL DEFAULT 'active')",
    ]),
    ("0002", [
        "CREATE TABLE work_orders (id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " vin TEXT NOT NULL REFERENCES vehicles(vin), task TEXT NOT NULL,"
        " due_km INTEGER NOT NULL, technician TEXT NOT NULL,"
        " state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'reserved', 'done')),"
        " UNIQUE (vin, task, due_km))",
    ]),
    ("0003", ["ALTER TABLE work_orders ADD COLUMN priority INTEGER NOT NULL DEFAULT 3"]),
    ("0004", [
        "CREATE TABLE part_reservations (id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " order_id INTEGER NOT NULL REFERENCES work_orders(id), sku TEXT NOT NULL,"
        " qty INTEGER NOT NULL CHECK (qty > 0), unit_price_cents INTEGER NOT NULL,"
        " supplier_ref TEXT)",
    ]),
    ("0005", [
        "CREATE TABLE inspections (id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " vin TEXT NOT NULL REFERENCES vehicles(vin), inspected_on TEXT NOT NULL,"
        " severity TEXT NOT NULL, defects TEXT NOT NULL)",
    ]),
]

metadata = MetaData()
depots = Table("depots", metadata, Column("code", String, primary_key=True),
               Column("name", String, nullable=False))
vehicles = Table(
    "vehicles", metadata,
    Column("vin", String, primary_key=True),
    Column("depot", String, ForeignKey("depots.code"), nullable=False),
    Column("model", String, nullable=False),
    Column("odometer_km", Integer, nullable=False),
    Column("status", String, nullable=False),
)
work_orders = Table(
    "work_orders", metadata,
    Column("id", Integer, primary_key=True),
    Column("vin", String, ForeignKey("vehicles.vin"), nullable=False),
    Column("task", String, nullable=False),
    Column("due_km", Integer, nullable=False),
    Column("technician", String, nullable=False),
    Column("state", String, nullable=False),
    Column("priority", Integer, nullable=False),
)
part_reservations = Table(
    "part_reservations", metadata,
    Column("id", Integer, primary_key=True),
    Column("order_id", Integer, ForeignKey("work_orders.id"), nullable=False),
    Column("sku", String, nullable=False),
    Column("qty", Integer, nullable=False),
    Column("unit_price_cents", Integer, nullable=False),
    Column("supplier_ref", String),
)
inspections = Table(
    "inspections", metadata,
    Column("id", Integer, primary_key=True),
    Column("vin", String, ForeignKey("vehicles.vin"), nullable=False),
    Column("inspected_on", String, nullable=False),
    Column("severity", String, nullable=False),
    Column("defects", String, nullable=False),
)


def make_engine(path: Path) -> Engine:
    """An engine on a SQLite file with foreign keys enforced."""
    engine = create_engine(f"sqlite:///{path}")

    @event.listens_for(engine, "connect")
    def _fk_on(dbapi_conn: object, _record: object) -> None:
        cursor = dbapi_conn.cursor()  # type: ignore[attr-defined]
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    return engine


def migrate(engine: Engine, skip: frozenset[str] = frozenset()) -> list[str]:
    """Apply the migrations not yet applied (except those the deployment skips)."""
    applied: list[str] = []
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE IF NOT EXISTS schema_version (id TEXT PRIMARY KEY)"))
        done = {row[0] for row in conn.execute(text("SELECT id FROM schema_version"))}
        for mig_id, statements in MIGRATIONS:
            if mig_id in done or mig_id in skip:
                continue
            for statement in statements:
                conn.execute(text(statement))
            conn.execute(text("INSERT INTO schema_version (id) VALUES (:id)"), {"id": mig_id})
            applied.append(mig_id)
    log.info("applied migrations %s", applied)
    return applied


def load_depots(conn: Connection, path: Path) -> int:
    """Load the depot reference list (``code,name`` CSV)."""
    with path.open(newline="") as handle:
        rows = [{"code": r["code"], "name": r["name"]} for r in csv.DictReader(handle)]
    if rows:
        conn.execute(insert(depots), rows)
    return len(rows)


def add_vehicle(conn: Connection, vin: str, depot: str, model: str, odometer_km: int) -> None:
    """Register a vehicle at a depot."""
    conn.execute(insert(vehicles).values(
        vin=vin, depot=depot, model=model, odometer_km=odometer_km, status="active"))


def set_odometer(conn: Connection, vin: str, odometer_km: int) -> None:
    """Record a new odometer reading."""
    conn.execute(update(vehicles).where(vehicles.c.vin == vin).values(odometer_km=odometer_km))


def odometer(conn: Connection, vin: str) -> int:
    """The vehicle's last recorded odometer reading."""
    value = conn.execute(select(vehicles.c.odometer_km).where(vehicles.c.vin == vin)).scalar_one()
    return int(value)


def fleet(conn: Connection, depot: str | None = None) -> list[tuple[str, str, int]]:
    """``(vin, model, odometer_km)`` of the active vehicles, optionally of one depot."""
    query = select(vehicles.c.vin, vehicles.c.model, vehicles.c.odometer_km).where(
        vehicles.c.status == "active").order_by(vehicles.c.vin)
    if depot is not None:
        query = query.where(vehicles.c.depot == depot)
    return [(r.vin, r.model, r.odometer_km) for r in conn.execute(query)]
