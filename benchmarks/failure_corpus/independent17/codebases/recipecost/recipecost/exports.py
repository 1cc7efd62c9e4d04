"""Invoices for the catering customers, as JSON and in the accounting spool."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path


def invoice_json(customer: str, lines: list[tuple[str, int, Decimal]]) -> str:
    """The invoice document: lines of (item, count, unit price) and the total."""
    body = {
        "customer": customer,
        "lines": [{"item": i, "count": c, "unit_price": str(p)} for i, c, p in lines],
        "total": str(sum((c * p for _i, c, p in lines), Decimal(0))),
    }
    return json.dumps(body, sort_keys=True)


def spool_invoice(spool_dir: str, number: int, document: str) -> Path:
    """Drop an invoice into the accounting system's spool folder."""
    path = Path(spool_dir) / f"INV-{number:06d}.json"
    path.write_text(document)
    return path
