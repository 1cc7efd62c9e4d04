"""Monthly claims report, rendered by a child worker process."""

from __future__ import annotations

import json
import logging
import resource
import sqlite3
import subprocess
import sys
from pathlib import Path

from claims.errors import WorkerCrashed
from claims.formatting import money

log = logging.getLogger("claims.reports")


def _limit(memory_mb: int) -> None:
    if memory_mb:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def build_report(conn: sqlite3.Connection, out_path: Path, memory_mb: int = 0) -> dict[str, int]:
    """Render the report of all claims to ``out_path`` and return totals per kind."""
    rows = [dict(r) for r in conn.execute("SELECT kind, amount_cents FROM claims ORDER BY id")]
    proc = subprocess.run(
        [sys.executable, "-m", "claims.report_worker", str(out_path)],
        input=json.dumps(rows), capture_output=True, text=True, timeout=60,
        preexec_fn=lambda: _limit(memory_mb), cwd=Path(__file__).parent.parent,
    )
    if proc.returncode != 0:
        log.error("report worker failed: %s", proc.stderr.strip()[-400:])
        raise WorkerCrashed(f"report worker exited with status {proc.returncode}: "
                            f"{proc.stderr.strip()[-300:]}")
    totals: dict[str, int] = json.loads(proc.stdout)
    return totals


def summary_line(totals: dict[str, int]) -> str:
    """One-line summary of a report."""
    return f"{len(totals)} kinds, {money(sum(totals.values()))} claimed"
