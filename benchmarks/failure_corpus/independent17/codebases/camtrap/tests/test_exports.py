from __future__ import annotations

import csv
import gzip

from camtrap import config
from camtrap.exports import export_captures

ROWS = [{"taken_at": f"2026-04-01T0{i}:15:00", "site": "RIDGE-1", "species": "red fox",
         "confidence": "0.9"} for i in range(200)]


def test_export_gzipped_csv(settings: config.Settings) -> None:
    path = export_captures(settings.export_dir, "ridge-april", ROWS)
    assert path.name == "ridge-april.csv.gz"


def test_export_keeps_every_row(settings: config.Settings) -> None:
    path = export_captures(settings.export_dir, "ridge-april-full", ROWS)
    with gzip.open(path, "rt") as handle:
        assert len(list(csv.DictReader(handle))) == 200
