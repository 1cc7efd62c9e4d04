"""Laundry vendor pickups, its linen catalogue, and uniform orders."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx


class LaundryError(Exception):
    """The laundry vendor could not be reached in time."""


async def book_pickup(base_url: str, floor: int, bags: int, timeout: float) -> dict[str, Any]:
    try:
        async with httpx.AsyncClient(base_url=base_url, timeout=timeout) as client:
            response = await client.post("/v1/pickups", json={"floor": floor, "bags": bags})
            response.raise_for_status()
    except httpx.TimeoutException as exc:
        raise LaundryError(f"pickup for floor {floor} not confirmed") from exc
    result: dict[str, Any] = response.json()
    return result


async def book_floors(base_url: str, bags: dict[int, int], timeout: float) -> list[bool]:
    results = await asyncio.gather(*(book_pickup(base_url, floor, n, timeout)
                                     for floor, n in sorted(bags.items())))
    return [bool(r["accepted"]) for r in results]


async def linen_catalogue(base_url: str, timeout: float) -> dict[str, float]:
    async with httpx.AsyncClient(base_url=base_url, timeout=timeout,
                                 trust_env=False) as client:
        response = await client.get("/v1/catalogue")
        response.raise_for_status()
    return {item["code"]: float(item["price"]) for item in response.json()["items"]}


async def order_uniforms(base_url: str, sizes: dict[str, int], timeout: float) -> str:
    async with httpx.AsyncClient(base_url=base_url, timeout=timeout) as client:
        response = await client.post("/v1/orders", json={"sizes": sizes})
        response.raise_for_status()
    return str(response.json()["order"])
