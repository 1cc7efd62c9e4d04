"""CPU and memory of a load test's target: its processes (with their children) and its
Docker containers, together.

    >>> sampler = Sampler(pids=[server.pid], containers=[], interval=1.0)
    >>> sampler.start(); ...; samples = sampler.stop()     # list[ResourceSample]

Docker is optional: containers are skipped when the engine cannot be reached.
"""

from __future__ import annotations

import contextlib
import threading
import time
from typing import Any

import psutil  # type: ignore[import-untyped]

from qatron.load.models import ResourceSample

_MB = 1024 * 1024


class _Processes:
    """psutil handles kept between samples, since ``cpu_percent`` measures since the last call."""

    def __init__(self) -> None:
        self.known: dict[int, psutil.Process] = {}

    def measure(self, pids: list[int]) -> tuple[float, float]:
        cpu = memory = 0.0
        for process in self._tree(pids):
            with contextlib.suppress(psutil.Error):
                cpu += process.cpu_percent(None)
                memory += process.memory_info().rss / _MB
        return cpu, memory

    def _tree(self, pids: list[int]) -> list[psutil.Process]:
        found: dict[int, psutil.Process] = {}
        for pid in pids:
            with contextlib.suppress(psutil.Error):
                root = self.known.get(pid) or psutil.Process(pid)
                for process in [root, *root.children(recursive=True)]:
                    found[process.pid] = self.known.get(process.pid, process)
        self.known = found
        return list(found.values())


def _docker_client() -> Any | None:
    try:
        import docker  # noqa: PLC0415 - optional, and slow to import

        client = docker.from_env(timeout=5)
        client.ping()
        return client
    except Exception:  # noqa: BLE001 - no SDK, no engine, no permission: no containers
        return None


def _container_usage(client: Any, container_id: str) -> tuple[float, float]:
    """(CPU %, memory MB) of one container from one ``stats`` snapshot."""
    try:
        stats = client.containers.get(container_id).stats(stream=False)
        cpu, pre = stats["cpu_stats"], stats["precpu_stats"]
        used = cpu["cpu_usage"]["total_usage"] - pre.get("cpu_usage", {}).get("total_usage", 0)
        system = cpu.get("system_cpu_usage", 0) - pre.get("system_cpu_usage", 0)
        cpus = cpu.get("online_cpus") or 1
        memory = stats.get("memory_stats", {}).get("usage", 0) / _MB
        return (used / system * cpus * 100 if system > 0 else 0.0), memory
    except Exception:  # noqa: BLE001 - a container that is gone or stats it lacks
        return 0.0, 0.0


def sample(pids: list[int], containers: list[str], *, _processes: _Processes | None = None,
           _docker: Any | None = None) -> ResourceSample:
    """CPU% and memory of the processes ``pids`` (and their children) and ``containers``."""
    cpu, memory = (_processes or _Processes()).measure(pids)
    client = _docker if _docker is not None else (_docker_client() if containers else None)
    for container_id in containers if client is not None else []:
        more_cpu, more_memory = _container_usage(client, container_id)
        cpu, memory = cpu + more_cpu, memory + more_memory
    return ResourceSample(t=time.time(), cpu_percent=round(cpu, 1), memory_mb=round(memory, 1))


class Sampler:
    """Samples the target every ``interval`` seconds in a background thread."""

    def __init__(self, pids: list[int], containers: list[str], interval: float = 1.0) -> None:
        self.pids, self.containers, self.interval = list(pids), list(containers), interval
        self.samples: list[ResourceSample] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="load-resources", daemon=True)

    def start(self) -> Sampler:
        if self.pids or self.containers:
            self._thread.start()
        return self

    def stop(self) -> list[ResourceSample]:
        """Stop sampling; the samples taken."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=self.interval + 10)
        return list(self.samples)

    def _run(self) -> None:
        processes = _Processes()
        processes.measure(self.pids)  # the first cpu_percent of a process is always 0
        client = _docker_client() if self.containers else None
        containers = self.containers if client is not None else []
        while not self._stop.wait(self.interval):
            self.samples.append(sample(self.pids, containers, _processes=processes,
                                       _docker=client))
