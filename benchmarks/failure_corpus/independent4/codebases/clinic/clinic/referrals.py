"""Referrals from general practices: a nightly CSV feed checked against its contract."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clinic.contracts import validator
from clinic.errors import ContractError

COLUMNS = ("referral_id", "practice", "speciality", "urgency", "received")
URGENCY_ORDER = {"emergency": 0, "urgent": 1, "routine": 2}
QUARANTINE_SHARE = 0.0


@dataclass
class Batch:
    accepted: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)


def read(path: Path) -> Batch:
    with path.open(newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ContractError(f"{path.name} lacks the columns {missing}; the referral "
                                f"contract requires {list(COLUMNS)}")
        rows = list(reader)
    batch = Batch()
    check = validator("referral")
    for row in rows:
        (batch.rejected if list(check.iter_errors(row)) else batch.accepted).append(row)
    return batch


def quarantine(batch: Batch, folder: Path) -> Path | None:
    """Write rejected rows for the practices' liaison, whenever there are any."""
    total = len(batch.accepted) + len(batch.rejected)
    if not batch.rejected or len(batch.rejected) / total <= QUARANTINE_SHARE:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "rejected-referrals.csv"
    with target.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS)
        writer.writeheader()
        writer.writerows(batch.rejected)
    return target


def triage(batch: Batch) -> list[dict[str, Any]]:
    return sorted(batch.accepted, key=lambda r: (URGENCY_ORDER[r["urgency"]], r["received"]))
