"""Dock telemetry feed of the bike-share operator, read over HTTP."""

from __future__ import annotations

import httpx
from pydantic import BaseModel, Field


class FeedError(Exception):
    """The telemetry feed could not be read."""


class StationStatus(BaseModel):
    code: str
    name: str
    capacity: int = Field(gt=0)
    bikes: int = Field(ge=0)
    broken_docks: int = 0

    @property
    def fill_ratio(self) -> float:
        usable = self.capacity - self.broken_docks
        return self.bikes / usable if usable else 1.0


def fetch_zone(base_url: str, zone: str, token: str, timeout: float) -> list[StationStatus]:
    """Read the current status of every station in a zone."""
    headers = {"Authorization": f"Bearer {token}"}
    try:
        with httpx.Client(base_url=base_url, timeout=timeout, headers=headers) as client:
            response = client.get(f"/v1/zones/{zone}/stations")
            response.raise_for_status()
    except httpx.HTTPError as exc:
        raise FeedError(f"zone {zone}: telemetry feed failed") from exc
    return [StationStatus.model_validate(item) for item in response.json()["stations"]]
