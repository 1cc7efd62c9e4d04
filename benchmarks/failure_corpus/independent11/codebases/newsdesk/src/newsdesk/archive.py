"""Copies published stories into the archive database and reads desk statistics."""

from __future__ import annotations

import logging

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from newsdesk.config import Settings
from newsdesk.db import make_engine
from newsdesk.errors import StorageUnavailable
from newsdesk.models import ArchivedStory, Story

log = logging.getLogger(__name__)


def archive_published(settings: Settings, session: Session) -> int:
    """Upsert every published story into the archive; the number copied."""
    stories = session.scalars(select(Story).where(Story.status == "published")).all()
    engine = make_engine(settings.archive_dsn)
    try:
        with Session(engine) as archive, archive.begin():
            for story in stories:
                statement = insert(ArchivedStory).values(
                    slug=story.slug, headline=story.headline, body=story.body
                )
                archive.execute(
                    statement.on_conflict_do_update(
                        index_elements=[ArchivedStory.slug],
                        set_={
                            "headline": statement.excluded.headline,
                            "body": statement.excluded.body,
                        },
                    )
                )
    except OperationalError as exc:
        log.error("archive database refused the copy of %d stories", len(stories))
        raise StorageUnavailable("archive database unavailable") from exc
    finally:
        engine.dispose()
    return len(stories)


def archived_headline(settings: Settings, slug: str) -> str | None:
    """The archived headline of ``slug``, if archived."""
    engine = make_engine(settings.archive_dsn)
    try:
        with Session(engine) as archive:
            return archive.scalars(
                select(ArchivedStory.headline).where(ArchivedStory.slug == slug)
            ).one_or_none()
    finally:
        engine.dispose()


def desk_totals(settings: Settings) -> dict[str, int]:
    """Stories per desk, read through the reporting role."""
    engine = make_engine(settings.reports_dsn)
    try:
        with Session(engine) as reports:
            rows = reports.execute(select(Story.desk_code, func.count()).group_by(Story.desk_code))
            return {desk: count for desk, count in rows.tuples()}
    finally:
        engine.dispose()
