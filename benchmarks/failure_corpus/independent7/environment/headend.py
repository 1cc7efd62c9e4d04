"""The head-end system's nightly export: JSON-lines feeds of meter register values,
written into the service's inbox before the job runs. `style` changes the export the
way a new head-end release would."""

from __future__ import annotations

import json
from pathlib import Path

SOUTH = [
    ("HE-100", "2026-11-01T00:00:00Z", 1000.0),
    ("HE-100", "2026-11-08T00:00:00Z", 1100.5),
    ("HE-100", "2026-11-15T00:00:00Z", 1180.0),
    ("HE-100", "2026-11-15T12:00:00Z", 1190.0),
    ("HE-101", "2026-11-01T00:00:00Z", 500.0),
    ("HE-101", "2026-11-30T00:00:00Z", 620.0),
    ("HE-999", "2026-11-02T00:00:00Z", 12.0),
]
NORTH = [
    ("HE-200", "2026-11-01T00:00:00Z", 40.0),
    ("HE-200", "2026-11-02T00:00:00Z", 51.5),
    ("HE-100", "2026-11-03T00:00:00Z", 5.0),
]


def line(serial: str, ts: str, kwh: float, style: str) -> str:
    record: dict[str, object] = {"serial": serial, "ts": ts, "kwh": kwh}
    if style == "kwh_with_unit":
        record["kwh"] = f"{kwh} kWh"
    elif style == "serial_renamed":
        record = {"meter_serial": serial, "ts": ts, "kwh": kwh}
    return json.dumps(record)


def write(inbox: Path, style: str = "") -> None:
    inbox.mkdir(parents=True, exist_ok=True)
    for name, rows in (("headend-south.jsonl", SOUTH), ("headend-north.jsonl", NORTH)):
        (inbox / name).write_text("".join(line(*row, style) + "\n" for row in rows))
