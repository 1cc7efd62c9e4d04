"""Floor planning: a producer reads departures while planners wait for them."""

from __future__ import annotations

import asyncio


async def plan_floor(floor: int, departures: list[int],
                     attendants: list[str]) -> dict[str, list[int]]:
    """Share the floor's departures over the attendants, round robin."""
    ready = asyncio.Event()
    rooms: list[int] = []

    async def producer() -> None:
        await asyncio.sleep(0)
        rooms.extend(r for r in departures if r // 100 == floor)
        ready.set()

    async def planner() -> dict[str, list[int]]:
        await ready.wait()
        plan: dict[str, list[int]] = {a: [] for a in attendants}
        for index, room in enumerate(sorted(rooms)):
            plan[attendants[index % len(attendants)]].append(room)
        return plan

    _, plan = await asyncio.gather(producer(), planner())
    return plan
