"""Feed files and their manifests."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from ferrytimes.errors import ContractError
from ferrytimes.feed import COLUMNS, read_feed, render_csv, write_feed
from ferrytimes.timetable import Sailing

SAILINGS = [
    Sailing(1, "ULL-STO", dt.datetime(2026, 6, 1, 7), dt.datetime(2026, 6, 1, 9, 45),
            "MV Loch Seaforth", 700, "scheduled"),
    Sailing(2, "OBA-STO", dt.datetime(2026, 6, 1, 10), dt.datetime(2026, 6, 1, 15),
            "MV Isle of Lewis", 680, "cancelled"),
]


def test_csv_header() -> None:
    assert render_csv([]).splitlines() == [",".join(COLUMNS)]


def test_csv_rows() -> None:
    lines = render_csv(SAILINGS).splitlines()
    assert lines[1] == "1,ULL-STO,2026-06-01T07:00,2026-06-01T09:45,MV Loch Seaforth,700,scheduled"


def test_write_feed_files(feed_dir: Path) -> None:
    write_feed(feed_dir, "Timetable 2026-06-01", SAILINGS)
    assert sorted(p.name for p in feed_dir.iterdir()) == [
        "timetable-2026-06-01.csv", "timetable-2026-06-01.json"]


def test_manifest_counts(feed_dir: Path) -> None:
    manifest = write_feed(feed_dir, "Timetable 2026-06-01", SAILINGS)
    stored = json.loads((feed_dir / "timetable-2026-06-01.json").read_text())
    assert stored == manifest
    assert manifest["sailings"] == 2


def test_read_back(feed_dir: Path) -> None:
    write_feed(feed_dir, "Summer Timetable", SAILINGS)
    rows = read_feed(feed_dir, "summer-timetable")
    assert [r["route"] for r in rows] == ["ULL-STO", "OBA-STO"]


def test_read_detects_tamper(feed_dir: Path) -> None:
    write_feed(feed_dir, "Winter Timetable", SAILINGS)
    path = feed_dir / "winter-timetable.csv"
    path.write_text(path.read_text().replace("700", "900"))
    with pytest.raises(ContractError, match="checksum"):
        read_feed(feed_dir, "winter-timetable")


def test_slug_name(feed_dir: Path) -> None:
    manifest = write_feed(feed_dir, "Isles: Autumn & Winter", [])
    assert manifest["name"] == "isles-autumn-winter"
