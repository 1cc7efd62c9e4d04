"""The SQLite manifest archive."""

from __future__ import annotations

import uuid
from pathlib import Path

from ferrytimes.archive import Archive
from ferrytimes.settings import Settings


def test_first_version(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "archive.sqlite3")
    assert archive.store("timetable-2026-06-01", {"sailings": 5}) == 1


def test_versions_increase(settings: Settings) -> None:
    archive = Archive(settings.archive_path)
    name = f"timetable-{uuid.uuid4().hex[:8]}"
    for n in range(3):
        archive.store(name, {"sailings": n})
    assert archive.versions(name) == [1, 2, 3]


def test_latest_none(tmp_path: Path) -> None:
    assert Archive(tmp_path / "archive.sqlite3").latest("missing") is None


def test_latest_newest(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "archive.sqlite3")
    archive.store("timetable-2026-06-01", {"sailings": 5})
    archive.store("timetable-2026-06-01", {"sailings": 4})
    assert archive.latest("timetable-2026-06-01") == {"sailings": 4}


def test_names_separate(settings: Settings) -> None:
    archive = Archive(settings.archive_path)
    tag = uuid.uuid4().hex[:8]
    archive.store(f"timetable-{tag}-a", {"sailings": 5})
    assert archive.store(f"timetable-{tag}-b", {"sailings": 2}) == 1
    archive.close()
