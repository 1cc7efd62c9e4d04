"""Async intake of agency feeds."""

from __future__ import annotations

import asyncio
import logging

import httpx

from newsdesk.config import Settings
from newsdesk.contract import WireItem, parse_wire_item
from newsdesk.errors import WireError, WireTimeout

log = logging.getLogger(__name__)


async def fetch_feed(client: httpx.AsyncClient, settings: Settings, agency: str) -> list[WireItem]:
    """All items an agency offers today."""
    base = settings.agency_urls[agency]
    try:
        response = await client.get(f"{base}/agencies/{agency}/stories")
    except httpx.TimeoutException as exc:
        log.warning("agency %s did not answer within %.1fs", agency, settings.partner_timeout)
        raise WireTimeout(f"agency {agency} timed out") from exc
    if response.status_code in (401, 403):
        raise WireError(f"agency {agency} refused our subscription: HTTP {response.status_code}")
    response.raise_for_status()
    items = [parse_wire_item(agency, raw) for raw in response.json()["items"]]
    log.info("agency %s offered %d items", agency, len(items))
    return items


async def fetch_all(
    settings: Settings, agencies: list[str], concurrency: int = 2
) -> dict[str, list[WireItem]]:
    """Every agency's feed, at most ``concurrency`` requests at a time."""
    limit = asyncio.Semaphore(concurrency)

    async def guarded(client: httpx.AsyncClient, agency: str) -> list[WireItem]:
        async with limit:
            return await fetch_feed(client, settings, agency)

    async with httpx.AsyncClient(timeout=httpx.Timeout(settings.partner_timeout)) as client:
        feeds = await asyncio.gather(*(guarded(client, agency) for agency in agencies))
    return dict(zip(agencies, feeds, strict=True))


async def fetch_one(settings: Settings, agency: str) -> list[WireItem]:
    """One agency's feed."""
    async with httpx.AsyncClient(timeout=httpx.Timeout(settings.partner_timeout)) as client:
        return await fetch_feed(client, settings, agency)


def pull(settings: Settings, agencies: list[str]) -> dict[str, list[WireItem]]:
    """Synchronous entry point of the wire intake for several agencies."""
    return asyncio.run(fetch_all(settings, agencies))


def pull_one(settings: Settings, agency: str) -> list[WireItem]:
    """Synchronous entry point of the wire intake for one agency."""
    return asyncio.run(fetch_one(settings, agency))
