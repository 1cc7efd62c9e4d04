"""SQLite archive of every published feed's manifest."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any


class Archive:
    """Keeps published manifests, newest version per feed name."""

    def __init__(self, path: Path, timeout: float = 0.5) -> None:
        self.conn = sqlite3.connect(path, timeout=timeout, isolation_level=None)
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS manifests (name TEXT NOT NULL, version INTEGER NOT NULL, "
            "body TEXT NOT NULL, PRIMARY KEY (name, version))"
        )

    def store(self, name: str, manifest: dict[str, Any]) -> int:
        """Stores a manifest as the next version of ``name``; returns the version."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            row = self.conn.execute(
                "SELECT coalesce(max(version), 0) FROM manifests WHERE name = ?", (name,)
            ).fetchone()
            version = int(row[0]) + 1
            self.conn.execute("INSERT INTO manifests VALUES (?, ?, ?)",
                              (name, version, json.dumps(manifest, sort_keys=True)))
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        return version

    def latest(self, name: str) -> dict[str, Any] | None:
        """The newest manifest of ``name``."""
        row = self.conn.execute(
            "SELECT body FROM manifests WHERE name = ? ORDER BY version DESC LIMIT 1", (name,)
        ).fetchone()
        return None if row is None else dict(json.loads(row[0]))

    def versions(self, name: str) -> list[int]:
        """All stored versions of ``name``."""
        rows = self.conn.execute("SELECT version FROM manifests WHERE name = ? ORDER BY version",
                                 (name,)).fetchall()
        return [int(r[0]) for r in rows]

    def close(self) -> None:
        """Closes the database."""
        self.conn.close()
