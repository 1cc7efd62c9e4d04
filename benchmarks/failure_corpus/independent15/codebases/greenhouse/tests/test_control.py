from __future__ import annotations

import asyncio
import itertools
from pathlib import Path

import pytest

from greenhouse import control, zones


@pytest.mark.timeout(3)
def test_vent_move_acknowledged() -> None:
    assert asyncio.run(control.VentController().move(40)) == 40


@pytest.mark.timeout(3)
def test_collect_samples() -> None:
    counter = itertools.count()
    assert control.collect_samples(lambda: float(next(counter)), 5) == [0.0, 1.0, 2.0, 3.0, 4.0]


def test_co2_plugin() -> None:
    assert control.load_plugin("co2").convert(600.0, 1000.0) == 608.0


def test_settings_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GH_POLL_SECONDS", "15")
    from greenhouse import settings

    assert settings.load().poll_seconds == 15


def test_zone_limits(zones_file: Path) -> None:
    limits = zones.load_limits(zones_file)
    assert limits["north"]["max_temp"] == 29
