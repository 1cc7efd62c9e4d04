from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from newsdesk.config import Settings
from newsdesk.desk import create_story, publish
from newsdesk.models import Publication
from newsdesk.syndication import syndicate


class TestSyndication:
    def test_syndicate_one(self, settings: Settings) -> None:
        [receipt] = syndicate(settings, [("quake-relief", "Quake relief arrives")])
        assert receipt.reference == "SYN-quake-relief"

    def test_syndicate_batch_order(self, settings: Settings) -> None:
        receipts = syndicate(settings, [(f"batch-{n}", f"Batch story {n}") for n in range(4)])
        assert [r.slug for r in receipts] == ["batch-0", "batch-1", "batch-2", "batch-3"]

    def test_publish_with_reference(self, settings: Settings, session: Session) -> None:
        story = create_story(session, "business", "Merger agreed")
        [receipt] = syndicate(settings, [(story.slug, story.headline)])
        publish(session, story.slug, "syndication", reference=receipt.reference)
        stored = session.scalars(
            select(Publication.syndication_ref).where(Publication.story_id == story.id)
        ).one()
        assert stored == "SYN-merger-agreed"
