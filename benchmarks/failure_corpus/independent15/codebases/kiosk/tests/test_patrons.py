from __future__ import annotations

import sqlite3
from pathlib import Path

from loankiosk import patrons


def test_import_patrons(conn: sqlite3.Connection, incoming: Path) -> None:
    assert patrons.import_patrons(conn, incoming / "patrons.csv") == 2


def test_import_east_patrons(conn: sqlite3.Connection, incoming: Path) -> None:
    patrons.import_patrons(conn, incoming / "patrons_east.csv")
    names = [row[0] for row in conn.execute("SELECT name FROM patrons WHERE branch = 'east'")]
    assert "Fa Lund" in names


def test_patron_display_name() -> None:
    row = {"card": "c-9", "name": "Ada Moss", "email": "ada@example.org", "branch": "main"}
    display = f"{row['name']} ({row['card']})"
    assert display == "Ada Moss (c-9)"
