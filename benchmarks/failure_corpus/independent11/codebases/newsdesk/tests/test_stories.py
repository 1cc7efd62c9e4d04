from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from newsdesk.desk import (
    channels_of,
    corrections_of,
    create_story,
    edit_story,
    front_page,
    front_page_lines,
    kill_story,
    publish,
    reading_minutes,
    slugs_in_pages,
    status_counts,
    tag_story,
)
from newsdesk.errors import DuplicateStory, NewsdeskError, StoryNotFound
from newsdesk.models import Author, Story


class TestFiling:
    def test_create_story_slug(self, session: Session) -> None:
        story = create_story(session, "metro", "Bridge Closed For Repairs")
        assert story.slug == "bridge-closed-for-repairs"
        assert story.status == "draft"

    def test_slug_keeps_numbers(self, session: Session) -> None:
        story = create_story(session, "sport", "United win 3-1 in 90th minute")
        assert story.slug == "united-win-3-1-in-90th-minute"

    def test_duplicate_headline_rejected(self, session: Session) -> None:
        create_story(session, "metro", "Library reopens")
        with pytest.raises(DuplicateStory):
            create_story(session, "metro", "Library reopens")

    def test_word_count_recorded(self, session: Session) -> None:
        story = create_story(
            session, "business", "Rates held", body="The bank held rates at four percent."
        )
        assert story.word_count == 7

    def test_reading_minutes(self) -> None:
        assert reading_minutes(0) == 1
        assert reading_minutes(201) == 2
        assert reading_minutes(400) == 2


class TestEditing:
    def test_revision_numbers(self, session: Session) -> None:
        create_story(session, "metro", "Flood warning issued")
        first = edit_story(
            session, "flood-warning-issued", "ana", "Rivers are rising.", note="first pass"
        )
        second = edit_story(
            session, "flood-warning-issued", "ben", "Rivers are rising fast.", note="tightened"
        )
        assert [first.number, second.number] == [1, 2]

    def test_edit_without_note(self, session: Session) -> None:
        create_story(session, "metro", "Park renamed")
        revision = edit_story(session, "park-renamed", "ana", "The park now bears a poet's name.")
        assert revision.note is None

    def test_edit_updates_word_count(self, session: Session) -> None:
        story = create_story(session, "culture", "Festival line-up", body="Tba.")
        edit_story(
            session, story.slug, "cy", "Five bands and two choirs will play.", note="line-up in"
        )
        assert story.word_count == 7
        assert story.status == "edited"

    def test_edit_unknown_story(self, session: Session) -> None:
        with pytest.raises(StoryNotFound):
            edit_story(session, "no-such-story", "ana", "text")


class TestPublishing:
    def test_publish_web(self, session: Session) -> None:
        story = create_story(session, "metro", "Night buses return")
        publication = publish(session, story.slug, "web")
        assert publication.channel == "web"
        assert story.status == "published"

    def test_publish_two_channels(self, session: Session) -> None:
        story = create_story(session, "business", "Factory adds shift")
        publish(session, story.slug, "web")
        publish(session, story.slug, "print")
        assert channels_of(session, story.slug) == ["print", "web"]

    def test_embargo_lifted_at_exact_moment(self, session: Session) -> None:
        lift = datetime(2026, 5, 1, 6, 0, tzinfo=UTC)
        story = create_story(session, "science", "Probe reaches comet", embargo_until=lift)
        assert publish(session, story.slug, "web", now=lift).channel == "web"

    def test_embargoed_story_refused(self, session: Session) -> None:
        lift = datetime(2026, 5, 1, 6, 0, tzinfo=UTC)
        story = create_story(session, "science", "Vaccine trial results", embargo_until=lift)
        with pytest.raises(NewsdeskError, match="embargoed"):
            publish(session, story.slug, "web", now=lift - timedelta(minutes=1))

    def test_killed_story_not_published(self, session: Session) -> None:
        story = create_story(session, "metro", "Rumoured closure")
        story.status = "killed"
        with pytest.raises(NewsdeskError, match="killed"):
            publish(session, story.slug, "web")


class TestFrontPage:
    def test_front_page_order(self, session: Session) -> None:
        for headline, priority in [("Minor item", 5), ("Lead item", 1), ("Second item", 2)]:
            story = create_story(session, "metro", headline, priority=priority)
            publish(session, story.slug, "web")
        assert [s.headline for s in front_page(session, 3)] == [
            "Lead item",
            "Second item",
            "Minor item",
        ]

    def test_front_page_staff_byline(self, session: Session, published_story: Story) -> None:
        assert front_page_lines(session, 1) == ["Council approves tram extension — Staff"]

    def test_front_page_author_byline(self, session: Session) -> None:
        author = Author(name="Dana Reyes", email="dana@example.org", desk_code="metro")
        session.add(author)
        session.flush()
        story = create_story(
            session, "metro", "Market hall restored", priority=1, author_id=author.id
        )
        publish(session, story.slug, "web")
        assert front_page_lines(session, 1) == ["Market hall restored — Dana Reyes"]

    def test_front_page_limit(self, session: Session) -> None:
        for number in range(4):
            publish(session, create_story(session, "sport", f"Result {number}").slug, "web")
        assert len(front_page(session, 2)) == 2


class TestCorrections:
    def test_kill_records_correction(self, session: Session, published_story: Story) -> None:
        kill_story(session, published_story.slug, "legal advice")
        assert corrections_of(session, published_story.slug) == ["Withdrawn: legal advice"]
        assert published_story.status == "killed"

    def test_status_counts_after_kill(self, session: Session, published_story: Story) -> None:
        kill_story(session, published_story.slug, "duplicate")
        assert status_counts(session).get("killed", 0) >= 1


class TestTags:
    def test_tags_deduplicated(self, session: Session) -> None:
        story = create_story(session, "culture", "Opera season opens")
        assert tag_story(session, story.slug, ["Opera", "opera ", "music"]) == ["music", "opera"]

    def test_tags_added_twice(self, session: Session) -> None:
        story = create_story(session, "culture", "Gallery extension")
        tag_story(session, story.slug, ["art"])
        assert tag_story(session, story.slug, ["art", "architecture"]) == ["architecture", "art"]


class TestPaging:
    def test_pages_cover_all_slugs(self, session: Session) -> None:
        for number in range(7):
            create_story(session, "metro", f"Paging item {number}")
        slugs = [slug for page in slugs_in_pages(session, 3) for slug in page]
        assert len(slugs) == len(set(slugs))
        assert {f"paging-item-{n}" for n in range(7)} <= set(slugs)

    def test_page_sizes(self, session: Session) -> None:
        for number in range(5):
            create_story(session, "metro", f"Sized item {number}")
        pages = list(slugs_in_pages(session, 2))
        assert all(len(page) <= 2 for page in pages)
