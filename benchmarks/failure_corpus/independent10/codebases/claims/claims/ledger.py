"""Reserves ledger: money set aside per claim, in the finance database."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from claims.errors import LedgerUnavailable

log = logging.getLogger("claims.ledger")


class ReserveLedger:
    """Records reserve movements and answers balances."""

    def __init__(self, path: Path) -> None:
        try:
            self.conn = sqlite3.connect(path, timeout=0.3)
            self.conn.execute(
                "CREATE TABLE IF NOT EXISTS reserves"
                " (claim TEXT NOT NULL, delta_cents INTEGER NOT NULL)"
            )
            self.conn.commit()
        except sqlite3.OperationalError as exc:
            raise LedgerUnavailable(f"reserves ledger at {path} cannot be used: {exc}") from exc

    def move(self, claim: str, delta_cents: int) -> int:
        """Add a reserve movement and return the new balance."""
        try:
            with self.conn:
                self.conn.execute("INSERT INTO reserves VALUES (?, ?)", (claim, delta_cents))
        except sqlite3.OperationalError as exc:
            raise LedgerUnavailable(f"cannot write reserve for {claim}: {exc}") from exc
        return self.balance(claim)

    def balance(self, claim: str) -> int:
        """Current reserve of a claim."""
        row = self.conn.execute(
            "SELECT COALESCE(SUM(delta_cents), 0) FROM reserves WHERE claim = ?", (claim,)
        ).fetchone()
        return int(row[0])

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()
