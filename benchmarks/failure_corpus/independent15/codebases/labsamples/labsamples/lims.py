"""Client of the hospital LIMS (httpx.AsyncClient)."""

from __future__ import annotations

import os
from typing import Any

import httpx

UNITS = {"mmol/L", "g/L", "U/L"}


class LimsError(Exception):
    """The LIMS could not serve a request."""


class LimsTimeout(LimsError):
    """The LIMS did not answer in time."""


class ResultContractError(Exception):
    """A LIMS result breaks the interface agreement."""


def _client() -> httpx.AsyncClient:
    token = os.environ.get("LS_LIMS_TOKEN", "lims-token-8812")
    return httpx.AsyncClient(
        base_url=os.environ.get("LS_LIMS_URL", "http://127.0.0.1:57428"),
        headers={"Authorization": f"Bearer {token}"},
        timeout=float(os.environ.get("LS_LIMS_TIMEOUT", "1.0")),
    )


async def submit_order(barcode: str, panel: str) -> httpx.Response:
    """Order ``panel`` for a sample; the caller inspects the response."""
    async with _client() as client:
        return await client.post("/orders", json={"barcode": barcode, "panel": panel})


async def panel(panel_id: str) -> dict[str, Any]:
    async with _client() as client:
        response = await client.get(f"/panels/{panel_id}")
        try:
            response.raise_for_status()
        except httpx.HTTPStatusError as exc:
            raise LimsError(f"panel {panel_id} unavailable") from exc
        body: dict[str, Any] = response.json()
    return body


async def result(result_id: str) -> dict[str, Any]:
    """A result, checked against the agreed units and types."""
    async with _client() as client:
        try:
            response = await client.get(f"/results/{result_id}")
        except httpx.TimeoutException as exc:
            raise LimsTimeout(f"result {result_id} not delivered in time") from exc
        response.raise_for_status()
        body: dict[str, Any] = response.json()
    if body.get("unit") not in UNITS:
        raise ResultContractError(f"result {result_id}: unit {body.get('unit')!r} not agreed")
    if not isinstance(body.get("value"), int | float):
        raise ResultContractError(f"result {result_id}: value {body.get('value')!r} not numeric")
    return body


async def consent(patient: str) -> bool:
    async with _client() as client:
        response = await client.get(f"/patients/{patient}/consent")
        response.raise_for_status()
        return bool(response.json()["research"])


async def worklist(bench: str) -> list[str]:
    async with _client() as client:
        response = await client.get(f"/worklist/{bench}")
        response.raise_for_status()
        items: list[str] = response.json()["barcodes"]
    return items
