"""Intake of claim submissions: validation, numbering, spooling and storage."""

from __future__ import annotations

import json
import logging
import sqlite3
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from claims.errors import ContractError, StorageError

log = logging.getLogger("claims.intake")
KINDS = frozenset({"theft", "water", "fire", "collision", "medical"})


@dataclass(frozen=True)
class Submission:
    """A claim as submitted by a policy holder."""

    policy_number: str
    kind: str
    amount_cents: int


def parse_submission(raw: dict[str, Any]) -> Submission:
    """Check one submitted claim."""
    kind = str(raw.get("kind", "")).lower()
    if kind not in KINDS:
        raise ContractError(f"unknown claim kind {kind!r}")
    amount = Decimal(str(raw["amount"]))
    return Submission(str(raw["policy"]), kind, int(amount * 100))


def spool(path: Path, raw: dict[str, Any]) -> None:
    """Append the raw submission to the spool file before processing it."""
    try:
        with path.open("a") as handle:
            handle.write(json.dumps(raw, sort_keys=True) + "\n")
    except OSError as exc:
        raise StorageError(f"cannot spool submission to {path}") from exc


def next_number(conn: sqlite3.Connection) -> str:
    """The next free claim number."""
    last = conn.execute("SELECT MAX(id) FROM claims").fetchone()[0] or 0
    return f"CLM-{last + 1:06d}"


def register(conn: sqlite3.Connection, sub: Submission) -> str:
    """Store a claim and return its number."""
    number = next_number(conn)
    with conn:
        conn.execute(
            "INSERT INTO claims (number, policy_number, kind, amount_cents) VALUES (?, ?, ?, ?)",
            (number, sub.policy_number, sub.kind, sub.amount_cents),
        )
    log.info("registered claim %s for policy %s", number, sub.policy_number)
    return number


def submit(conn: sqlite3.Connection, spool_path: Path, raw: dict[str, Any]) -> str:
    """Spool, check and store one submission."""
    spool(spool_path, raw)
    return register(conn, parse_submission(raw))


def submit_batch(conn: sqlite3.Connection, spool_path: Path, path: Path) -> list[str]:
    """Submit every claim of a JSON batch file."""
    batch = json.loads(path.read_text())
    return [submit(conn, spool_path, raw) for raw in batch["claims"]]
