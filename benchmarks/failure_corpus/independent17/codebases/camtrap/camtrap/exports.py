"""Gzipped CSV exports of captures for the regional biodiversity record."""

from __future__ import annotations

import csv
import gzip
import io
from pathlib import Path


def export_captures(export_dir: str, name: str, rows: list[dict[str, str]]) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["taken_at", "site", "species", "confidence"])
    writer.writeheader()
    writer.writerows(rows)
    path = Path(export_dir) / f"{name}.csv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(buffer.getvalue())
    return path
