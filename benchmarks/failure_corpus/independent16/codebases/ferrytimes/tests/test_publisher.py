"""Publishing a day's feed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import psycopg
import pytest

from ferrytimes import publisher, timetable
from ferrytimes.archive import Archive
from ferrytimes.errors import FerryError
from ferrytimes.feed import write_feed
from ferrytimes.settings import Settings

from .conftest import DAY


def test_push_to_planner_accepts_all(publish_settings: Settings,
                                     seeded: psycopg.Connection[tuple[Any, ...]]) -> None:
    sailings = timetable.sailings_on(seeded, DAY)
    assert publisher.push_to_planner(publish_settings, "day", sailings) == 5


def test_push_single_batch(publish_settings: Settings,
                           seeded: psycopg.Connection[tuple[Any, ...]]) -> None:
    sailings = timetable.sailings_on(seeded, DAY)[:2]
    assert publisher.push_to_planner(publish_settings, "short", sailings) == 2


def test_push_two_batches(publish_settings: Settings,
                          seeded: psycopg.Connection[tuple[Any, ...]]) -> None:
    sailings = timetable.sailings_on(seeded, DAY)[:4]
    assert publisher.push_to_planner(publish_settings, "pair", sailings) == 4


def test_compress_feed(tmp_path: Path) -> None:
    path = tmp_path / "day.csv"
    path.write_text("sailing,route\n1,ULL-STO\n")
    assert publisher.compress(path).exists()


def test_compress_missing_file_fails(tmp_path: Path) -> None:
    with pytest.raises(FerryError, match="compressing"):
        publisher.compress(tmp_path / "absent.csv")


def test_publish_day(publish_settings: Settings,
                     seeded: psycopg.Connection[tuple[Any, ...]]) -> None:
    manifest = publisher.publish_day(publish_settings, DAY, timetable.sailings_on(seeded, DAY))
    assert manifest["accepted"] == 5
    assert (publish_settings.feed_dir / "timetable-2026-06-01.csv.gz").exists()


def test_write_and_archive(publish_settings: Settings, tmp_path: Path,
                           seeded: psycopg.Connection[tuple[Any, ...]],
                           ledger: psycopg.Connection[tuple[Any, ...]]) -> None:
    day = dt.date(2026, 6, 1)
    manifest = write_feed(publish_settings.feed_dir, f"Timetable {day}",
                          timetable.sailings_on(seeded, day))
    archive = Archive(tmp_path / "published.sqlite3")
    assert archive.store(manifest["name"], manifest) == 1
    timetable.record_publication(ledger, manifest["name"], manifest["sha256"],
                                 manifest["sailings"])
    ledger.commit()
