"""Meters and their readings: the head-end feed (JSON lines) and consumption."""

from __future__ import annotations

import json
import logging
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from meterhub.errors import FeedContractError, IngestError
from meterhub.models import Meter, Reading

log = logging.getLogger("meterhub.readings")

FEED_FIELDS = {"serial": str, "ts": str, "kwh": (int, float)}


def register_meter(
    session: Session, serial: str, site: str, kind: str = "electricity",
    customer: str = "domestic", multiplier: float = 1.0,
) -> Meter:
    meter = Meter(serial=serial, site=site, kind=kind, customer=customer, multiplier=multiplier)
    session.add(meter)
    session.flush()
    return meter


def parse_line(line: str) -> dict:
    """One line of the head-end feed, checked against the agreed contract."""
    record = json.loads(line)
    for name, kind in FEED_FIELDS.items():
        if name not in record:
            raise FeedContractError(f"feed line lacks {name!r}: {line.strip()}")
        if not isinstance(record[name], kind):
            raise FeedContractError(f"feed field {name!r} has the wrong type: {record[name]!r}")
    taken_at = datetime.fromisoformat(record["ts"].replace("Z", "+00:00")).replace(tzinfo=None)
    return {"serial": record["serial"], "taken_at": taken_at, "kwh": float(record["kwh"])}


def read_feed(path: Path) -> list[dict]:
    with path.open() as fh:
        return [parse_line(line) for line in fh if line.strip()]


def ingest(session: Session, records: list[dict], source: str) -> int:
    """Store readings of known meters; returns how many were stored."""
    meters = {m.serial: m for m in session.scalars(select(Meter))}
    known = set(session.execute(select(Reading.meter_id, Reading.taken_at)).tuples())
    stored = 0
    try:
        for record in records:
            meter = meters.get(record["serial"])
            if meter is None:
                log.warning("reading for unknown meter %s skipped", record["serial"])
                continue
            if record["kwh"] < 0:
                log.warning("negative reading %s for %s rejected", record["kwh"], meter.serial)
                continue
            if (meter.id, record["taken_at"]) in known:
                log.info("known reading for %s at %s skipped", meter.serial, record["taken_at"])
                continue
            session.add(Reading(meter_id=meter.id, taken_at=record["taken_at"],
                                value_kwh=record["kwh"], source=source))
            stored += 1
        session.flush()
    except SQLAlchemyError as exc:
        session.rollback()
        raise IngestError(f"{len(records)} readings from {source} not stored") from exc
    log.info("stored %d readings from %s", stored, source)
    return stored


def readings_for(session: Session, meter: Meter) -> list[Reading]:
    return list(session.scalars(
        select(Reading).where(Reading.meter_id == meter.id).order_by(Reading.taken_at)
    ))


def latest_reading(session: Session, meter: Meter) -> Reading | None:
    return session.scalars(
        select(Reading).where(Reading.meter_id == meter.id)
        .order_by(Reading.taken_at.desc()).limit(1)
    ).first()


def consumption(session: Session, meter: Meter, start: datetime, end: datetime) -> float:
    """kWh used between the readings nearest `start` and `end`, times the multiplier."""
    rows = [r for r in readings_for(session, meter) if start <= r.taken_at <= end]
    if len(rows) < 2:
        return 0.0
    return round((rows[-1].value_kwh - rows[0].value_kwh) * meter.multiplier, 3)
