from __future__ import annotations

from dockbal import config
from dockbal.feed import fetch_zone


def test_fetch_central_stations(settings: config.Settings) -> None:
    stations = fetch_zone(settings.feed_url, "central", settings.feed_token, settings.timeout)
    assert [s.code for s in stations] == ["CT-01", "CT-02", "CT-03"]


def test_fetch_harbour_stations(settings: config.Settings) -> None:
    stations = fetch_zone(settings.feed_url, "harbour", settings.feed_token, settings.timeout)
    assert {s.code for s in stations} == {"HB-01", "HB-02"}


def test_fetch_east_stations(settings: config.Settings) -> None:
    stations = fetch_zone(settings.feed_url, "east", settings.feed_token, settings.timeout)
    assert len(stations) == 2


def test_east_broken_docks_lower_capacity(settings: config.Settings) -> None:
    stations = fetch_zone(settings.feed_url, "east", settings.feed_token, settings.timeout)
    by_code = {s.code: s for s in stations}
    assert by_code["EA-03"].fill_ratio == 0.5


def test_fetch_university_stations(settings: config.Settings) -> None:
    stations = fetch_zone(settings.feed_url, "uni", settings.feed_token, settings.timeout)
    assert stations[0].code == "UN-04"


def test_university_fill_ratios(settings: config.Settings) -> None:
    stations = fetch_zone(settings.feed_url, "uni", settings.feed_token, settings.timeout)
    assert [round(s.fill_ratio, 2) for s in stations] == [0.9, 0.1]
