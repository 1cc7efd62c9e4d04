"""The feed contracts agreed with partners (pydantic for orders, JSON Schema for shipments)."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from decimal import Decimal
from typing import Literal

import jsonschema
from pydantic import BaseModel, Field, ValidationError

from ingest.errors import ContractViolation


class Channel(enum.StrEnum):
    WEB = "web"
    APP = "app"
    STORE = "store"


class OrderEvent(BaseModel):
    event_id: uuid.UUID
    occurred_at: datetime
    customer_id: int | None
    amount: Decimal = Field(ge=0)
    currency: Literal["EUR", "USD", "GBP", "SEK"]
    channel: Channel


SHIPMENT_SCHEMA = {
    "type": "object",
    "required": ["shipment_id", "event_id", "carrier", "parcels"],
    "properties": {
        "shipment_id": {"type": "string", "pattern": "^SHP-[0-9A-F]{8}$"},
        "event_id": {"type": "string", "format": "uuid"},
        "carrier": {"enum": ["postnl", "dhl", "ups", "dpd"]},
        "parcels": {"type": "integer", "minimum": 1},
    },
    "additionalProperties": False,
}

SUMMARY_SCHEMA = {
    "type": "object",
    "required": ["run_id", "loaded", "rejected", "total_eur", "by_channel"],
    "properties": {
        "run_id": {"type": "string"},
        "loaded": {"type": "integer", "minimum": 0},
        "rejected": {"type": "integer", "minimum": 0},
        "total_eur": {"type": "string", "pattern": r"^\d+\.\d{2}$"},
        "by_channel": {"type": "object", "additionalProperties": {"type": "string"}},
    },
    "additionalProperties": False,
}


def order_event(record: dict, source: str, line: int) -> OrderEvent:
    try:
        return OrderEvent.model_validate(record)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "record"
        raise ContractViolation(source, line, f"{where}: {first['msg']}") from exc


def shipment(record: dict, source: str, line: int) -> dict:
    try:
        jsonschema.validate(record, SHIPMENT_SCHEMA)
    except jsonschema.ValidationError as exc:
        raise ContractViolation(source, line, exc.message) from exc
    return record


def check_summary(summary: dict) -> dict:
    """Validate the run summary published to the finance dashboard."""
    try:
        jsonschema.validate(summary, SUMMARY_SCHEMA)
    except jsonschema.ValidationError as exc:
        raise ContractViolation("summary", 0, exc.message) from exc
    return summary
