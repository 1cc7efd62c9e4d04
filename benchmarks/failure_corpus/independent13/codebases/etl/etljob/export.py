"""Reports, manifests and archiving of processed files."""

from __future__ import annotations

import csv
import gzip
import json
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


def write_report(rows: list[dict[str, Any]], folder: Path, compress: bool = False) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / ("report.csv.gz" if compress else "report.csv")
    opener: Any = gzip.open if compress else open
    with opener(path, "wt", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
        fh.flush()
        if not compress:
            os.fsync(fh.fileno())
    return path


def write_manifest(folder: Path, files: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    manifest = {"files": files, "written": datetime.now(UTC)}
    path = folder / "manifest.json"
    path.write_text(json.dumps(manifest, default=str), encoding="utf-8")
    return path


def archive(src: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy2(src, folder / src.name))


def spool(batch: list[str], folder: Path) -> Path:
    if not folder.is_dir():
        raise FileNotFoundError(f"spool volume {folder} is not mounted")
    path = folder / "batch.txt"
    path.write_text("\n".join(batch), encoding="utf-8")
    return path
