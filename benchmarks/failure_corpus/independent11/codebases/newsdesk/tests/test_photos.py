from __future__ import annotations

from newsdesk.config import Settings
from newsdesk.photos import count_matches, search


class TestPhotos:
    def test_search_widest_first(self, settings: Settings) -> None:
        widths = [photo.width for photo in search(settings, "harbour")]
        assert widths == sorted(widths, reverse=True)

    def test_captions(self, settings: Settings) -> None:
        assert {photo.caption for photo in search(settings, "storm")} == {
            f"storm picture {n}" for n in range(3)
        }

    def test_count_matches(self, settings: Settings) -> None:
        assert count_matches(settings, ["election", "derby"]) == {"election": 3, "derby": 3}
