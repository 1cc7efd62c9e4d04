"""The supplier's nightly acquisitions feed (CSV) checked against the agreed contract."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from lending.errors import ContractViolation

COLUMNS = ("isbn", "title", "branch", "copies", "unit_price")


@dataclass(frozen=True)
class Acquisition:
    isbn: str
    title: str
    branch: str
    copies: int
    unit_price: Decimal

    @property
    def total(self) -> Decimal:
        return self.unit_price * self.copies


def parse_row(number: int, row: dict[str, str]) -> Acquisition:
    try:
        price = Decimal(row["unit_price"])
    except InvalidOperation as exc:
        raise ContractViolation(f"row {number}: unit_price {row['unit_price']!r}") from exc
    if len(row["isbn"]) != 13 or not row["isbn"].isdigit():
        raise ContractViolation(f"row {number}: isbn {row['isbn']!r} is not an ISBN-13")
    return Acquisition(row["isbn"], row["title"], row["branch"], int(row["copies"]), price)


def read_feed(path: Path) -> list[Acquisition]:
    with path.open(newline="") as fh:
        reader = csv.DictReader(fh)
        missing = set(COLUMNS) - set(reader.fieldnames or ())
        if missing:
            raise ContractViolation(f"{path.name} lacks columns {sorted(missing)}")
        return [parse_row(n, row) for n, row in enumerate(reader, start=2)]


def spend_by_branch(items: list[Acquisition]) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = {}
    for item in items:
        totals[item.branch] = totals.get(item.branch, Decimal(0)) + item.total
    return totals
