"""Pytest plugin standing for the CI machine's constraints on named tests.

``CI_LIMITS`` holds a JSON list of ``{"tests": [node id suffixes], "limit": kind, "value": v}``:
``nofile`` and ``as`` lower the open-files or address-space limit while the test runs,
``tmpdir`` points the temporary folder at a volume (read-only or full), ``kill`` sends the
worker process SIGKILL, as the kernel's out-of-memory killer does.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import tempfile
from collections.abc import Iterator
from typing import Any

import pytest

LIMITS = {"nofile": resource.RLIMIT_NOFILE, "as": resource.RLIMIT_AS}


def _entries(nodeid: str) -> list[dict[str, Any]]:
    entries = json.loads(os.environ.get("CI_LIMITS", "[]"))
    return [e for e in entries if any(nodeid.endswith(t) for t in e["tests"])]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    restore: list[tuple[int, tuple[int, int]]] = []
    saved_tmp = tempfile.tempdir
    saved_env = os.environ.get("TMPDIR")
    for entry in _entries(item.nodeid):
        kind = entry["limit"]
        if kind in LIMITS:
            which = LIMITS[kind]
            old = resource.getrlimit(which)
            restore.append((which, old))
            resource.setrlimit(which, (int(entry["value"]), old[1]))
        elif kind == "tmpdir":
            os.environ["TMPDIR"] = entry["value"]
            tempfile.tempdir = entry["value"]
        elif kind == "kill" and os.environ.get("PYTEST_XDIST_WORKER"):
            os.kill(os.getpid(), int(entry.get("value", signal.SIGKILL)))
    try:
        yield
    finally:
        for which, old in reversed(restore):
            resource.setrlimit(which, old)
        tempfile.tempdir = saved_tmp
        if saved_env is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = saved_env
