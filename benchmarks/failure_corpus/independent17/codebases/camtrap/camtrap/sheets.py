"""Deployment sheets the field team fill in as YAML."""

from __future__ import annotations

from typing import Any

import yaml

DEFAULTS = {"height_cm": 50, "facing": "N", "trigger": "motion"}


def load_sheet(text: str) -> dict[str, Any]:
    loaded = yaml.safe_load(text)
    sheet: dict[str, Any] = {**DEFAULTS, **loaded}
    return sheet
