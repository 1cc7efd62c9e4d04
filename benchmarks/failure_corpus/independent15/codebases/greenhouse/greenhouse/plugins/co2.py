"""CO2 sensors report ppm at 1013 hPa; convert to the local pressure."""

from __future__ import annotations


def convert(ppm: float, hpa: float) -> float:
    return round(ppm * 1013.25 / hpa, 1)
