"""Collects several head-end feeds at once: one asyncio task per feed file puts its
readings on a queue, one consumer task sums them per meter."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from pathlib import Path

from meterhub.readings import parse_line


async def _produce(path: Path, queue: asyncio.Queue) -> None:
    for line in path.read_text().splitlines():
        if line.strip():
            await queue.put(parse_line(line))
            await asyncio.sleep(0)


async def _consume(queue: asyncio.Queue, totals: dict[str, float]) -> None:
    while True:
        record = await queue.get()
        totals[record["serial"]] += record["kwh"]
        queue.task_done()


async def collect(paths: list[Path]) -> dict[str, float]:
    queue: asyncio.Queue = asyncio.Queue(maxsize=8)
    totals: dict[str, float] = defaultdict(float)
    consumer = asyncio.create_task(_consume(queue, totals))
    await asyncio.gather(*(_produce(path, queue) for path in paths))
    drained = asyncio.create_task(queue.join())
    done, _ = await asyncio.wait({consumer, drained}, return_when=asyncio.FIRST_COMPLETED)
    if consumer in done:
        consumer.result()
    consumer.cancel()
    return {serial: round(total, 3) for serial, total in totals.items()}


def collect_feeds(paths: list[Path]) -> dict[str, float]:
    return asyncio.run(collect(paths))
