"""Nightly exports: the overdue list per branch (CSV) and the fines summary that the
city's finance office loads (JSON, contract in `contracts/fines_summary.json`)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

from lending import rules

SUMMARY_KEYS = ("day", "overdue_loans", "fines_cents", "branches")


def export_overdue(rows: list[dict[str, Any]], folder: Path, day: date) -> list[Path]:
    """One CSV per branch, written whole then renamed into place."""
    folder.mkdir(parents=True, exist_ok=True)
    by_branch: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_branch.setdefault(row["branch"], []).append(row)
    written = []
    for branch, items in sorted(by_branch.items()):
        target = folder / f"overdue-{branch}-{day.isoformat()}.csv"
        partial = target.with_suffix(".part")
        with partial.open("w", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["loan", "due_on", "title", "member"])
            for item in items:
                writer.writerow([item["id"], item["due_on"], item["title"], item["name"]])
        partial.rename(target)
        written.append(target)
    return written


def fines_summary(day: date, overdue_count: int, fines: list[tuple[str, int]]) -> dict[str, Any]:
    branches = rules.fines_by_branch(fines)
    return {
        "day": day.isoformat(),
        "overdue_loans": overdue_count,
        "fines_cents": sum(branches.values()),
        "branches": branches,
    }


def publish_summary(summary: dict[str, Any], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"fines-{summary['day']}.json"
    target.write_text(json.dumps(summary, indent=2, sort_keys=True))
    return target


def render_labels(barcodes: list[str], folder: Path) -> Path:
    """Spine labels rendered by a child process (`python -m lending.labels`)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "labels.txt"
    cmd = [sys.executable, "-m", "lending.labels", str(target), *barcodes]
    subprocess.run(cmd, check=True, capture_output=True, timeout=20)
    return target
