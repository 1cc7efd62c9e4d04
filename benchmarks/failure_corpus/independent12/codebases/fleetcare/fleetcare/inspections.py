"""Inspection reports delivered by the depots as JSON files."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import Connection, insert, select

from fleetcare.db import inspections
from fleetcare.errors import InspectionContractError

log = logging.getLogger(__name__)

SEVERITIES = ("minor", "major", "critical")


@dataclass(frozen=True)
class Inspection:
    """One vehicle inspection."""

    vin: str
    inspected_on: date
    severity: str
    defects: tuple[str, ...]


def parse_report(path: Path) -> Inspection:
    """Read and check one delivered report."""
    raw = json.loads(path.read_text())
    for field in ("vin", "inspected_on", "severity", "defects"):
        if field not in raw:
            raise InspectionContractError(f"{path.name}: required field {field!r} missing")
    if raw["severity"] not in SEVERITIES:
        raise InspectionContractError(f"{path.name}: severity {raw['severity']!r} not allowed")
    try:
        inspected_on = date.fromisoformat(raw["inspected_on"])
    except ValueError as exc:
        raise InspectionContractError(f"{path.name}: inspected_on is not an ISO date") from exc
    if not isinstance(raw["defects"], list):
        raise InspectionContractError(f"{path.name}: defects must be a list")
    return Inspection(raw["vin"], inspected_on, raw["severity"], tuple(raw["defects"]))


def load_batch(folder: Path) -> list[Inspection]:
    """Every report of a delivery folder, in file-name order."""
    reports = [parse_report(p) for p in sorted(folder.glob("*.json"))]
    log.info("loaded %d reports from %s", len(reports), folder)
    return reports


def record(conn: Connection, reports: list[Inspection]) -> int:
    """Store the reports."""
    for report in reports:
        conn.execute(insert(inspections).values(
            vin=report.vin, inspected_on=report.inspected_on.isoformat(),
            severity=report.severity, defects=json.dumps(list(report.defects))))
    return len(reports)


def worst_first(conn: Connection) -> list[tuple[str, str]]:
    """``(vin, severity)`` of the stored inspections, most severe first."""
    rows = conn.execute(select(inspections.c.vin, inspections.c.severity)).all()
    return sorted(((r.vin, r.severity) for r in rows),
                  key=lambda r: (-SEVERITIES.index(r[1]), r[0]))
