"""Sea-state forecasts and sailing decisions."""

from __future__ import annotations

from ferrytimes import weather
from ferrytimes.settings import Settings


def test_forecast_minch(settings: Settings) -> None:
    fc = weather.forecast(settings, "MINCH")
    assert fc.area == "MINCH" and fc.wave_height_m < weather.MAX_WAVE_M


def test_forecast_malin(settings: Settings) -> None:
    assert weather.decision(weather.forecast(settings, "MALIN")) in {"sail", "caution"}


def test_forecast_fair_isle(settings: Settings) -> None:
    assert weather.forecast(settings, "FAIRISLE").wind_kt >= 10


def test_forecast_hebrides(settings: Settings) -> None:
    assert weather.forecast(settings, "HEBRIDES").area == "HEBRIDES"


def test_gale_area_cancels(settings: Settings) -> None:
    assert weather.decision(weather.forecast(settings, "GALE-ROCKALL")) == "cancel"


def test_decision_caution() -> None:
    assert weather.decision(weather.Forecast("CROMARTY", 3.0, 20)) == "caution"


def test_decision_sail() -> None:
    assert weather.decision(weather.Forecast("FORTH", 1.0, 12)) == "sail"
