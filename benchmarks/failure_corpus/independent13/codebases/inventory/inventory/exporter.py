"""CSV export of stock through COPY."""

from __future__ import annotations

from inventory.db import connect


def export_csv(prefix: str) -> str:
    with connect() as conn, conn.cursor() as cur:
        query = f"COPY (SELECT sku, qty FROM items WHERE sku LIKE '{prefix}%' ORDER BY sku) TO STDOUT WITH CSV"
        with cur.copy(query) as copy:
            return "".join(bytes(chunk).decode() for chunk in copy)
