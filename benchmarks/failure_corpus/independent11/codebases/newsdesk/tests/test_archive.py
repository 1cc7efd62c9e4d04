from __future__ import annotations

from sqlalchemy.orm import Session

from newsdesk.archive import archive_published, archived_headline, desk_totals
from newsdesk.config import Settings
from newsdesk.models import Story


class TestArchive:
    def test_archive_published(
        self, settings: Settings, session: Session, published_story: Story
    ) -> None:
        assert archive_published(settings, session) >= 1
        assert (
            archived_headline(settings, published_story.slug) == "Council approves tram extension"
        )

    def test_archive_twice(
        self, settings: Settings, session: Session, published_story: Story
    ) -> None:
        first = archive_published(settings, session)
        assert archive_published(settings, session) == first


class TestReports:
    def test_desk_totals(self, settings: Settings) -> None:
        totals = desk_totals(settings)
        assert totals.get("metro", 0) >= 2

    def test_desk_totals_known_desks(self, settings: Settings) -> None:
        assert set(desk_totals(settings)) <= {"metro", "sport", "business", "culture", "science"}
