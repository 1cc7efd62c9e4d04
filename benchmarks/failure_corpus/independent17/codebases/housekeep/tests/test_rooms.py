from __future__ import annotations

import sqlite3

from housekeep.rooms import assign, load_of, take_linen


def test_rooms_seeded(db: sqlite3.Connection) -> None:
    assert db.execute("SELECT count(*) FROM rooms").fetchone() == (36,)


def test_assign_room(db: sqlite3.Connection) -> None:
    assign(db, 101, "Marta", "2026-04-01", 2)
    count = db.execute("SELECT count(*) FROM assignments WHERE attendant = 'Marta'").fetchone()
    assert count == (1,)


def test_assignment_updates_attendant_load(db: sqlite3.Connection) -> None:
    assign(db, 102, "Joao", "2026-04-01", 2)
    assign(db, 103, "Joao", "2026-04-01", 3)
    assert load_of(db, "Joao", "2026-04-01") == 5


def test_take_linen_for_third_floor(db: sqlite3.Connection) -> None:
    assert take_linen(db, 3, 10) == (8, 10)


def test_take_linen_for_whole_third_floor(db: sqlite3.Connection) -> None:
    assert take_linen(db, 3, 12) == (0, 6)
