"""Readings and alarms as the sensor gateway delivers them (pydantic v2)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field


class Reading(BaseModel):
    """One sensor sample."""

    sensor_id: str
    kind: Literal["temp", "humidity", "co2", "soil"]
    value: float
    at: datetime
    zone: str = "north"


class Alarm(BaseModel):
    """An alarm raised by a zone controller."""

    zone: str
    code: str = Field(pattern=r"^[A-Z]{2}\d{2}$")
    severity: int = Field(ge=1, le=5)


def format_reading(reading: Reading) -> str:
    """One line of the collector's text log."""
    where = f"{reading.zone}/{reading.sensor_id}"
    return f"{reading.at.isoformat()} {where} {reading.kind}={reading.value:g}"
