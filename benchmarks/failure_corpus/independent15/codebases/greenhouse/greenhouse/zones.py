"""Zone limits delivered by the facilities team as ``config/zones.json`` (jsonschema)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema

SCHEMA = {
    "type": "object",
    "additionalProperties": {
        "type": "object",
        "required": ["min_temp", "max_temp", "crop"],
        "properties": {
            "min_temp": {"type": "number"},
            "max_temp": {"type": "number"},
            "crop": {"type": "string"},
        },
    },
}


class ZoneConfigError(Exception):
    """The zone limits file breaks its schema."""


def load_limits(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text())
    try:
        jsonschema.validate(data, SCHEMA)
    except jsonschema.ValidationError as exc:
        raise ZoneConfigError(f"{path.name}: {exc.message}") from exc
    return data
