from __future__ import annotations

import sqlite3

from camtrap.catalog import add_camera, record_capture, register_site, species_count


def test_register_site(db: sqlite3.Connection) -> None:
    assert register_site(db, "MARSH-4", "reedbed") > 3


def test_add_camera_to_second_ridge_site(db: sqlite3.Connection) -> None:
    camera_id = add_camera(db, 2, "BSH-1009")
    row = db.execute("SELECT site_id FROM cameras WHERE id = ?", (camera_id,)).fetchone()
    assert row == (2,)


def test_record_capture(db: sqlite3.Connection) -> None:
    capture_id = record_capture(db, 1, "2026-04-01T02:15:00", "red fox", 0.93, "IMG_0001.PGM")
    assert capture_id > 0


def test_capture_counts_kept_by_trigger(db: sqlite3.Connection) -> None:
    record_capture(db, 1, "2026-04-01T03:15:00", "badger", 0.88, "IMG_0002.PGM")
    record_capture(db, 2, "2026-04-02T01:15:00", "badger", 0.79, "IMG_0003.PGM")
    assert species_count(db, "badger") == 2
