"""The catalogue of root causes: what each breaks, its category, and how it is applied."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

CATEGORY_TEAMS = {
    "schema_drift": "platform-data", "integrity_violation": "platform-data",
    "database_unavailable": "platform-data", "missing_dependency": "release-engineering",
    "product_bug": "product-dev", "wrong_behaviour": "product-dev",
    "data_contract": "data-engineering", "hang": "product-dev", "slow_upstream": "integrations",
    "upstream_5xx": "integrations", "upstream_unreachable": "integrations",
    "credentials_refused": "integrations", "test_harness": "qa", "flaky": "qa",
    "infrastructure": "ci-infra",
}


@dataclass(frozen=True)
class Patch:
    """Replaces ``old`` by ``new`` in a file of the working copy; ``old=None`` writes the whole
    file (or removes it when ``new`` is None too)."""

    path: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class Cause:
    """One root cause: the job it breaks, its category, the tests it breaks and how."""

    name: str
    job: str
    category: str
    tests: tuple[str, ...]
    how: str
    patches: tuple[Patch, ...] = ()
    env: dict[str, str] = field(default_factory=dict)
    sql: tuple[str, ...] = ()
    rules: tuple[dict[str, Any], ...] = ()
    limits: tuple[dict[str, Any], ...] = ()
    hold: str | None = None
    volume: str | None = None


CAUSES: list[Cause] = []
