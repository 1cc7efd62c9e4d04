"""Every subprocess through one spawn helper: deadlines, owner and project markers, quoting.

Probes that stop at the startup timeout, placeholders that cannot inject
shell code, tests' processes that do not outlive their shard, a test process
that exits mid-test, and orphan sweeps limited to their project.
"""

from __future__ import annotations

import contextlib
import json
import os
import shlex
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from qatron.config import load_project
from qatron.errors import ServiceStartError
from qatron.gc import find_orphans, remove_orphans
from qatron.models import Outcome, RunStatus, ShardStatus
from qatron.processes import OWNER_VAR, PROJECT_VAR, kill_group, project_mark
from qatron.pytest_runner import ShardSpec, TestCommand, execute_shard
from qatron.services import RunningEnvironment, fill, start_environment
from qatron.verdict import conclude
from tests.projects import processes_with, write_project

REPO = Path(__file__).resolve().parents[2]

#: A service that records its arguments as JSON in the file named first, then idles.
RECORD = """\
import json, sys, time
from pathlib import Path
Path(sys.argv[1]).parent.mkdir(parents=True, exist_ok=True)
Path(sys.argv[1]).write_text(json.dumps(sys.argv[2:]))
time.sleep(600)
"""
IDLE = "import time\ntime.sleep(600)\n"


@pytest.fixture
def marker() -> Iterator[str]:
    """A unique number for command lines (``sleep <marker>``); nothing may outlive the test."""
    value = f"7{uuid.uuid4().int % 10**8:08d}"
    yield value
    leftovers = processes_with(value)
    for pid in leftovers:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    assert not leftovers, f"processes left running: {leftovers}"


def project(root: Path, services: str) -> Path:
    return write_project(root, "project: hardening\nenvironments:\n  local:\n    services:\n"
                         + services + "suites: {all: {}}\n",
                         {"record.py": RECORD, "idle.py": IDLE})


def wait_for(condition: object, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.05)


def environ_of(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(v.decode(errors="replace").partition("=")[::2] for v in raw if b"=" in v)


# --- item 2: a command health check obeys the startup timeout --------------------------


def test_a_command_health_check_stops_at_the_startup_timeout_with_its_child(
        tmp_path: Path, marker: str) -> None:
    root = project(tmp_path / "p", f"""\
      app:
        command: "{{python}} idle.py"
        health_check: {{command: "sleep {marker}"}}
        startup_timeout: 3
""")
    started = time.monotonic()
    with pytest.raises(ServiceStartError) as info:
        start_environment(load_project(root), "local", tmp_path / "run")
    assert 2.5 < time.monotonic() - started < 8
    assert info.value.service == "app"
    assert f"health check 'sleep {marker}' did not pass within 3 s" in str(info.value)
    assert processes_with(marker) == []


PROBING = """\
import sys
from pathlib import Path
from qatron.config import load_project
from qatron.services import start_environment
start_environment(load_project(sys.argv[1]), "local", Path(sys.argv[2]))
"""


def test_the_probe_child_of_a_killed_qatron_is_marked_and_swept_by_the_next_run(
        tmp_path: Path, marker: str) -> None:
    root = project(tmp_path / "p", f"""\
      app:
        command: "{{python}} idle.py"
        health_check: {{command: "sleep {marker}; true"}}
        startup_timeout: 300
""")
    run = subprocess.Popen([sys.executable, "-c", PROBING, str(root), str(tmp_path / "run")],
                           cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        wait_for(lambda: processes_with(marker))
    finally:
        run.kill()
        run.wait()
    wait_for(lambda: all(Path(f"/proc/{pid}").exists() and
                         os.getppid() != pid for pid in processes_with(marker)))
    (probe,) = processes_with(marker)  # the shell died with qatron; its sleep did not
    env = environ_of(probe)
    assert env[OWNER_VAR].endswith(f":{run.pid}")
    assert env[PROJECT_VAR] == project_mark(root)

    removed = remove_orphans(load_project(root), lambda line: None)

    assert "process group" in {o.kind for o in removed}
    wait_for(lambda: processes_with(marker) == [], 10)


# --- item 4: placeholders in shell commands are quoted ---------------------------------


@pytest.mark.parametrize("folder", ["with space", "shop$(touch PWNED)", "it's `touch PWNED`"])
def test_a_project_folder_with_shell_syntax_works_and_runs_nothing(
        tmp_path: Path, folder: str) -> None:
    root = project(tmp_path / folder, """\
      app:
        command: "{python} record.py {run_dir}/args.json {run_dir} '{run_dir}/single' \\"{run_dir}/double\\" {port}"
        health_check: {command: "test -f {run_dir}/args.json", interval: 0.05}
""")  # noqa: E501
    run_dir = root / ".qatron" / "runs" / "1"
    env = start_environment(load_project(root), "local", run_dir)
    try:
        port = env.services["app"].values["port"]
        args = json.loads((run_dir / "args.json").read_text())
        assert args == [str(run_dir), f"{run_dir}/single", f"{run_dir}/double", str(port)]
    finally:
        env.stop()
    assert not list(tmp_path.rglob("PWNED")) and not (REPO / "PWNED").exists()


@pytest.mark.parametrize("template", [
    "run {value} --flag",
    "run '{value}' --flag",
    'run "{value}" --flag',
    "run '{value}/x' \"{value}/y\" pre{value}",
    "run \\'{value} 'a\\'",
])
@pytest.mark.parametrize("value", ["/a b/c", "$(touch PWNED)", "it's", 'say "hi" `x` \\ $HOME'])
def test_fill_quotes_each_placeholder_for_the_quotes_it_stands_in(
        tmp_path: Path, template: str, value: str) -> None:
    env = RunningEnvironment(name="local", run_dir=tmp_path)
    filled = fill(template, env, "key", {"value": value}, shell=True)
    assert filled is not None
    words = subprocess.run(["sh", "-c", "printf '%s\\0' " + filled.removeprefix("run ")],
                           cwd=tmp_path, capture_output=True, check=True).stdout
    expected = [w.replace("{value}", value) for w in shlex.split(template)[1:]]
    assert words.decode().split("\0")[:-1] == expected
    assert not (tmp_path / "PWNED").exists()


def test_fill_leaves_values_unquoted_outside_commands(tmp_path: Path) -> None:
    env = RunningEnvironment(name="local", run_dir=tmp_path / "a b")
    assert fill("{run_dir}/x", env, "key") == f"{tmp_path}/a b/x"
    assert fill("{python}", env, "key") == sys.executable


# --- item 8: a command that does not exist ---------------------------------------------


@pytest.mark.parametrize(("command", "says"), [
    ("/no/such/folder/server --port {port}",
     "could not start '/no/such/folder/server'"),
    ("no-such-program-4711 --port {port}",
     "could not start 'no-such-program-4711'"),
    ("cd . && no-such-program-4711 --port {port}",
     "its command 'cd . && no-such-program-4711 --port"),
])
def test_a_missing_program_names_the_service_the_command_and_what_to_do(
        tmp_path: Path, command: str, says: str) -> None:
    root = project(tmp_path / "p", f"""\
      app:
        command: "{command}"
        health_check: {{command: "false"}}
""")
    with pytest.raises(ServiceStartError) as info:
        start_environment(load_project(root), "local", tmp_path / "run")
    assert info.value.service == "app"
    assert says in str(info.value)
    assert "environments.local.services.app.command" in str(info.value)


def test_a_missing_health_check_program_is_a_service_start_error(tmp_path: Path) -> None:
    root = project(tmp_path / "p", """\
      app:
        command: "{python} idle.py"
        health_check: {command: "/no/such/probe"}
""")
    with pytest.raises(ServiceStartError) as info:
        start_environment(load_project(root), "local", tmp_path / "run")
    assert "could not start '/no/such/probe'" in str(info.value)
    assert "environments.local.services.app.health_check.command" in str(info.value)


# --- items 7 and 13: the shard's processes and a test process that exits ---------------

TESTS = """\
import os, subprocess, sys, time

def _start(own_session):
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)",
                              os.environ["LEAK_MARKER"]], start_new_session=own_session)
    with open(os.environ["PID_FILE"], "a") as pids:
        pids.write(f"{child.pid}\\n")

def test_leaves_children():
    _start(False)
    _start(True)

def test_waits_with_a_child_in_its_own_session():
    _start(True)
    time.sleep(60)

def test_before():
    pass

def test_exits():
    os._exit(1)

def test_after():
    pass
"""


def shard(tmp_path: Path, marker: str, names: list[str], seconds: float = 60) -> ShardSpec:
    app = write_project(tmp_path / "app", "", {"tests/test_h.py": TESTS})
    command = TestCommand(app_dir=app, paths=["tests"],
                          env={"LEAK_MARKER": marker, "PID_FILE": str(tmp_path / "pids")})
    return ShardSpec(index=1, count=1, nodeids=[f"tests/test_h.py::{n}" for n in names],
                     run_dir=tmp_path / "run", command=command, rootdir=app,
                     deadline=time.monotonic() + seconds)


def test_processes_a_passing_test_started_do_not_outlive_its_shard(
        tmp_path: Path, marker: str) -> None:
    result = execute_shard(shard(tmp_path, marker, ["test_leaves_children"]))
    assert result.status is ShardStatus.PASSED
    assert len((tmp_path / "pids").read_text().split()) == 2
    assert processes_with(marker) == []


def test_a_child_in_its_own_session_does_not_outlive_the_suite_timeout(
        tmp_path: Path, marker: str) -> None:
    result = execute_shard(shard(tmp_path, marker, ["test_waits_with_a_child_in_its_own_session"],
                             seconds=10))
    assert result.status is ShardStatus.TIMED_OUT
    assert (tmp_path / "pids").read_text().strip(), "the test never started its child"
    assert processes_with(marker) == []


def test_a_test_process_that_exits_mid_test_is_a_dead_process(
        tmp_path: Path, marker: str) -> None:
    result = execute_shard(shard(tmp_path, marker, ["test_before", "test_exits", "test_after"]))
    assert result.status is ShardStatus.INFRA_FAILED
    assert result.exit_code == 1
    assert result.message.startswith("test process exited with code 1 before its session ended")
    outcomes = {r.nodeid.split("::")[1]: r for r in result.results}
    assert outcomes["test_before"].outcome is Outcome.PASSED
    assert outcomes["test_exits"].outcome is Outcome.ERROR
    assert outcomes["test_exits"].message == (
        "the test process died while running this test (exit code 1)")
    assert outcomes["test_after"].outcome is Outcome.ERROR
    assert conclude([result], []) is RunStatus.PARTIAL_FAILED


# --- item 15: the run's sweep is limited to its project --------------------------------

ORPHAN = """\
import os, sys
from pathlib import Path
from qatron.processes import spawn
for project, seconds in ((sys.argv[1], sys.argv[2]), (sys.argv[3], sys.argv[4])):
    spawn(f"sleep {seconds}; true", cwd=Path("."), env=dict(os.environ), log_path=None,
          shell=True, project=project)
import time; time.sleep(1)  # let the shells start sleep
os._exit(0)
"""


def test_the_run_sweep_leaves_other_projects_orphans_and_gc_all_finds_them(
        tmp_path: Path, marker: str) -> None:
    root = write_project(tmp_path / "p", "project: mine\nenvironments: {local: {}}\n"
                         "suites: {all: {}}\n", {})
    mine, theirs = f"{marker}1", f"{marker}2"
    subprocess.run([sys.executable, "-c", ORPHAN, project_mark(root), mine,
                    str(tmp_path / "other"), theirs], cwd=REPO, timeout=60, check=True,
                   env={**os.environ, "PYTHONPATH": str(REPO)})
    wait_for(lambda: len(processes_with(marker)) == 2)
    (their_pid,) = processes_with(theirs)
    try:
        removed = remove_orphans(load_project(root), lambda line: None)

        wait_for(lambda: processes_with(mine) == [], 10)
        assert processes_with(theirs) == [their_pid]
        assert str(os.getpgid(their_pid)) not in {o.name for o in removed}
        listed = {o.name for o in find_orphans(load_project(root), everything=True).orphans}
        assert str(os.getpgid(their_pid)) in listed
        assert str(os.getpgid(their_pid)) in {o.name for o in find_orphans(None).orphans}
    finally:
        kill_group(os.getpgid(their_pid))
    wait_for(lambda: processes_with(marker) == [], 10)


def test_a_docker_string_command_keeps_a_path_with_spaces_one_word(tmp_path: Path) -> None:
    from docker.utils import split_command

    from qatron.drivers.base import StartContext
    from qatron.drivers.docker import _fill_command

    root = write_project(tmp_path / "p", "project: p\nenvironments: {local: {}}\n"
                         "suites: {all: {}}\n", {})
    env = RunningEnvironment(name="local", run_dir=tmp_path / "run $(x) dir")
    ctx = StartContext(project=load_project(root), environment="local", service="app",
                       run_tag="t", run_dir=env.run_dir, log_path=tmp_path / "log",
                       fill=lambda template, key, shell=False: fill(template, env, key,
                                                                     shell=shell))
    command = _fill_command("ls {run_dir} '{run_dir}/x'", ctx)
    assert isinstance(command, str)
    assert split_command(command) == ["ls", str(env.run_dir), f"{env.run_dir}/x"]


def test_a_service_gone_before_publishing_its_url_fails_as_gone_not_as_a_bad_placeholder(
        tmp_path: Path) -> None:
    """A container that exits at once publishes no port, so its {url} is unknown: the
    error is that it exited, with its log, not an unknown placeholder."""
    from qatron.config import HealthCheck
    from qatron.drivers.base import StartContext
    from qatron.drivers.process import wait_healthy

    root = write_project(tmp_path / "p", "project: p\nenvironments: {local: {}}\n"
                         "suites: {all: {}}\n", {})
    env = RunningEnvironment(name="local", run_dir=tmp_path / "run")
    log = tmp_path / "web.log"
    log.write_text("no DATABASE_URL given\n")
    ctx = StartContext(project=load_project(root), environment="local", service="web",
                       run_tag="t", run_dir=env.run_dir, log_path=log,
                       fill=lambda template, key, shell=False: fill(template, env, key,
                                                                     shell=shell))
    with pytest.raises(ServiceStartError, match="exited with code 3") as raised:
        wait_healthy(HealthCheck(url="{url}/health"), ctx, 5, lambda: 3,
                     lambda: "its container exited with code 3")
    assert "no DATABASE_URL given" in str(raised.value)
