"""Patron lists delivered by the municipality as CSV files."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

REQUIRED = ("card", "name", "email", "branch")


class PatronFileError(Exception):
    """A delivered patron file breaks the agreed layout."""


class ImportFailed(Exception):
    """Patrons could not be stored."""


def read_patrons(path: Path) -> list[dict[str, str]]:
    """Rows of a patron file, checked against the agreed columns."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = [column for column in REQUIRED if column not in (reader.fieldnames or [])]
        if missing:
            raise PatronFileError(f"{path.name}: missing columns {missing}") from None
        return [dict(row) for row in reader]


def import_patrons(conn: sqlite3.Connection, path: Path) -> int:
    """Store every patron of ``path``; returns how many."""
    rows = read_patrons(path)
    try:
        with conn:
            conn.executemany(
                "INSERT INTO patrons (card, name, email, branch) VALUES (?, ?, ?, ?)",
                [(row["card"], row["name"], row["email"], row["branch"]) for row in rows],
            )
    except sqlite3.IntegrityError as exc:
        raise ImportFailed(f"{path.name} could not be imported") from exc
    return len(rows)
