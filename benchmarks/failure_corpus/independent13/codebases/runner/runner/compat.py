"""Helpers shared by step definitions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def merged_env(base: Mapping[str, str], extra: Mapping[str, Any]) -> dict[str, str]:
    return {**base, **{k: str(v) for k, v in extra.items()}}
