"""Readers of the partner feed files."""

from __future__ import annotations

import csv
import json
import logging
from collections.abc import Iterator
from pathlib import Path

from feedformats import parse_amount, parse_timestamp

from ingest import contracts
from ingest.contracts import OrderEvent
from ingest.errors import ContractViolation

log = logging.getLogger(__name__)


def order_rows(path: Path) -> Iterator[tuple[int, dict]]:
    with path.open(newline="") as handle:
        yield from enumerate(csv.DictReader(handle), start=2)


def parse_order(row: dict, source: str, line: int) -> OrderEvent:
    record = dict(row)
    try:
        record["amount"] = parse_amount(row["amount"])
        record["occurred_at"] = parse_timestamp(row["occurred_at"])
    except KeyError as missing:
        raise ContractViolation(source, line, f"missing column {missing}") from None
    except ValueError as exc:
        raise ContractViolation(source, line, str(exc)) from exc
    record["customer_id"] = int(row["customer_id"]) if row.get("customer_id") else None
    return contracts.order_event(record, source, line)


def read_orders(path: Path, strict: bool = True) -> tuple[list[OrderEvent], list[dict]]:
    """Parse the orders CSV; return valid events and rejected rows."""
    events, rejected = [], []
    for line, row in order_rows(path):
        try:
            events.append(parse_order(row, path.name, line))
        except ContractViolation as exc:
            if strict:
                raise
            log.warning("rejecting %s", exc)
            rejected.append({"line": line, "problem": exc.problem, "row": row})
    log.info("read %s orders (%s rejected) from %s", len(events), len(rejected), path)
    return events, rejected


def read_shipments(path: Path) -> list[dict]:
    shipments = []
    with path.open() as handle:
        for line, text in enumerate(handle, start=1):
            if text.strip():
                shipments.append(contracts.shipment(json.loads(text), path.name, line))
    return shipments
