"""Result export for the research database (JSON)."""

from __future__ import annotations

import json
from typing import Any


def export_results(rows: list[dict[str, Any]]) -> bytes:
    return json.dumps(rows, sort_keys=True, separators=(",", ":")).encode()
