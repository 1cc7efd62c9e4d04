from __future__ import annotations

from datetime import date

from setlists import config
from setlists.archive import archive_show, archived_venues


def test_archive_show(settings: config.Settings) -> None:
    assert archive_show(settings.archive_url, "Harbour Lights", "Coliseu", date(2019, 3, 2)) > 0


def test_archived_venues(settings: config.Settings) -> None:
    archive_show(settings.archive_url, "Paper Moons", "Le Transbordeur", date(2018, 5, 5))
    assert "Le Transbordeur" in archived_venues(settings.archive_url, "Paper Moons")
