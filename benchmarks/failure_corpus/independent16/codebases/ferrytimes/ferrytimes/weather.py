"""Sea-state forecasts and the sailing decisions they lead to."""

from __future__ import annotations

from dataclasses import dataclass

from ferrytimes.errors import ContractError
from ferrytimes.partners import call
from ferrytimes.settings import Settings

MAX_WAVE_M = 4.0
CAUTION_WAVE_M = 2.5


@dataclass(frozen=True)
class Forecast:
    """The forecast of one sea area."""

    area: str
    wave_height_m: float
    wind_kt: int


def forecast(settings: Settings, area: str) -> Forecast:
    """The current forecast of ``area`` from the met service."""
    answer = call("met-service", settings.weather_url, f"/v1/sea-state/{area}",
                  settings.partner_token, settings.partner_timeout)
    try:
        return Forecast(area=str(answer["area"]), wave_height_m=float(answer["wave_height_m"]),
                        wind_kt=int(answer["wind_kt"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise ContractError(f"met service forecast for {area} is malformed: {exc!r}") from exc


def decision(fc: Forecast) -> str:
    """``sail``, ``caution`` or ``cancel`` for a forecast."""
    if fc.wave_height_m > MAX_WAVE_M:
        return "cancel"
    if fc.wave_height_m > CAUTION_WAVE_M or fc.wind_kt >= 34:
        return "caution"
    return "sail"
