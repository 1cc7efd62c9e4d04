"""Worker processes for rendering and indexing, with the limits CI configures."""

from __future__ import annotations

import os
import resource
import subprocess
import sys


class WorkerCrashed(RuntimeError):
    """A worker process died or failed."""


def _limits() -> None:
    mem = os.environ.get("RUNNER_WORKER_MEM_MB")
    if mem:
        resource.setrlimit(resource.RLIMIT_AS, (int(mem) * 2**20, int(mem) * 2**20))
    nofile = os.environ.get("RUNNER_WORKER_NOFILE")
    if nofile:
        resource.setrlimit(resource.RLIMIT_NOFILE, (int(nofile), int(nofile)))


def run_worker(module: str, *args: str, timeout: float = 4.0) -> str:
    proc = subprocess.run([sys.executable, "-m", module, *args], capture_output=True, text=True,
                          timeout=timeout, preexec_fn=_limits)
    if proc.returncode < 0:
        raise WorkerCrashed(f"{module} killed by signal {-proc.returncode}")
    if proc.returncode != 0:
        raise WorkerCrashed(f"{module} exited {proc.returncode}: {proc.stderr.strip()[-300:]}")
    return proc.stdout
