"""Vent control and sample collection."""

from __future__ import annotations

import asyncio
import importlib
import threading
import time
from collections.abc import Callable
from typing import Any

VENT_OPEN_AT = 28.0


def vent_should_open(celsius: float, humidity: float) -> bool:
    """Vents open at the threshold temperature or above 85 % humidity."""
    return celsius >= VENT_OPEN_AT or humidity > 85.0


class VentController:
    """Moves a vent motor and waits for its limit switch to acknowledge."""

    def __init__(self, travel_seconds: float = 0.05) -> None:
        self.travel_seconds = travel_seconds
        self.position = 0

    async def move(self, percent: int) -> int:
        ack = asyncio.Event()

        def limit_switch() -> None:
            self.position = percent
            ack.set()

        asyncio.get_running_loop().call_later(self.travel_seconds, limit_switch)
        await ack.wait()
        return self.position


def collect_samples(read: Callable[[], float], wanted: int) -> list[float]:
    """Sample a sensor from a background thread until ``wanted`` samples arrived."""
    samples: list[float] = []
    stop = threading.Event()

    def sampler() -> None:
        while not stop.is_set():
            samples.append(read())
            time.sleep(0.01)

    worker = threading.Thread(target=sampler, daemon=True)
    worker.start()
    while len(samples) < wanted:
        time.sleep(0.01)
    stop.set()
    worker.join()
    return samples[:wanted]


def load_plugin(kind: str) -> Any:
    """The conversion plugin of a sensor kind."""
    return importlib.import_module(f"greenhouse.plugins.{kind}")
