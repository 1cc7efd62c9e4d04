from __future__ import annotations

from pathlib import Path

from parcelhub import db


def test_fresh_database_reaches_latest(tmp_path: Path) -> None:
    conn = db.connect(tmp_path / "a.db")
    assert db.migrate(conn) == db.MIGRATIONS[-1][0]
    assert db.schema_version(conn) == 3


def test_migrate_is_idempotent(tmp_path: Path) -> None:
    conn = db.connect(tmp_path / "b.db")
    db.migrate(conn)
    assert db.migrate(conn) == 3


def test_partial_migration_then_rest(tmp_path: Path) -> None:
    conn = db.connect(tmp_path / "c.db")
    assert db.migrate(conn, target=1) == 1
    columns = {r["name"] for r in conn.execute("PRAGMA table_info(parcels)")}
    assert "signed_by" not in columns
    assert db.migrate(conn) == 3
    columns = {r["name"] for r in conn.execute("PRAGMA table_info(parcels)")}
    assert "signed_by" in columns


def test_seeded_carriers(tmp_path: Path) -> None:
    conn = db.connect(tmp_path / "d.db")
    db.migrate(conn)
    db.seed_carriers(conn)
    db.seed_carriers(conn)
    codes = [r["code"] for r in conn.execute("SELECT code FROM carriers ORDER BY code")]
    assert codes == ["KRL", "NRD", "SWX"]
