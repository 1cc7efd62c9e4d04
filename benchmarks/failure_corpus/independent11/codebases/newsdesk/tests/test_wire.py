from __future__ import annotations

from sqlalchemy.orm import Session

from newsdesk.config import Settings
from newsdesk.desk import ingest_items, story_by_slug
from newsdesk.wire import pull, pull_one


class TestAgencyA:
    def test_feed_a_items(self, settings: Settings) -> None:
        items = pull_one(settings, "a")
        assert [item.slug for item in items] == ["a-wire-1", "a-wire-2", "a-wire-3"]
        assert all(item.headline.startswith("Agency A") for item in items)

    def test_feed_a_ingest(self, settings: Settings, session: Session) -> None:
        stories = ingest_items(session, "metro", pull_one(settings, "a"))
        assert len(stories) == 3
        assert story_by_slug(session, "a-wire-2").source == "a"


class TestAgencyB:
    def test_feed_b_items(self, settings: Settings) -> None:
        items = pull_one(settings, "b")
        assert len(items) == 3
        assert {item.priority for item in items} == {2, 3, 4}

    def test_feed_b_without_bylines(self, settings: Settings) -> None:
        assert [item.byline for item in pull_one(settings, "b")] == [None, None, None]

    def test_feed_b_ingest(self, settings: Settings, session: Session) -> None:
        stories = ingest_items(session, "business", pull_one(settings, "b"))
        assert [story.word_count for story in stories] == [40, 80, 120]


class TestAgencyC:
    def test_feed_c_priorities(self, settings: Settings) -> None:
        assert [item.priority for item in pull_one(settings, "c")] == [2, 3, 4]

    def test_feed_c_ingest(self, settings: Settings, session: Session) -> None:
        stories = ingest_items(session, "sport", pull_one(settings, "c"))
        assert {story.desk_code for story in stories} == {"sport"}


class TestAgencyD:
    def test_feed_d_bylines(self, settings: Settings) -> None:
        assert [item.byline for item in pull_one(settings, "d")] == ["D correspondent"] * 3


class TestAllAgencies:
    def test_fetch_several(self, settings: Settings) -> None:
        feeds = pull(settings, ["e", "f", "g"])
        assert sorted(feeds) == ["e", "f", "g"]
        assert sum(len(items) for items in feeds.values()) == 9

    def test_fetch_keeps_order(self, settings: Settings) -> None:
        feeds = pull(settings, ["g", "e"])
        assert list(feeds) == ["g", "e"]
