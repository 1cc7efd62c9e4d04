"""``qatron env gc`` removes what a crashed run left on real PostgreSQL and S3 servers."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.drivers.test_data_services import buckets, databases, project
from tests.fixtures.postgres import PostgresServer
from tests.projects import qatron

START = """\
import sys
from pathlib import Path
from qatron.config import load_project
from qatron.services import start_environment
env = start_environment(load_project(sys.argv[1]), "local", Path(sys.argv[2]))
print(env.services["db"].values["database"], env.services["files"].values["bucket"], flush=True)
sys.stdin.read()
env.stop()
"""


def test_gc_removes_a_killed_run_s_database_and_bucket_but_not_a_live_one(
        tmp_path: Path, postgres_server: PostgresServer, s3_endpoint: str, s3_client: Any) -> None:
    root = project(tmp_path / "p", postgres_server.url("postgres"), s3_endpoint)
    runs = [subprocess.Popen([sys.executable, "-c", START, str(root), str(tmp_path / name)],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                             env={**os.environ, "PYTHONPATH": str(Path.cwd())})
            for name in ("killed", "live")]
    (killed_db, killed_bucket), (live_db, live_bucket) = [
        run.stdout.readline().split() for run in runs]  # type: ignore[union-attr]
    runs[0].send_signal(signal.SIGKILL)
    runs[0].wait()
    time.sleep(0.5)  # the killed run's app process dies with it (parent-death signal)
    try:
        done = qatron("env", "gc", "--project", str(root), "--json", env={})
        assert done.returncode == 0, done.stderr
        report = json.loads(done.stdout)
        removed = {(o["kind"], o["name"]) for o in report["orphans"] if o["removed"]}
        assert {("database", killed_db), ("bucket", killed_bucket)} <= removed
        assert {kind for kind, _ in removed} <= {"database", "bucket", "process group"}
        assert report["unreachable"] == []
        assert killed_db not in databases(postgres_server)
        assert killed_bucket not in buckets(s3_client)
        assert live_db in databases(postgres_server) and live_bucket in buckets(s3_client)
    finally:
        runs[1].communicate("", timeout=60)
    assert live_db not in databases(postgres_server)  # the live run tore down itself


def test_gc_reports_an_unreachable_server_and_goes_on(tmp_path: Path) -> None:
    root = tmp_path / "p"
    root.mkdir()
    (root / "qatron.yml").write_text(
        "project: p\nenvironments:\n  local:\n    services:\n      db: {type: postgres, "
        "server: 'postgresql://postgres@127.0.0.1:1/postgres'}\nsuites: {all: {}}\n")
    done = qatron("env", "gc", "--project", str(root), env={})
    assert done.returncode == 0, done.stderr
    assert "Nothing left behind." in done.stdout
    assert "not searched PostgreSQL postgres@127.0.0.1:1" in done.stdout


def test_the_next_run_removes_what_a_killed_run_left(
        tmp_path: Path, postgres_server: PostgresServer, s3_endpoint: str, s3_client: Any) -> None:
    from qatron.config import load_project
    from qatron.gc import remove_orphans

    root = project(tmp_path / "p", postgres_server.url("postgres"), s3_endpoint)
    run = subprocess.Popen([sys.executable, "-c", START, str(root), str(tmp_path / "killed")],
                           stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                           env={**os.environ, "PYTHONPATH": str(Path.cwd())})
    database, bucket = run.stdout.readline().split()  # type: ignore[union-attr]
    run.send_signal(signal.SIGKILL)
    run.wait()
    said: list[str] = []

    removed = remove_orphans(load_project(root), said.append)

    found = {(o.kind, o.name) for o in removed}
    assert {("database", database), ("bucket", bucket)} <= found
    assert {kind for kind, _ in found} <= {"database", "bucket", "process group"}  # app's sleep
    assert said == [f"removed {o.kind} {o.name} left by a crashed run ({o.owner})"
                    for o in removed]
    assert database not in databases(postgres_server) and bucket not in buckets(s3_client)


ORPHANED = """\
import os, sys
from pathlib import Path
from qatron.processes import spawn
spawn(f"sleep {sys.argv[2]}; true", cwd=Path("."), env=dict(os.environ), log_path=None,
      shell=True, project=sys.argv[1])
import time; time.sleep(1)  # let the shell start sleep
os._exit(0)
"""


def test_gc_removes_only_the_project_s_own_orphan_processes_and_all_lists_every_one(
        tmp_path: Path) -> None:
    from qatron.processes import kill_group, project_mark
    from tests.projects import processes_with

    root = tmp_path / "p"
    root.mkdir()
    (root / "qatron.yml").write_text("project: p\nenvironments: {local: {}}\nsuites: {all: {}}\n")
    unique = f"7{uuid.uuid4().int % 10**8:08d}"
    mine, theirs = f"{unique}1", f"{unique}2"
    for owner, seconds in ((project_mark(root), mine), (str(tmp_path / "other"), theirs)):
        subprocess.run([sys.executable, "-c", ORPHANED, owner, seconds], check=True,
                       timeout=60, env={**os.environ, "PYTHONPATH": str(Path.cwd())})
    (their_pid,) = processes_with(f"sleep {theirs}")
    their_group = str(os.getpgid(their_pid))
    try:
        done = qatron("env", "gc", "--project", str(root), "--json", env={})
        assert done.returncode == 0, done.stderr
        removed = {o["name"] for o in json.loads(done.stdout)["orphans"] if o["removed"]}
        assert their_group not in removed
        deadline = time.monotonic() + 10
        while processes_with(f"sleep {mine}"):
            assert time.monotonic() < deadline, "the project's orphan was not removed"
            time.sleep(0.05)
        assert processes_with(f"sleep {theirs}") == [their_pid]

        listed = qatron("env", "gc", "--project", str(root), "--all", "--dry-run", "--json",
                        env={})
        assert listed.returncode == 0, listed.stderr
        assert their_group in {o["name"] for o in json.loads(listed.stdout)["orphans"]}
    finally:
        kill_group(int(their_group))


CRASH = """\
import os, sys
from pathlib import Path
from qatron.config import load_project
from qatron.services import start_environment
env = start_environment(load_project(sys.argv[1]), "local", Path(sys.argv[2]))
print(" ".join(str(s.values.get("database") or s.values.get("bucket") or s.values["container"])
               for s in env.services.values()), flush=True)
os._exit(9)
"""


def crashed_run(root: Path, run_dir: Path) -> list[str]:
    """Start ``root``'s local environment in a process that dies without teardown.

    Returns what each service left: database, bucket or container names.
    """
    done = subprocess.run([sys.executable, "-c", CRASH, str(root), str(run_dir)],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(Path.cwd())})
    assert done.returncode == 9, done.stderr
    return done.stdout.split()


def test_a_project_s_sweep_leaves_another_project_s_databases_and_buckets_and_all_takes_them(
        tmp_path: Path, postgres_server: PostgresServer, s3_endpoint: str, s3_client: Any) -> None:
    from qatron.config import load_project
    from qatron.gc import find_orphans, remove_orphans

    services = (f"{{db: {{type: postgres, server: '{postgres_server.url('postgres')}'}}, "
                f"files: {{type: s3, endpoint_url: '{s3_endpoint}'}}}}")
    roots = [tmp_path / name for name in ("mine", "theirs")]
    for root in roots:  # the same project name: only the folder tells them apart
        root.mkdir()
        (root / "qatron.yml").write_text(f"project: data\nenvironments: {{local: {{services: "
                                         f"{services}}}}}\nsuites: {{all: {{}}}}\n")
    mine, theirs = (crashed_run(root, tmp_path / f"run-{root.name}") for root in roots)
    assert set(mine + theirs) <= databases(postgres_server) | buckets(s3_client)
    try:
        said: list[str] = []
        removed = remove_orphans(load_project(roots[0]), said.append)  # what each run does first
        assert {o.name for o in removed} == set(mine)
        left = databases(postgres_server) | buckets(s3_client)
        assert set(theirs) <= left and not set(mine) & left

        done = qatron("env", "gc", "--project", str(roots[0]), "--json", env={})
        assert done.returncode == 0, done.stderr
        assert not set(theirs) & {o["name"] for o in json.loads(done.stdout)["orphans"]}
        assert set(theirs) <= databases(postgres_server) | buckets(s3_client)

        listed = qatron("env", "gc", "--project", str(roots[0]), "--all", "--dry-run", "--json",
                        env={})
        assert listed.returncode == 0, listed.stderr
        assert set(theirs) <= {o["name"] for o in json.loads(listed.stdout)["orphans"]}
    finally:  # what --all removes; not run through the CLI, which takes every process too
        for orphan in find_orphans(load_project(roots[0]), everything=True).orphans:
            if orphan.name in theirs:
                orphan.remove()
    assert not set(theirs) & (databases(postgres_server) | buckets(s3_client))


def test_a_project_s_sweep_leaves_another_project_s_containers_and_all_takes_them(
        tmp_path: Path, docker_engine: Any) -> None:
    from docker.errors import NotFound

    from qatron.config import load_project
    from qatron.gc import find_orphans, remove_orphans
    from tests.fixtures.docker import TEST_IMAGE

    roots = [tmp_path / name for name in ("mine", "theirs")]
    for root in roots:  # the same project name: only the folder tells them apart
        root.mkdir()
        (root / "qatron.yml").write_text(
            f"project: dockered\nenvironments: {{local: {{services: {{web: {{type: docker, "
            f"image: {TEST_IMAGE}, ports: {{8080: auto}}}}}}}}}}\nsuites: {{all: {{}}}}\n")
    (mine,), (theirs,) = (crashed_run(root, tmp_path / f"run-{root.name}") for root in roots)
    try:
        said: list[str] = []
        removed = remove_orphans(load_project(roots[0]), said.append)  # what each run does first
        assert [(o.kind, o.name) for o in removed] == [("container", mine)]
        with pytest.raises(NotFound):
            docker_engine.containers.get(mine)
        assert docker_engine.containers.get(theirs).status == "running"

        done = qatron("env", "gc", "--project", str(roots[0]), "--json", env={})
        assert done.returncode == 0, done.stderr
        assert theirs not in {o["name"] for o in json.loads(done.stdout)["orphans"]}
        assert docker_engine.containers.get(theirs).status == "running"

        listed = qatron("env", "gc", "--project", str(roots[0]), "--all", "--dry-run", "--json",
                        env={})
        assert listed.returncode == 0, listed.stderr
        assert theirs in {o["name"] for o in json.loads(listed.stdout)["orphans"]}
        # what --all removes; not run through the CLI, which takes other sessions' live ones too
        (orphan,) = [o for o in find_orphans(load_project(roots[0]), everything=True).orphans
                     if o.name == theirs]
        orphan.remove()
        with pytest.raises(NotFound):
            docker_engine.containers.get(theirs)
    finally:
        for name in (mine, theirs):
            with contextlib.suppress(NotFound):
                docker_engine.api.remove_container(name, force=True, v=True)
