"""The daily move report, written as CSV to the shared report volume."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from dockbal.balancer import PlannedMove


def write_report(report_dir: str, day: date, moves: list[PlannedMove]) -> Path:
    """Write the moves of a day; return the report's path."""
    path = Path(report_dir) / f"moves-{day.isoformat()}.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["from", "to", "bikes"])
        for move in moves:
            writer.writerow([move.from_code, move.to_code, move.bikes])
    return path
