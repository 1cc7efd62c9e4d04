from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

from labsamples import db

AT = datetime(2026, 3, 2, 7, 15, tzinfo=UTC)


def test_register_sample() -> None:
    asyncio.run(db.register("S-0100", "serum", 300, AT))


def test_register_unique_sample() -> None:
    asyncio.run(db.register(f"S-{uuid.uuid4().hex[:6]}", "urine", 900, AT))


def test_split_aliquots() -> None:
    assert len(asyncio.run(db.split("S-0009", 4))) == 4


def test_store_in_rack() -> None:
    asyncio.run(db.store("S-0001", "R-7", 14))


def test_store_in_first_rack() -> None:
    asyncio.run(db.store("S-0009", "R-1", 2))


def test_custody_log() -> None:
    assert asyncio.run(db.log_custody("S-0001", "courier-12")) >= 1


def test_record_shipment() -> None:
    asyncio.run(db.record_shipment("S-0001", "CR-5521"))


def test_store_result() -> None:
    asyncio.run(db.store_result("S-0001", "glucose", 5.4))


def test_dashboard_counts() -> None:
    assert asyncio.run(db.dashboard_counts())["received"] >= 1


def test_audit_event() -> None:
    asyncio.run(db.audit("nightly check"))
