"""Async syndication of published stories to the partner network."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

import httpx

from newsdesk.config import Settings
from newsdesk.errors import SyndicationRejected

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Syndicated:
    """The partner's receipt for one story."""

    slug: str
    reference: str


async def send(
    client: httpx.AsyncClient, settings: Settings, slug: str, headline: str
) -> Syndicated:
    """Offer one story to the syndication partner."""
    response = await client.post(
        f"{settings.syndication_url}/syndicate",
        json={"slug": slug, "headline": headline},
        headers={"Authorization": f"Bearer {settings.syndication_token}"},
    )
    if response.status_code == 409:
        raise SyndicationRejected(f"partner already holds {slug}")
    response.raise_for_status()
    reference = response.json()["reference"]
    log.info("syndicated %s as %s", slug, reference)
    return Syndicated(slug=slug, reference=reference)


async def send_batch(settings: Settings, stories: list[tuple[str, str]]) -> list[Syndicated]:
    """Offer several stories at once; the receipts come back in input order."""
    async with httpx.AsyncClient(timeout=httpx.Timeout(settings.partner_timeout)) as client:
        tasks = [
            asyncio.create_task(send(client, settings, slug, headline))
            for slug, headline in stories
        ]
        return list(await asyncio.gather(*tasks))


def syndicate(settings: Settings, stories: list[tuple[str, str]]) -> list[Syndicated]:
    """Synchronous entry point of the syndication client."""
    return asyncio.run(send_batch(settings, stories))
