"""Import of the policy feed the underwriting system delivers as CSV."""

from __future__ import annotations

import csv
import logging
import sqlite3
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from claims.errors import ContractError

log = logging.getLogger("claims.policies")
PRODUCTS = frozenset({"HOME", "MOTOR", "TRAVEL", "PET"})
REGIONS = frozenset({"north", "south", "east", "west"})
FEED_COLUMNS = ("number", "holder", "product", "region", "deductible")


@dataclass(frozen=True)
class Policy:
    """One insurance policy."""

    number: str
    holder: str
    product: str
    region: str
    deductible_cents: int


def parse_row(row: dict[str, str], line: int) -> Policy:
    """Turn one feed row into a policy, checking the feed's contract."""
    try:
        product = row["product"].strip().upper()
        region = row["region"].strip().lower()
        deductible = Decimal(row["deductible"])
    except KeyError as exc:
        raise ContractError(f"policy feed line {line}: missing column {exc}") from exc
    if product not in PRODUCTS:
        raise ContractError(f"policy feed line {line}: unknown product {product!r}")
    if region not in REGIONS:
        raise ContractError(f"policy feed line {line}: unknown region {region!r}")
    return Policy(row["number"].strip(), row["holder"].strip(), product, region,
                  int(deductible * 100))


def read_feed(path: Path) -> list[Policy]:
    """Read and check every row of the policy feed."""
    with path.open(newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in FEED_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ContractError(f"policy feed {path.name} lacks columns {missing}")
        return [parse_row(row, n) for n, row in enumerate(reader, start=2)]


def import_feed(conn: sqlite3.Connection, path: Path) -> int:
    """Load the policy feed into the database and return the number of policies."""
    policies = read_feed(path)
    with conn:
        conn.executemany(
            "INSERT INTO policies (number, holder, product, region, deductible_cents)"
            " VALUES (?, ?, ?, ?, ?)",
            [(p.number, p.holder, p.product, p.region, p.deductible_cents) for p in policies],
        )
    log.info("imported %d policies from %s", len(policies), path.name)
    return len(policies)


def get_policy(conn: sqlite3.Connection, number: str) -> Policy:
    """Fetch a policy by number."""
    row = conn.execute("SELECT * FROM policies WHERE number = ?", (number,)).fetchone()
    if row is None:
        raise LookupError(f"no policy {number}")
    return Policy(row["number"], row["holder"], row["product"], row["region"],
                  row["deductible_cents"])
