"""Fetching with aiohttp (pages) and httpx (API, mirror, blog)."""

from __future__ import annotations

import asyncio
import logging
import os
from typing import Any

import aiohttp
import httpx
from pydantic import BaseModel

log = logging.getLogger("crawler.fetch")
TIMEOUT = 1.0


def site() -> str:
    return os.environ.get("CRAWL_SITE_URL", os.environ.get("C13_PARTNER", "http://127.0.0.1:57713") + "/site")


def cdn() -> str:
    return os.environ.get("CRAWL_CDN_URL", site())


def mirror() -> str:
    return os.environ.get("CRAWL_MIRROR_URL", site())


class CrawlError(RuntimeError):
    """A page or API call could not be used."""


class SitemapEntry(BaseModel):
    loc: str
    priority: float


async def get_text(session: aiohttp.ClientSession, url: str) -> str:
    async with session.get(url) as resp:
        resp.raise_for_status()
        return await resp.text()


async def fetch_page(url: str) -> str:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=TIMEOUT)) as session:
        return await get_text(session, url)


async def fetch_many(urls: list[str], limit: int = 2) -> dict[str, str]:
    gate = asyncio.Semaphore(limit)
    out: dict[str, str] = {}
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=TIMEOUT)) as session:
        async def one(url: str) -> None:
            async with gate:
                out[url] = await get_text(session, url)
        await asyncio.gather(*(one(u) for u in urls))
    return out


async def fetch_httpx(url: str) -> str:
    async with httpx.AsyncClient(timeout=TIMEOUT) as client:
        resp = await client.get(url)
        resp.raise_for_status()
        return resp.text


async def search(term: str) -> list[str]:
    headers = {"Authorization": f"Bearer {os.environ.get('CRAWL_SITE_TOKEN', 'tk-site')}"}
    async with httpx.AsyncClient(timeout=TIMEOUT, headers=headers) as client:
        resp = await client.get(f"{site()}/api/search", params={"q": term})
        try:
            resp.raise_for_status()
        except httpx.HTTPStatusError as exc:
            log.error("search API failed: %s", exc)
            raise CrawlError(f"search for {term!r} failed with {resp.status_code}") from exc
        hits: list[str] = resp.json()["hits"]
        return hits


async def sitemap() -> list[SitemapEntry]:
    async with httpx.AsyncClient(timeout=TIMEOUT) as client:
        resp = await client.get(f"{site()}/sitemap.json")
        resp.raise_for_status()
        return [SitemapEntry.model_validate(item) for item in resp.json()["urls"]]


def build_proxy_client(proxy: str | None = None) -> httpx.AsyncClient:
    """Client for crawling through the corporate proxy when one is configured."""
    kwargs: dict[str, Any] = {"timeout": TIMEOUT}
    if proxy:
        kwargs["proxy"] = proxy
    return httpx.AsyncClient(**kwargs)
