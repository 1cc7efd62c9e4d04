"""Apply the schema migrations as the owner role and grant the service roles their rights."""

from __future__ import annotations

import argparse
import logging
from collections.abc import Iterable
from pathlib import Path

import psycopg2

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).with_name("migrations")


def pending(conn: psycopg2.extensions.connection) -> list[Path]:
    """Migration files not yet recorded in schema_migrations, in order."""
    with conn.cursor() as cur:
        cur.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
        )
        cur.execute("SELECT name FROM schema_migrations")
        done = {row[0] for row in cur.fetchall()}
    return [p for p in sorted(MIGRATIONS.glob("[0-9]*.sql")) if p.name not in done]


def apply(
    conn: psycopg2.extensions.connection, skip: Iterable[str] = (), seed: bool = True
) -> list[str]:
    """Apply pending migrations except those named in `skip`; return the applied names."""
    skipped = set(skip)
    applied: list[str] = []
    for path in pending(conn):
        if path.stem in skipped:
            log.warning("migration %s held back", path.name)
            continue
        with conn.cursor() as cur:
            cur.execute(path.read_text())
            cur.execute("INSERT INTO schema_migrations (name) VALUES (%s)", (path.name,))
        conn.commit()
        applied.append(path.name)
        log.info("applied %s", path.name)
    with conn.cursor() as cur:
        if seed:
            cur.execute((MIGRATIONS / "seed_courtrooms.sql").read_text())
        cur.execute(
            "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO docket_app"
        )
        cur.execute("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO docket_app")
        cur.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO docket_reports")
    conn.commit()
    return applied


def main() -> None:
    """Command line: migrate a database given by its DSN."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("dsn")
    parser.add_argument("--skip", action="append", default=[])
    parser.add_argument("--no-seed", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    conn = psycopg2.connect(args.dsn)
    try:
        apply(conn, args.skip, seed=not args.no_seed)
    finally:
        conn.close()


if __name__ == "__main__":
    main()
