"""Who runs a run: the owner stamp a run records and the runs whose owner died.

    store.set_owner(run_id, owner_stamp())   # {"host", "pid", "since"}
    notice_dead_runs(store, "shop")          # ids of the runs now marked ``crashed``

Reading the store (``qatron runs list``) marks dead runs too, so this module needs only
the store's interface, not the run machinery of :mod:`qatron.run`.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeGuard

from qatron.models import RunStatus

if TYPE_CHECKING:
    from qatron.store import ResultsStore, RunRecord

#: How many of a project's newest runs are looked at for a process that died.
WATCHED = 200


def owner_stamp() -> dict[str, object]:
    """Who runs a run: this process (its pid and start time) on this host."""
    return {"host": socket.gethostname(), "pid": os.getpid(), "since": _started(os.getpid())}


def owner_dead(stamp: object) -> TypeGuard[dict[str, Any]]:
    """Whether the process of ``stamp`` is gone; False when it is on another host or the
    stamp is not one (a run recorded before owners were)."""
    if not isinstance(stamp, dict) or stamp.get("host") != socket.gethostname():
        return False
    pid = stamp.get("pid")
    if not isinstance(pid, int):
        return False
    since = _started(pid)
    return since is None or since != stamp.get("since")  # gone, or its pid reused


def notice_dead_runs(store: ResultsStore, project: str) -> list[int]:
    """Mark the project's in-progress runs whose process died (on this host) ``crashed``;
    their ids. A crashed run is resumable: ``qatron resume ID``."""
    crashed = []
    for record in store.list_runs(project=project, limit=WATCHED):
        if not died(record):
            continue
        pid = (record.owner or {}).get("pid")
        store.set_status(record.id, RunStatus.CRASHED,
                         f"the process running it (pid {pid}) died while the run was "
                         f"{record.status.value}; `qatron resume {record.id}` goes on with it")
        crashed.append(record.id)
    return crashed


def died(record: RunRecord) -> bool:
    """Whether the run is in progress and the process running it (on this host) is gone."""
    status = RunStatus(record.status)
    return not (status.terminal or status is RunStatus.CRASHED) and owner_dead(record.owner)


def _started(pid: int) -> str | None:
    """A process's start time (clock ticks since boot), None if it is not running."""
    if not Path("/proc/self/stat").exists():  # no procfs: alive or not is all we can tell
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            return "unknown"  # alive, another user's
        return "unknown"
    try:
        stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return None if stat[0] == "Z" else stat[19]
