"""Reports, manifests, archive and spool."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from etljob import config, export

ROWS = [{"sku": f"SKU-{i:04d}", "qty": i, "note": "x" * 200} for i in range(400)]


def test_write_report() -> None:
    path = export.write_report(ROWS, config.export_dir())
    assert path.read_text(encoding="utf-8").count("\n") == 401


def test_write_report_gz() -> None:
    path = export.write_report(ROWS, config.export_dir() / "gz", compress=True)
    with gzip.open(path, "rt") as fh:
        assert len(fh.readlines()) == 401


def test_write_manifest(tmp_path: Path) -> None:
    path = export.write_manifest(tmp_path, ["report.csv"])
    assert json.loads(path.read_text())["files"] == ["report.csv"]


def test_archive_inbox(data: Path) -> None:
    copied = export.archive(data / "orders.csv", config.archive_dir())
    assert copied.read_bytes() == (data / "orders.csv").read_bytes()


def test_spool_batch() -> None:
    assert export.spool(["a", "b"], config.spool_dir()).read_text() == "a\nb"


def test_inbox_listing(inbox_copy: Path) -> None:
    assert sorted(p.name for p in inbox_copy.iterdir()) == ["events.csv", "orders.csv", "orders_day2.csv"]


def test_inbox_sizes(inbox_copy: Path) -> None:
    assert all(p.stat().st_size > 0 for p in inbox_copy.iterdir())
