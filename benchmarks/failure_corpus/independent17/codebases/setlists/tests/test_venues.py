from __future__ import annotations

from setlists import config
from setlists.venues import venue


def test_venue_capacity(settings: config.Settings) -> None:
    record = venue(settings.venues_url, settings.venues_key, "coliseu-porto", settings.timeout)
    assert record["capacity"] == 3500


def test_venue_city(settings: config.Settings) -> None:
    record = venue(settings.venues_url, settings.venues_key, "coliseu-porto", settings.timeout)
    assert record["city"] == "Porto"
