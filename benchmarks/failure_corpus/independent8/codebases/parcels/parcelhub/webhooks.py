"""Inbound delivery webhooks: validated against the partner's JSON schema, then applied."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from parcelhub.errors import PayloadError
from parcelhub.store import STATUSES, Event, ParcelStore

log = logging.getLogger("parcelhub.webhooks")

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["tracking_no", "status", "occurred_at"],
    "properties": {
        "tracking_no": {"type": "string", "pattern": "^[A-Z]{3}[0-9]{6}$"},
        "status": {"enum": list(STATUSES)},
        "occurred_at": {"type": "string"},
        "location": {"type": ["string", "null"]},
        "signed_by": {"type": "string"},
    },
}

_validator = Draft202012Validator(SCHEMA)


def parse(payload: dict[str, Any]) -> Event:
    """Check a webhook payload against the schema and turn it into an event."""
    errors = sorted(_validator.iter_errors(payload), key=lambda e: list(e.path))
    if errors:
        first = errors[0]
        raise PayloadError(f"webhook rejected at {list(first.path)}: {first.message}")
    return Event(payload["tracking_no"], payload["status"], payload["occurred_at"],
                 payload.get("location"))


def apply_file(store: ParcelStore, path: Path) -> int:
    """Apply every webhook delivered in a JSON-lines file; return how many were applied."""
    applied = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        payload = json.loads(line)
        event = parse(payload)
        store.record(event)
        if event.status == "delivered" and "signed_by" in payload:
            store.sign(event.tracking_no, payload["signed_by"])
        applied += 1
    log.info("applied %d webhooks from %s", applied, path.name)
    return applied
