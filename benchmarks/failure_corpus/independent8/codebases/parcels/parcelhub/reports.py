"""Daily depot reports written to the outbox."""

from __future__ import annotations

import csv
import io
import json
import logging
import os
from datetime import date
from pathlib import Path

from parcelhub.errors import ExportError
from parcelhub.store import ParcelStore

log = logging.getLogger("parcelhub.reports")


def _write_atomic(path: Path, data: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    tmp.replace(path)


def status_report(store: ParcelStore, outbox: Path, day: date) -> Path:
    """Write the day's parcel counts per status as CSV; return its path."""
    counts = store.status_counts()
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["status", "parcels"])
    for status in sorted(counts):
        writer.writerow([status, counts[status]])
    writer.writerow(["total", sum(counts.values())])
    path = outbox / f"status-{day.isoformat()}.csv"
    try:
        _write_atomic(path, buf.getvalue())
    except OSError as exc:
        log.error("could not write %s: %s", path, exc)
        raise ExportError(f"status report for {day} not written") from exc
    return path


def weight_report(store: ParcelStore, outbox: Path, day: date) -> Path:
    """Write the day's weight per postcode area as JSON; return its path."""
    totals = store.weight_by_postcode_area()
    path = outbox / f"weights-{day.isoformat()}.json"
    _write_atomic(path, json.dumps({"day": day.isoformat(), "areas": totals}, sort_keys=True))
    return path
