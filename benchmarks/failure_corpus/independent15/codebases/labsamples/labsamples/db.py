"""PostgreSQL through asyncpg, one DSN per role (tracker, results, viewer, audit)."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Any

import asyncpg

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


class SampleError(Exception):
    """A tracker operation that was refused."""


def dsn(setting: str = "LS_DSN") -> str:
    return os.environ.get(setting, "postgresql://ls_app:ls-app-pass@127.0.0.1:55415/ls")


async def connect(setting: str = "LS_DSN") -> asyncpg.Connection:
    return await asyncpg.connect(dsn(setting), timeout=3)


async def migrate(url: str) -> None:
    conn = await asyncpg.connect(url)
    try:
        for path in sorted(MIGRATIONS.glob("*.sql")):
            await conn.execute(path.read_text())
    finally:
        await conn.close()


async def register(barcode: str, kind: str, volume_ul: int, collected_at: datetime) -> None:
    conn = await connect()
    try:
        await conn.execute(
            "INSERT INTO samples (barcode, kind, volume_ul, collected_at) VALUES ($1, $2, $3, $4)",
            barcode, kind, volume_ul, collected_at,
        )
    finally:
        await conn.close()


async def split(parent: str, parts: int) -> list[str]:
    """Split a sample into equal aliquots; returns their barcodes."""
    conn = await connect()
    try:
        async with conn.transaction():
            volume = await conn.fetchval("SELECT volume_ul FROM samples WHERE barcode = $1", parent)
            if volume is None:
                raise SampleError(f"no sample {parent}")
            barcodes = [f"{parent}-A{index}" for index in range(1, parts + 1)]
            await conn.executemany(
                "INSERT INTO aliquots (barcode, parent, volume_ul) VALUES ($1, $2, $3)",
                [(barcode, parent, volume // parts) for barcode in barcodes],
            )
        return barcodes
    finally:
        await conn.close()


async def store(barcode: str, rack: str, position: int) -> None:
    conn = await connect()
    try:
        freezer = await conn.fetchval("SELECT freezer FROM racks WHERE rack = $1", rack)
        await conn.execute(
            "INSERT INTO sample_locations (barcode, rack, freezer, position)"
            " VALUES ($1, $2, $3, $4)"
            " ON CONFLICT (barcode) DO UPDATE SET rack = $2, freezer = $3, position = $4",
            barcode, rack, freezer, position,
        )
    finally:
        await conn.close()


async def log_custody(barcode: str, handler: str) -> int:
    conn = await connect()
    try:
        await conn.execute("INSERT INTO chain_of_custody (barcode, handler) VALUES ($1, $2)",
                           barcode, handler)
        return int(await conn.fetchval(
            "SELECT COUNT(*) FROM chain_of_custody WHERE barcode = $1", barcode))
    finally:
        await conn.close()


async def record_shipment(barcode: str, courier_ref: str) -> None:
    conn = await connect()
    try:
        await conn.execute("INSERT INTO shipments (barcode, courier_ref) VALUES ($1, $2)",
                           barcode, courier_ref)
    finally:
        await conn.close()


async def store_result(barcode: str, analyte: str, value: float) -> None:
    conn = await connect("LS_RESULTS_DSN")
    try:
        await conn.execute("INSERT INTO results (barcode, analyte, value) VALUES ($1, $2, $3)",
                           barcode, analyte, value)
    finally:
        await conn.close()


async def dashboard_counts() -> dict[str, Any]:
    conn = await connect("LS_VIEWER_DSN")
    try:
        rows = await conn.fetch("SELECT status, COUNT(*) AS n FROM samples GROUP BY status")
        return {row["status"]: row["n"] for row in rows}
    finally:
        await conn.close()


async def audit(event: str) -> None:
    conn = await connect("LS_AUDIT_DSN")
    try:
        await conn.execute("INSERT INTO audit (event) VALUES ($1)", event)
    finally:
        await conn.close()
