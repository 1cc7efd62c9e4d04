"""Async client of the photo agency."""

from __future__ import annotations

import asyncio

import httpx

from newsdesk.config import Settings
from newsdesk.contract import PhotoMeta, parse_photo


async def _search(settings: Settings, query: str) -> list[PhotoMeta]:
    async with httpx.AsyncClient(
        timeout=httpx.Timeout(settings.partner_timeout), http2=True
    ) as client:
        response = await client.get(f"{settings.photos_url}/photos", params={"q": query})
        response.raise_for_status()
        return [parse_photo(raw) for raw in response.json()["photos"]]


def search(settings: Settings, query: str) -> list[PhotoMeta]:
    """Pictures matching ``query``, widest first."""
    found = asyncio.run(_search(settings, query))
    return sorted(found, key=lambda photo: photo.width, reverse=True)


async def _lookup_many(settings: Settings, queries: list[str]) -> dict[str, int]:
    results = await asyncio.gather(*(_search(settings, query) for query in queries))
    return {query: len(found) for query, found in zip(queries, results, strict=True)}


def count_matches(settings: Settings, queries: list[str]) -> dict[str, int]:
    """How many pictures each query finds, asked concurrently."""
    return asyncio.run(_lookup_many(settings, queries))
