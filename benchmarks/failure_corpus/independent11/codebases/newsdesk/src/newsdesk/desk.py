"""The editing desk: stories, revisions, publication, front page."""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterator
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from newsdesk.cache import COUNTER
from newsdesk.contract import WireItem
from newsdesk.errors import DuplicateStory, NewsdeskError, StoryNotFound
from newsdesk.models import Correction, Publication, Revision, Story, Tag

log = logging.getLogger(__name__)

WORDS_PER_MINUTE = 200


def slugify(headline: str) -> str:
    """A URL slug for a headline."""
    return re.sub(r"[^a-z0-9]+", "-", headline.lower()).strip("-")


def reading_minutes(words: int) -> int:
    """Minutes a reader needs, at least one."""
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def story_by_slug(session: Session, slug: str) -> Story:
    """The story with ``slug``, or StoryNotFound."""
    story = session.scalars(select(Story).where(Story.slug == slug)).one_or_none()
    if story is None:
        raise StoryNotFound(slug)
    return story


def create_story(
    session: Session,
    desk_code: str,
    headline: str,
    body: str = "",
    priority: int = 3,
    author_id: int | None = None,
    embargo_until: datetime | None = None,
) -> Story:
    """File a new draft; a slug already on file raises DuplicateStory."""
    story = Story(
        slug=slugify(headline),
        headline=headline,
        body=body,
        word_count=COUNTER.count(body),
        priority=priority,
        desk_code=desk_code,
        author_id=author_id,
        embargo_until=embargo_until,
    )
    session.add(story)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as exc:
        if "stories_slug_key" in str(exc.orig):
            raise DuplicateStory(story.slug) from exc
        raise
    log.info("filed %s on desk %s", story.slug, desk_code)
    return story


def ingest_items(session: Session, desk_code: str, items: list[WireItem]) -> list[Story]:
    """File agency items as drafts, keeping the agency's slug."""
    stories = []
    for item in items:
        story = Story(
            slug=item.slug,
            headline=item.headline,
            body=item.body,
            word_count=COUNTER.count(item.body),
            priority=item.priority,
            desk_code=desk_code,
            source=item.agency,
        )
        session.add(story)
        stories.append(story)
    session.flush()
    log.info("ingested %d agency items on %s", len(stories), desk_code)
    return stories


def edit_story(
    session: Session, slug: str, editor: str, body: str, note: str | None = None
) -> Revision:
    """Replace a story's body and record the revision."""
    story = story_by_slug(session, slug)
    revision = Revision(story=story, number=len(story.revisions) + 1, editor=editor, note=note)
    story.body = body
    story.word_count = COUNTER.count(body)
    story.status = "edited"
    session.add(revision)
    session.flush()
    return revision


def is_publishable(story: Story, now: datetime) -> bool:
    """Whether the embargo, if any, has been lifted at ``now``."""
    return story.embargo_until is None or now >= story.embargo_until


def publish(
    session: Session,
    slug: str,
    channel: str,
    now: datetime | None = None,
    reference: str | None = None,
) -> Publication:
    """Put a story out on a channel."""
    story = story_by_slug(session, slug)
    moment = now or datetime.now(UTC)
    if not is_publishable(story, moment):
        raise NewsdeskError(f"{slug} is embargoed until {story.embargo_until}")
    if story.status == "killed":
        raise NewsdeskError(f"{slug} was killed")
    story.status = "published"
    publication = Publication(story_id=story.id, channel=channel, syndication_ref=reference)
    session.add(publication)
    session.flush()
    return publication


def channels_of(session: Session, slug: str) -> list[str]:
    """Channels a story has been published on, sorted."""
    story = story_by_slug(session, slug)
    rows = session.scalars(select(Publication.channel).where(Publication.story_id == story.id))
    return sorted(rows)


def front_page(session: Session, limit: int = 5) -> list[Story]:
    """Published stories, most important first, newest first within a priority."""
    query = (
        select(Story)
        .where(Story.status == "published")
        .order_by(Story.priority.asc(), Story.created_at.desc(), Story.id.desc())
        .limit(limit)
    )
    return list(session.scalars(query))


def front_page_lines(session: Session, limit: int = 5) -> list[str]:
    """Front page as "headline — byline" lines."""
    lines = []
    for story in front_page(session, limit):
        byline = story.author.name if story.author is not None else "Staff"
        lines.append(f"{story.headline} — {byline}")
    return lines


def kill_story(session: Session, slug: str, reason: str) -> Correction:
    """Withdraw a story and record why."""
    story = story_by_slug(session, slug)
    story.status = "killed"
    correction = Correction(story_id=story.id, text=f"Withdrawn: {reason}")
    session.add(correction)
    session.flush()
    return correction


def corrections_of(session: Session, slug: str) -> list[str]:
    """Texts of a story's corrections, oldest first."""
    story = story_by_slug(session, slug)
    return list(
        session.scalars(
            select(Correction.text).where(Correction.story_id == story.id).order_by(Correction.id)
        )
    )


def tag_story(session: Session, slug: str, tags: list[str]) -> list[str]:
    """Attach topic tags (lower-cased, deduplicated) and return the story's tags."""
    story = story_by_slug(session, slug)
    existing = set(session.scalars(select(Tag.tag).where(Tag.story_id == story.id)))
    for tag in sorted({t.strip().lower() for t in tags} - existing):
        session.add(Tag(story_id=story.id, tag=tag))
    session.flush()
    return sorted(session.scalars(select(Tag.tag).where(Tag.story_id == story.id)))


def slugs_in_pages(session: Session, page_size: int) -> Iterator[list[str]]:
    """All slugs, alphabetically, one page at a time."""
    offset = 0
    while True:
        page = list(
            session.scalars(select(Story.slug).order_by(Story.slug).offset(offset).limit(page_size))
        )
        if not page:
            return
        yield page
        offset += len(page)


def status_counts(session: Session) -> dict[str, int]:
    """Stories per status."""
    rows = session.execute(select(Story.status, func.count()).group_by(Story.status))
    return {status: count for status, count in rows.tuples()}
