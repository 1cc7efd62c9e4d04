"""Rain forecasts lower the expected demand, and so the target fill."""

from __future__ import annotations

import httpx


def rain_probability(base_url: str, timeout: float) -> float:
    """Probability of rain over the next three hours."""
    response = httpx.get(base_url + "/v1/forecast", timeout=timeout)
    response.raise_for_status()
    hours = response.json()["hours"][:3]
    return max(float(h["rain"]) for h in hours)


def adjusted_target(base_target: float, rain: float) -> float:
    """Lower the target fill by up to a fifth when rain is likely."""
    return round(base_target * (1 - 0.2 * rain), 3)
