"""Small real projects for the flow and CLI tests, and process leak checks."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from uuid import UUID

from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import WorkPoolCreate
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
from prefect.client.schemas.objects import Artifact

REPO = Path(__file__).resolve().parents[1]
SHOP = REPO / "examples" / "shop"
QATRON = Path(sys.executable).with_name("qatron")


def copy_shop(target: Path) -> Path:
    """A private copy of examples/shop, so runs don't write into the repository."""
    shutil.copytree(SHOP, target, ignore=shutil.ignore_patterns(".qatron", "__pycache__"))
    return target


def copy_shop_journey_tests(target: Path) -> Path:
    """The test files the shop's journeys and load tests name, under ``target``: a folder
    holding only a copy of its qatron.yml needs them to load."""
    for folder in ("journeys", "frontend/test", "load"):
        shutil.copytree(SHOP / folder, target / folder, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("__pycache__"))
    return target


def write_project(root: Path, qatron_yml: str, files: dict[str, str]) -> Path:
    """Write qatron.yml and the given files (dedented) under ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "qatron.yml").write_text(textwrap.dedent(qatron_yml), encoding="utf-8")
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


def processes_with(marker: str) -> list[int]:
    """Pids of live processes whose command line contains ``marker``."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            state = (entry / "stat").read_text().split(") ")[1][0]
        except OSError:
            continue
        if marker in cmdline and state != "Z":
            pids.append(int(entry.name))
    return pids


def alive(pid: int | str) -> bool:
    """Whether ``pid`` is a running process (a zombie awaiting its reaper is not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def qatron(*args: str, env: dict[str, str], cwd: Path | None = None,
           timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run the real ``qatron`` command line."""
    return subprocess.run([str(QATRON), *args], env={**os.environ, **env}, cwd=cwd,
                          capture_output=True, text=True, timeout=timeout)


def artifacts_of(flow_run_id: str | UUID) -> list[Artifact]:
    """The Prefect artifacts one flow run created (the server's list is paged,
    so an unfiltered read misses them once a shared server holds many)."""
    with get_client(sync_client=True) as client:
        return client.read_artifacts(flow_run_filter=FlowRunFilter(
            id=FlowRunFilterId(any_=[UUID(str(flow_run_id))])))


def uv() -> list[str]:
    """The uv command: on PATH, else as `make install` provides it (python3 -m uv)."""
    found = shutil.which("uv")
    return [found] if found else [shutil.which("python3") or "python3", "-m", "uv"]


@contextmanager
def unserved_deployment(flow: str, name: str, pool: str) -> Iterator[str]:
    """A deployment of ``flow`` (``flows/<flow>.py``) on a process pool no worker polls,
    so its flow runs stay Scheduled; its ``FLOW/NAME``. Both are removed afterwards."""
    entrypoint = f"flows/{flow.replace('-', '_')}.py:{flow.replace('-', '_')}"
    with get_client(sync_client=True) as client:
        client.create_work_pool(WorkPoolCreate(name=pool, type="process"), overwrite=True)
        deployment = client.create_deployment(
            flow_id=client.create_flow_from_name(flow), name=name, work_pool_name=pool,
            entrypoint=entrypoint)
    try:
        yield f"{flow}/{name}"
    finally:
        with get_client(sync_client=True) as client:
            client.delete_deployment(deployment)
            client.delete_work_pool(pool)
