"""Client of the sensor gateway and the weather service (aiohttp, tenacity)."""

from __future__ import annotations

import os
from typing import Any

import aiohttp
from pydantic import TypeAdapter
from tenacity import AsyncRetrying, retry_if_exception_type, stop_after_attempt, wait_fixed

from greenhouse.models import Reading

READINGS = TypeAdapter(list[Reading])


class GatewayError(Exception):
    """The gateway answered, but not with what the collector needs."""


class WeatherAuthError(Exception):
    """The weather service refused the collector's key."""


def gateway_url() -> str:
    return os.environ.get("GH_GATEWAY_URL", "http://127.0.0.1:57423")


def weather_url() -> str:
    return os.environ.get("GH_WEATHER_URL", "http://127.0.0.1:57424")


async def fetch_readings(zone: str) -> list[Reading]:
    """Latest readings of every sensor in ``zone``."""
    async with aiohttp.ClientSession() as session:
        response = await session.get(f"{gateway_url()}/zones/{zone}/readings")
        async with response:
            response.raise_for_status()
            payload = await response.json()
    return READINGS.validate_python(payload)


async def calibration_offset(sensor_id: str) -> float:
    """Offset to add to the raw values of ``sensor_id``."""
    async with aiohttp.ClientSession() as session:
        response = await session.get(f"{gateway_url()}/sensors/{sensor_id}/calibration")
        async with response:
            if response.status != 200:
                raise GatewayError(f"gateway answered {response.status} for {sensor_id}") from None
            body: dict[str, Any] = await response.json()
    return float(body["offset"])


async def push_setpoint(zone: str, celsius: float) -> dict[str, Any]:
    """Send a new temperature setpoint; the gateway echoes what it applied."""
    timeout = aiohttp.ClientTimeout(total=float(os.environ.get("GH_GATEWAY_TIMEOUT", "1.0")))
    async with aiohttp.ClientSession(timeout=timeout) as session:
        response = await session.post(
            f"{gateway_url()}/zones/{zone}/setpoint", json={"celsius": celsius}
        )
        async with response:
            response.raise_for_status()
            applied: dict[str, Any] = await response.json()
    return applied


async def zone_status(zone: str) -> str:
    """Controller state of ``zone``: ``ok``, ``degraded`` or ``offline``."""
    async with aiohttp.ClientSession() as session:
        response = await session.get(f"{gateway_url()}/zones/{zone}/status")
        async with response:
            response.raise_for_status()
            body: dict[str, str] = await response.json()
    return body["state"]


async def frost_risk(site: str) -> bool:
    """True when the forecast minimum is below 1 °C; retried on timeouts."""
    timeout = aiohttp.ClientTimeout(total=0.5)
    async for attempt in AsyncRetrying(
        stop=stop_after_attempt(2),
        wait=wait_fixed(0.1),
        retry=retry_if_exception_type(TimeoutError),
    ):
        with attempt:
            async with aiohttp.ClientSession(timeout=timeout) as session:
                response = await session.get(f"{weather_url()}/forecast/{site}")
                async with response:
                    response.raise_for_status()
                    body: dict[str, float] = await response.json()
    return body["min_c"] < 1.0


async def weather_alerts(site: str) -> list[str]:
    """Active weather alerts for ``site`` (the alerts API needs the collector's key)."""
    key = os.environ.get("GH_ALERTS_KEY", "alerts-5521")
    headers = {"Authorization": f"Bearer {key}"}
    async with aiohttp.ClientSession(headers=headers) as session:
        response = await session.get(f"{weather_url()}/alerts/{site}")
        async with response:
            if response.status in (401, 403):
                raise WeatherAuthError(f"alerts API refused the key ({response.status})")
            response.raise_for_status()
            body: dict[str, list[str]] = await response.json()
    return body["alerts"]


async def open_valve(valve: str, seconds: int) -> dict[str, Any]:
    """Ask the irrigation controller to open ``valve`` for ``seconds``."""
    url = os.environ.get("GH_IRRIGATION_URL", gateway_url())
    async with aiohttp.ClientSession() as session:
        response = await session.post(
            f"{url}/valves/{valve}/open", json={"seconds": seconds}
        )
        async with response:
            response.raise_for_status()
            result: dict[str, Any] = await response.json()
    return result
