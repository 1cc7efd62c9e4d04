"""Numbered schema migrations, applied in order and recorded in schema_version.

    python -m setlists.migrate [--to N]
"""

from __future__ import annotations

import argparse

from sqlalchemy import create_engine, text

from setlists import config

MIGRATIONS: list[list[str]] = [
    [
        "CREATE TABLE songs (id serial PRIMARY KEY, artist varchar(120) NOT NULL, "
        "title varchar(200) NOT NULL, cover_of varchar(120), "
        "added_at timestamp NOT NULL DEFAULT now())",
        "CREATE TABLE shows (id serial PRIMARY KEY, artist varchar(120) NOT NULL, "
        "venue varchar(120) NOT NULL, played_on date NOT NULL)",
        "CREATE TABLE entries (id serial PRIMARY KEY, show_id integer NOT NULL "
        "REFERENCES shows (id), position integer NOT NULL, song_id integer NOT NULL "
        "REFERENCES songs (id))",
    ],
    ["CREATE TABLE tours (id serial PRIMARY KEY, artist varchar(120) NOT NULL, "
     "name varchar(120) NOT NULL)"],
    ["ALTER TABLE tours ADD COLUMN leg varchar(60) NOT NULL DEFAULT 'main'"],
]


def migrate(url: str, target: int) -> int:
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE IF NOT EXISTS schema_version (version integer)"))
        version = text("SELECT coalesce(max(version), 0) FROM schema_version")
        current = conn.execute(version).scalar()
        for number, statements in enumerate(MIGRATIONS, start=1):
            if number <= (current or 0) or number > target:
                continue
            for statement in statements:
                conn.execute(text(statement))
            conn.execute(text("INSERT INTO schema_version VALUES (:v)"), {"v": number})
    engine.dispose()
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--to", type=int, default=len(MIGRATIONS))
    args = parser.parse_args()
    settings = config.load()
    migrate(settings.db_url, args.to)
    migrate(settings.archive_url, len(MIGRATIONS))


if __name__ == "__main__":
    main()
