"""The weekly price list suppliers deliver as CSV."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

COLUMNS = ["sku", "supplier", "price_per_kg", "valid_from"]


def header(path: str) -> list[str]:
    with Path(path).open(newline="") as handle:
        return next(csv.reader(handle))


def load_prices(path: str) -> dict[str, Decimal]:
    with Path(path).open(newline="") as handle:
        return {row["sku"]: Decimal(row["price_per_kg"]) for row in csv.DictReader(handle)}
