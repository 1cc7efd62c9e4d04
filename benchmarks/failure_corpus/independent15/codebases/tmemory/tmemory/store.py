"""Segments, projects, glossaries and reports on the PostgreSQL store."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from tmemory import db
from tmemory.text import checksum, normalise, similarity, word_count

log = logging.getLogger(__name__)


class DuplicateSegment(Exception):
    """The project already holds this source text."""


def project_id(code: str) -> int:
    with db.engine().connect() as conn:
        return int(conn.execute(text("SELECT id FROM projects WHERE code = :c"), {"c": code})
                   .scalar_one())


def add_segment(project: int, pair: tuple[str, str], source: str, target: str) -> int:
    """Store a translated segment; returns its id."""
    params = {"p": project, "sl": pair[0], "tl": pair[1], "s": normalise(source),
              "t": target, "c": checksum(source), "w": word_count(source)}
    try:
        with db.engine().begin() as conn:
            return int(conn.execute(text(
                "INSERT INTO segments (project_id, source_lang, target_lang, source, target,"
                " checksum, word_count) VALUES (:p, :sl, :tl, :s, :t, :c, :w) RETURNING id"
            ), params).scalar_one())
    except IntegrityError as exc:
        log.error("segment of project %s not stored: %s", project, exc.orig)
        if "checksum" in str(exc.orig):
            raise DuplicateSegment(f"project {project} already holds {source!r}") from exc
        raise


def lookup(project: int, source: str) -> str | None:
    """Exact match on the normalised source."""
    with db.engine().connect() as conn:
        found = conn.execute(
            text("SELECT target FROM segments WHERE project_id = :p AND source = :s"),
            {"p": project, "s": normalise(source)},
        ).scalar()
    return None if found is None else str(found)


def fuzzy(project: int, source: str, minimum: float = 0.7) -> list[tuple[float, str]]:
    """Candidates at or above ``minimum``, best first."""
    with db.engine().connect() as conn:
        rows = conn.execute(text("SELECT source, target FROM segments WHERE project_id = :p"),
                            {"p": project}).all()
    scored = [(similarity(source, row.source), row.target) for row in rows]
    return sorted((item for item in scored if item[0] >= minimum), reverse=True)


def approve(segment: int, reviewer: str) -> None:
    with db.engine().begin() as conn:
        conn.execute(text("UPDATE segments SET status = 'approved', reviewer = :r WHERE id = :i"),
                     {"r": reviewer, "i": segment})


def word_total(project: int) -> int:
    """Words of every segment of a project, from the reporting replica."""
    with db.engine("TM_REPORTING_URL").connect() as conn:
        total = conn.execute(text("SELECT COALESCE(SUM(word_count), 0) FROM segments"
                                  " WHERE project_id = :p"), {"p": project}).scalar_one()
    return int(total)


def create_project(code: str, client: int) -> int:
    with db.engine().begin() as conn:
        return int(conn.execute(text("INSERT INTO projects (code, client_id) VALUES (:c, :k)"
                                     " RETURNING id"), {"c": code, "k": client}).scalar_one())


def client_projects(client: str) -> list[str]:
    with db.engine().connect() as conn:
        rows = conn.execute(text(
            "SELECT projects.code FROM projects JOIN clients ON clients.id = projects.client_id"
            " WHERE clients.name = :n ORDER BY projects.code"), {"n": client}).all()
    return [row.code for row in rows]


def set_term(term: str, lang: str, translation: str) -> None:
    """Upsert a glossary entry, waiting at most a second for table locks."""
    with db.engine().begin() as conn:
        conn.execute(text("SET LOCAL lock_timeout = '1s'"))
        conn.execute(text(
            "INSERT INTO glossary (term, lang, translation) VALUES (:t, :l, :x)"
            " ON CONFLICT (term, lang) DO UPDATE SET translation = EXCLUDED.translation"),
            {"t": term, "l": lang, "x": translation})


def queue_batch(project: int, sources: list[str]) -> int:
    """Check a batch in through the batch role; returns the project's segment count after it."""
    with db.engine("TM_BATCH_URL").begin() as conn:
        count = conn.execute(text("SELECT COUNT(*) FROM segments WHERE project_id = :p"),
                             {"p": project}).scalar_one()
    return int(count) + len(sources)


def archive_stats() -> dict[str, Any]:
    """Size of the archive database."""
    with db.engine("TM_ARCHIVE_URL").connect() as conn:
        size = conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one()
    return {"bytes": int(size)}
