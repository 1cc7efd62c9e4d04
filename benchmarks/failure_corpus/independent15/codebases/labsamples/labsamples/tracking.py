"""Sample status, collection times, the rack registry and the instrument bridge."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

LAB_TZ = "Europe/Berlin"
TRANSITIONS = {
    "received": {"stored", "rejected"},
    "stored": {"aliquoted", "shipped"},
    "aliquoted": {"shipped", "disposed"},
}


class BridgeCrashed(Exception):
    """The instrument bridge process died."""


def collected_local(collected_at: datetime) -> str:
    """Collection time as printed on worksheets, in the lab's time zone."""
    return collected_at.astimezone(ZoneInfo(LAB_TZ)).strftime("%Y-%m-%d %H:%M")


def next_status(current: str, wanted: str) -> str:
    allowed = TRANSITIONS.get(current, set())
    status = current
    if wanted in allowed:
        status = wanted
    return status


class RackRegistry:
    """Positions of samples in racks, changed one move at a time."""

    def __init__(self) -> None:
        self._lock = asyncio.Lock()
        self.positions: dict[str, tuple[str, int]] = {}
        self.history: list[str] = []

    async def _record(self, text: str) -> None:
        self.history.append(text)

    async def move(self, barcode: str, rack: str, position: int) -> tuple[str, int]:
        async with self._lock:
            self.positions[barcode] = (rack, position)
            await self._record(f"{barcode} -> {rack}/{position}")
        return self.positions[barcode]


def run_bridge(seconds: float) -> str:
    """Run the instrument bridge for a polling window; returns its last status line."""
    proc = subprocess.run(
        [sys.executable, "-m", "labsamples.bridge", str(seconds)],
        capture_output=True, text=True, env={**os.environ},
    )
    if proc.returncode < 0:
        raise BridgeCrashed(f"bridge killed by {signal.Signals(-proc.returncode).name}")
    if proc.returncode != 0:
        raise BridgeCrashed(f"bridge exited {proc.returncode}")
    return proc.stdout.strip().splitlines()[-1]
