"""Environments provisioned once by ``run-group`` and handed to its ``run-suite`` subflows.

Subflows run in the group's process, so the live environment (with its
process handles) is passed by key rather than as a flow parameter.
"""

from __future__ import annotations

import threading

from qatron.errors import ConfigError
from qatron.services import RunningEnvironment

_LIVE: dict[str, RunningEnvironment] = {}
_LOCK = threading.Lock()


def share(key: str, environment: RunningEnvironment) -> None:
    """Make ``environment`` available to subflows under ``key``."""
    with _LOCK:
        _LIVE[key] = environment


def unshare(key: str) -> None:
    with _LOCK:
        _LIVE.pop(key, None)


def shared(key: str | None) -> RunningEnvironment | None:
    """The environment shared under ``key``; None for no key."""
    if key is None:
        return None
    with _LOCK:
        if key not in _LIVE:
            raise ConfigError(f"shared_environment {key!r} is not provisioned in this process; "
                              f"leave shared_environment empty (it is set by run-group)")
        return _LIVE[key]
