"""Publishing a day's timetable: feed files, archive, planner push, compression."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from boltons.iterutils import chunked

from ferrytimes.errors import FerryError
from ferrytimes.feed import write_feed
from ferrytimes.partners import call
from ferrytimes.settings import Settings
from ferrytimes.timetable import Sailing

BATCH = 3


def push_to_planner(settings: Settings, name: str, sailings: list[Sailing]) -> int:
    """Sends the feed to the journey planner in batches, in parallel; returns rows accepted."""
    batches = chunked([{"id": s.id, "route": s.route, "departs": s.departs.isoformat()}
                       for s in sailings], BATCH)
    accepted = 0
    lock = threading.Lock()

    def send(batch: list[dict[str, Any]]) -> None:
        nonlocal accepted
        answer = call("journey-planner", settings.planner_url, f"/v1/feeds/{name}",
                      settings.partner_token, settings.partner_timeout,
                      body={"name": name, "sailings": batch})
        with lock:
            accepted += int(answer["accepted"])

    with ThreadPoolExecutor(max_workers=2) as pool:
        for future in [pool.submit(send, b) for b in batches]:
            future.result()
    return accepted


def compress(path: Path, timeout: float = 10.0) -> Path:
    """Compresses a feed file with a ``python -m gzip`` subprocess; returns the .gz path."""
    result = subprocess.run([sys.executable, "-m", "gzip", str(path)], capture_output=True,
                            text=True, timeout=timeout, check=False)
    if result.returncode != 0:
        raise FerryError(f"compressing {path.name} failed: {result.stderr.strip()}")
    return path.with_name(path.name + ".gz")


def publish_day(settings: Settings, day: dt.date, sailings: list[Sailing]) -> dict[str, Any]:
    """Writes, compresses and pushes the feed of ``day``; returns its manifest."""
    manifest = write_feed(settings.feed_dir, f"Timetable {day.isoformat()}", sailings)
    compress(settings.feed_dir / f"{manifest['name']}.csv")
    manifest["accepted"] = push_to_planner(settings, manifest["name"], sailings)
    return manifest
