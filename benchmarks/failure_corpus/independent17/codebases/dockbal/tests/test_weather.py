from __future__ import annotations

from dockbal import config
from dockbal.weather import adjusted_target, rain_probability


def test_rain_probability_next_hours(settings: config.Settings) -> None:
    assert rain_probability(settings.weather_url, settings.timeout) == 0.6


def test_weather_adjusted_target(settings: config.Settings) -> None:
    rain = rain_probability(settings.weather_url, settings.timeout)
    assert adjusted_target(0.5, rain) == 0.44


def test_dry_day_keeps_target() -> None:
    assert adjusted_target(0.5, 0.0) == 0.5
