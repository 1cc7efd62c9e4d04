"""Files the collector writes: gzip exports, JSON snapshots, per-sensor logs."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

from greenhouse.models import Reading


def export_day(readings: list[Reading], day: str) -> Path:
    """Write a day's readings as gzip JSON lines to the export volume."""
    target = Path(os.environ.get("GH_EXPORT_DIR", "/tmp/gh-exports")) / f"readings-{day}.jsonl.gz"
    with gzip.open(target, "wt", encoding="utf-8") as handle:
        for reading in readings:
            handle.write(reading.model_dump_json() + "\n")
    return target


def write_snapshot(directory: Path, state: dict[str, float]) -> Path:
    """Dashboard snapshot of the current zone temperatures."""
    target = directory / "snapshot.json"
    target.write_text(json.dumps(state, sort_keys=True))
    return target


def fan_out(directory: Path, readings: list[Reading]) -> int:
    """Append each reading to its sensor's log, keeping every log open during the batch."""
    handles = {}
    try:
        for reading in readings:
            if reading.sensor_id not in handles:
                handles[reading.sensor_id] = (directory / f"{reading.sensor_id}.log").open("a")
            handles[reading.sensor_id].write(reading.model_dump_json() + "\n")
    finally:
        for handle in handles.values():
            handle.close()
    return len(handles)
