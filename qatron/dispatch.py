"""Shards run elsewhere: as flow runs of a ``run-shard`` deployment on a work pool.

The parent run hands each shard its node ids and a wall-clock deadline; the
shard's flow run loads the same run from the results store, runs the tests
against the environment the parent provisioned (its ``environment.json``) and
saves the shard. What the parent needs the worker to see — the project, the
run folder, a SQLite results store — it names here, so a Docker worker can
mount each at its own path:

    >>> parameters = shard_parameters(ctx, 2, 4, nodeids, rootdir, deadline, coverage=False)
    >>> volumes = mounts(ctx)                 # ["/srv/shop:/srv/shop"]
    >>> shard = recover_shard(ctx.run_dir, 2, 4, nodeids, ShardStatus.INFRA_FAILED, "crashed")

A shard whose flow run died still leaves the results its test process
streamed; :func:`recover_shard` keeps them and marks the rest as errors.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from qatron.models import Outcome, ShardResult, ShardStatus, TestResult
from qatron.pytest_runner import planned_results
from qatron.run import RunContext

#: The ``run-shard`` flow's parameters that :func:`shard_parameters` fills.
PARAMETERS = ("project", "run_id", "index", "count", "nodeids", "rootdir", "deadline",
              "coverage")


def shard_parameters(ctx: RunContext, index: int, count: int, nodeids: list[str],
                     rootdir: Path, deadline: float, coverage: bool) -> dict[str, Any]:
    """The ``run-shard`` flow run's parameters; ``deadline`` is a ``time.time()`` value."""
    return {"project": str(ctx.project_dir), "run_id": ctx.run_id, "index": index,
            "count": count, "nodeids": list(nodeids), "rootdir": str(rootdir),
            "deadline": deadline, "coverage": coverage}


def remaining(deadline: float) -> float:
    """Seconds from now to a ``time.time()`` deadline, as a ``time.monotonic()`` value."""
    return time.monotonic() + max(0.0, deadline - time.time())


def mounts(ctx: RunContext) -> list[str]:
    """Docker volume specs (``path:path``) for what a shard's flow run reads and writes."""
    folders = [ctx.project_dir.resolve(), ctx.run_dir.resolve()]
    url = make_url(ctx.database_url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        folders.append(Path(url.database).resolve().parent)
    kept: list[Path] = []
    for folder in sorted(folders, key=lambda path: len(path.parts)):
        if not any(folder.is_relative_to(parent) for parent in kept):
            kept.append(folder)
    return [f"{folder}:{folder}" for folder in kept]


#: A shard's flow run touches its heartbeat file this often while it runs…
HEARTBEAT_INTERVAL = 2.0
#: …and is taken for lost (its worker, container or machine gone) after this long without.
HEARTBEAT_TIMEOUT = 30.0


def heartbeat_path(run_dir: Path, index: int) -> Path:
    return run_dir / "shards" / f"shard-{index}.alive"


@contextmanager
def heartbeat(path: Path, interval: float = HEARTBEAT_INTERVAL) -> Iterator[None]:
    """Touch ``path`` every ``interval`` seconds while the block runs."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch()
    done = threading.Event()

    def beat() -> None:
        while not done.wait(interval):
            path.touch()

    beater = threading.Thread(target=beat, name="qatron-heartbeat", daemon=True)
    beater.start()
    try:
        yield
    finally:
        done.set()
        beater.join(timeout=interval + 1)


def silent_for(path: Path, since: float) -> float:
    """Seconds since the last heartbeat in ``path``, or since ``since`` if there is none
    newer (both ``time.time()`` values)."""
    try:
        last = max(path.stat().st_mtime, since)
    except FileNotFoundError:
        last = since
    return time.time() - last


def merge_volumes(configured: list[str], needed: list[str]) -> list[str]:
    """The deployment's own volumes plus those a run needs, each once."""
    return list(dict.fromkeys([*configured, *needed]))


def recover_shard(run_dir: Path, index: int, count: int, nodeids: list[str],
                  status: ShardStatus, message: str) -> ShardResult:
    """A shard whose flow run ended without saving it: what its test process streamed.

    The last result of a test wins (a rerun streams to ``shard-N.retry-K.jsonl``), matched
    to its planned id even when it ran under a new one; tests with no result are errors
    carrying ``message``.
    """
    shards = run_dir / "shards"
    streams = [shards / f"shard-{index}.jsonl",
               *sorted(shards.glob(f"shard-{index}.retry-*.jsonl"),
                       key=lambda path: int(path.stem.rsplit("-", 1)[1]))]
    by_id: dict[str, TestResult] = {}
    for stream in streams:
        by_id.update(planned_results(stream, shard_index=index))
    results = [by_id.get(nodeid) or TestResult(nodeid=nodeid, outcome=Outcome.ERROR,
                                               message=message, shard_index=index)
               for nodeid in nodeids]
    return ShardResult(index=index, count=count, status=status, nodeids=list(nodeids),
                       results=results, message=message,
                       junit_path=str(shards / f"shard-{index}.xml"),
                       log_path=str(run_dir / "logs" / f"shard-{index}.log"))
