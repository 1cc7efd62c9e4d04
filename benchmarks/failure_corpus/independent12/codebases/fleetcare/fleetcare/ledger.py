"""The shared maintenance history: completions recorded by every depot's scheduler."""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import (
    Column,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    delete,
    func,
    insert,
    select,
)
from sqlalchemy.exc import OperationalError

from fleetcare.errors import LedgerError

log = logging.getLogger(__name__)

metadata = MetaData()
history = Table(
    "history", metadata,
    Column("ref", String, primary_key=True),
    Column("vin", String, nullable=False),
    Column("task", String, nullable=False),
    Column("cost_cents", Integer, nullable=False),
)


def open_ledger(path: Path) -> Engine:
    """The history database (created when missing); waits briefly on another writer's lock."""
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": 0.3})
    metadata.create_all(engine)
    return engine


def record_completion(engine: Engine, ref: str, vin: str, task: str, cost_cents: int) -> None:
    """Record one completed work order."""
    try:
        with engine.begin() as conn:
            conn.execute(insert(history).values(ref=ref, vin=vin, task=task,
                                                cost_cents=cost_cents))
    except OperationalError as exc:
        raise LedgerError(f"could not record {ref}") from exc


def cost_per_vehicle(engine: Engine, refs: list[str]) -> dict[str, int]:
    """Total cost per vehicle of the given completions."""
    with engine.connect() as conn:
        rows = conn.execute(select(history.c.vin, func.sum(history.c.cost_cents))
                            .where(history.c.ref.in_(refs)).group_by(history.c.vin)).all()
    return {vin: int(total) for vin, total in rows}


def forget(engine: Engine, refs: list[str]) -> None:
    """Remove completions (used when a depot's run is rolled back)."""
    with engine.begin() as conn:
        conn.execute(delete(history).where(history.c.ref.in_(refs)))
