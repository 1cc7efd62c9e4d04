"""The audit trail (its own role) and the archive database."""

from __future__ import annotations

from inventory.db import connect


def record(actor: str, action: str) -> None:
    with connect("inv_audit") as conn:
        conn.execute("INSERT INTO audit_log (actor, action) VALUES (%s, %s)", (actor, action))


def recent(actor: str) -> list[str]:
    with connect("inv_audit") as conn:
        rows = conn.execute("SELECT action FROM audit_log WHERE actor = %s ORDER BY id", (actor,)).fetchall()
        return [str(r[0]) for r in rows]


def archive(sku: str) -> bool:
    with connect(dbname="inv_archive") as conn:
        conn.execute("INSERT INTO archived_items (sku) VALUES (%s) ON CONFLICT DO NOTHING", (sku,))
        row = conn.execute("SELECT count(*) FROM archived_items WHERE sku = %s", (sku,)).fetchone()
        return row is not None and int(str(row[0])) == 1
