from __future__ import annotations

from datetime import time

from camtrap import config
from camtrap.sun import is_night, sun_times


def test_daylight_rule() -> None:
    assert not is_night(time(12, 0), time(6, 10), time(20, 5))
    assert is_night(time(20, 5), time(6, 10), time(20, 5))


def test_sunrise_for_site(settings: config.Settings) -> None:
    sunrise, _ = sun_times(settings.sun_host, settings.sun_port, "RIDGE-1", "2026-04-01",
                           settings.timeout)
    assert sunrise == time(6, 41)


def test_capture_is_nocturnal(settings: config.Settings) -> None:
    sunrise, sunset = sun_times(settings.sun_host, settings.sun_port, "RIDGE-1", "2026-04-01",
                                settings.timeout)
    assert is_night(time(2, 15), sunrise, sunset)
