"""Environments shared by every job that targets one application version.

    with shared_environment(project, "local", "v1.2.3", provision) as env:
        ...  # run the suite against env

The first job to ask for ``(project, environment, app version)`` provisions
it and becomes its owner; jobs that ask while it is up attach to it (they
get its URLs, not its processes). Each job holds a lease while it runs. The
owner tears the environment down once the last lease is gone, waiting for
the others if it finishes first. Leases of dead processes don't count, and
a dead owner's record is replaced by a fresh environment.

The registry is a JSON file per key under ``~/.qatron/shared`` (or
``$QATRON_SHARED_DIR``), guarded by an exclusive file lock: services listen
on this host, so the jobs sharing them run here too.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qatron.drivers.base import Started
from qatron.processes import owner, owner_gone
from qatron.services import RunningEnvironment
from qatron.teardown import stop_environment

SHARED_DIR_VAR = "QATRON_SHARED_DIR"
POLL = 0.5


@dataclass
class Attached(Started):
    """A service of an environment another job owns: its values, nothing to stop."""

    name: str
    log_path: Path
    shown: dict[str, object]

    @property
    def values(self) -> dict[str, object]:
        return self.shown

    def stop(self) -> None:
        """The owner stops it."""


def environment_key(project_root: Path, environment: str, app_version: str) -> str:
    """What identifies one shared environment: the project, the environment, the version."""
    return f"{Path(project_root).resolve()}|{environment}|{app_version}"


def registry_dir() -> Path:
    return Path(os.environ.get(SHARED_DIR_VAR) or Path.home() / ".qatron" / "shared")


@contextmanager
def shared_environment(key: str, provision: Callable[[], RunningEnvironment], *,
                       teardown: Callable[[RunningEnvironment], None] | None = None,
                       wait_for_others: float = 6 * 3600,
                       on_wait: Callable[[list[str]], None] | None = None,
                       ) -> Iterator[RunningEnvironment]:
    """The environment shared under ``key``: provisioned now, or attached to (see module)."""
    me = owner()
    path = registry_dir() / f"{hashlib.sha256(key.encode()).hexdigest()[:24]}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    env: RunningEnvironment | None = None
    with _locked(path) as record:
        if record.get("owner") and not owner_gone(record["owner"]):
            record["leases"] = [*_live(record.get("leases", [])), me]
            env = _attach(record)
        else:
            env = provision()
            record.clear()
            record.update({"key": key, "owner": me, "leases": [me], "created": time.time(),
                           "environment": _describe(env)})
    try:
        yield env
    finally:
        with _locked(path) as record:
            record["leases"] = [lease for lease in _live(record.get("leases", []))
                                if lease != me]
        if record.get("owner") == me:
            _wait_for_leases(path, wait_for_others, on_wait)
            try:
                if teardown is not None:
                    teardown(env)
                else:
                    stop_environment(env)
            finally:
                with _locked(path) as record:
                    if record.get("owner") == me:
                        record.clear()


def _wait_for_leases(path: Path, limit: float,
                     on_wait: Callable[[list[str]], None] | None) -> None:
    deadline = time.monotonic() + limit
    told: list[str] = []
    while time.monotonic() < deadline:
        with _locked(path) as record:
            others = _live(record.get("leases", []))
            record["leases"] = others
        if not others:
            return
        if on_wait is not None and others != told:
            on_wait(others)
            told = others
        time.sleep(POLL)


def _live(leases: list[str]) -> list[str]:
    return [lease for lease in leases if not owner_gone(lease)]


def _describe(env: RunningEnvironment) -> dict[str, Any]:
    return {"name": env.name, "run_dir": str(env.run_dir), "base_url": env.base_url,
            "api_url": env.api_url, "variables": env.variables, "data": env.data,
            "services": {name: {"values": svc.values, "log": str(svc.log_path)}
                         for name, svc in env.services.items()}}


def _attach(record: dict[str, Any]) -> RunningEnvironment:
    shown = record["environment"]
    env = RunningEnvironment(name=shown["name"], run_dir=Path(shown["run_dir"]),
                             base_url=shown["base_url"], api_url=shown["api_url"],
                             variables=shown["variables"], data=shown["data"])
    env.services = {name: Attached(name=name, log_path=Path(svc["log"]), shown=svc["values"])
                    for name, svc in shown["services"].items()}
    return env


@contextmanager
def _locked(path: Path) -> Iterator[dict[str, Any]]:
    """The record at ``path``, read and written back under an exclusive lock."""
    with open(path.with_suffix(".lock"), "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            record = json.loads(path.read_text()) if path.exists() else {}
        except ValueError:
            record = {}
        yield record
        if record:
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(record, indent=2))
            tmp.replace(path)
        else:
            path.unlink(missing_ok=True)
