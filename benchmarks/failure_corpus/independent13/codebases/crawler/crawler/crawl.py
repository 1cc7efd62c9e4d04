"""Breadth-first crawl with a worker pool on an asyncio queue."""

from __future__ import annotations

import asyncio

import aiohttp

from crawler import pages
from crawler.fetch import TIMEOUT, get_text


async def crawl(start: str, max_pages: int = 20, workers: int = 3) -> dict[str, str]:
    """Titles of the pages reachable from ``start`` within the same prefix."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    seen = {start}
    titles: dict[str, str] = {}
    await queue.put(start)
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=TIMEOUT)) as session:
        async def worker() -> None:
            while True:
                url = await queue.get()
                try:
                    html = await get_text(session, url)
                    titles[url] = pages.title(html)
                    for link in pages.links(url, html):
                        if link.startswith(start) and link not in seen and len(seen) < max_pages:
                            seen.add(link)
                            await queue.put(link)
                finally:
                    queue.task_done()
        tasks = [asyncio.create_task(worker()) for _ in range(workers)]
        await queue.join()
        for task in tasks:
            task.cancel()
    return titles
