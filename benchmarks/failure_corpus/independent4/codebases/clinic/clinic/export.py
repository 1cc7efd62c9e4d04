"""Nightly exports: schedules per clinician written by worker processes, a done-marker,
the visit archive and the daily summary published to the reporting team."""

from __future__ import annotations

import csv
import datetime as dt
import json
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from clinic import appointments

MARKER = "_SUCCESS"
WRITTEN_MARKER = "_SUCCESS"


def write_partition(path: str, rows: list[dict[str, Any]]) -> int:
    with open(path, "w", newline="") as handle:
        writer = csv.DictWriter(handle, ["ref", "starts_at", "minutes", "status", "note"])
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


def _write_all(folder: Path, partitions: dict[str, list[dict[str, Any]]]) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    with ProcessPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(write_partition, str(folder / f"{name}.csv"), rows)
                   for name, rows in sorted(partitions.items())]
        written = sum(f.result() for f in futures)
    (folder / WRITTEN_MARKER).write_text(str(written))
    return written


def export_day(conn: Any, clinicians: list[str], day: dt.date, folder: Path) -> int:
    partitions = {}
    for code in clinicians:
        partitions[code] = [{"ref": r["ref"], "starts_at": r["starts_at"].isoformat(),
                             "minutes": r["minutes"], "status": r["status"], "note": ""}
                            for r in appointments.schedule(conn, code, day)]
    return _write_all(folder, partitions)


def archive_visits(visits: list[dict[str, Any]], folder: Path, partitions: int = 2) -> int:
    """The visit history for the records office, split into ``partitions`` files."""
    parts: dict[str, list[dict[str, Any]]] = {f"visits-{n}": [] for n in range(partitions)}
    for n, visit in enumerate(visits):
        parts[f"visits-{n % partitions}"].append(visit)
    return _write_all(folder, parts)


def wait_until_done(folder: Path, poll: float = 0.05) -> int:
    """Block until the export's marker is there (the records office's loader does this)."""
    while not (folder / MARKER).exists():
        time.sleep(poll)
    return int((folder / MARKER).read_text())


def daily_summary(conn: Any, day: dt.date) -> dict[str, Any]:
    with conn.cursor() as cur:
        cur.execute("SELECT count(*) FILTER (WHERE status = 'attended') AS visits, "
                    "count(*) FILTER (WHERE status = 'no_show') AS no_shows, "
                    "coalesce(sum(copay_cents), 0) AS copay_cents "
                    "FROM appointments WHERE starts_at::date = %s", (day,))
        row = cur.fetchone()
    return {"day": day.isoformat(), "visits": row["visits"], "no_shows": row["no_shows"],
            "copay_cents": int(row["copay_cents"])}


def publish_summary(summary: dict[str, Any], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"summary-{summary['day']}.json"
    target.write_text(json.dumps(summary, sort_keys=True))
    return target
