"""Misuse of the real ``qatron`` command line: one message and the right exit code, never a
traceback. Every command and subcommand is found from the Typer app, so a new one is covered."""

from __future__ import annotations

import inspect
import json
import os
import socket
import subprocess
import threading
import typing
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import typer.main

from qatron.cli import app
from qatron.config import load_project
from qatron.exit_codes import EXIT_USAGE
from qatron.failures import Analyser, read_failures
from qatron.models import RunStatus
from qatron.options import RunOptions
from qatron.run import database_url, open_run
from qatron.store import ResultsStore
from tests.projects import QATRON, qatron, write_project

NO_ENV: dict[str, str] = {}
HUGE_ID = "12345678901234567890123"
BRACKETS_JUNIT = """<?xml version="1.0"?>
<testsuites><testsuite name="api">
  <testcase classname="tests.test_api" name="test_get[/api/v1/users]">
    <failure message="AssertionError: GET [/health] answered [bold]503">E  assert 503 == 200 \
[/]</failure>
  </testcase>
</testsuite></testsuites>
"""


def _commands() -> Iterator[tuple[list[str], Any]]:
    def walk(command: Any, path: list[str]) -> Iterator[tuple[list[str], Any]]:
        yield path, command
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            yield from walk(sub, [*path, name])

    yield from walk(typer.main.get_command(app), [])


COMMANDS = [path for path, _ in _commands()]


def _filler(command: Any, hints: dict[str, Any], skip: str) -> list[str]:
    """Values for the command's required parameters other than ``skip``."""
    args: list[str] = []
    for param in command.params:
        if param.name == skip or not param.required:
            continue
        value = "1" if hints.get(param.name) is int else "x"
        args += [value] if param.param_type_name == "argument" else [param.opts[0], value]
    return args


def _int_parameters() -> Iterator[tuple[list[str], str, list[str]]]:
    """(command path, parameter name, arguments before the bad value) of every int parameter."""
    for path, command in _commands():
        if command.callback is None:
            continue
        hints = typing.get_type_hints(inspect.unwrap(command.callback))
        for param in command.params:
            if hints.get(param.name) in (int, int | None):
                yield path, param.name, _filler(command, hints, param.name)


INT_PARAMETERS = list(_int_parameters())


def _one_error_line(stderr: str, prefix: str) -> str:
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith(prefix), stderr
    return lines[0]


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "qatron")
def test_every_command_refuses_an_unknown_option_in_one_line(path: list[str],
                                                             tmp_path: Path) -> None:
    done = qatron(*path, "--bogus", env=NO_ENV, cwd=tmp_path, timeout=60)
    assert done.returncode == EXIT_USAGE, done.stderr
    command = " ".join(["qatron", *path])
    line = _one_error_line(done.stderr, f"error: {command}: No such option: --bogus")
    assert line.endswith(f"see `{command} --help`")


@pytest.mark.parametrize("value", ["notanumber", HUGE_ID])
@pytest.mark.parametrize(("path", "name", "filler"), INT_PARAMETERS,
                         ids=[f"{' '.join(p)} {n}" for p, n, _ in INT_PARAMETERS])
def test_every_number_parameter_refuses_a_bad_value_naming_it(
        path: list[str], name: str, filler: list[str], value: str, tmp_path: Path) -> None:
    command = typer.main.get_command(app)
    for part in path:
        command = command.commands[part]  # type: ignore[attr-defined]
    param = next(p for p in command.params if p.name == name)
    given = [value] if param.param_type_name == "argument" else [param.opts[0], value]
    done = qatron(*path, *given, *filler, env=NO_ENV, cwd=tmp_path, timeout=60)
    assert done.returncode == EXIT_USAGE, done.stderr
    hint = "'RUN_ID'" if name == "run_id" else f"'{param.opts[0]}'"
    line = _one_error_line(done.stderr, f"error: {' '.join(['qatron', *path])}: Invalid value")
    assert hint in line and value in line


@pytest.mark.parametrize(("args", "expected"), [
    (["runs", "status", "abc"], "Invalid value for 'RUN_ID': 'abc' is not a valid int"),
    (["run"], "Missing option '--suite' / '-s'"),
    (["run", "--suite", "smoke", "--shards", "0"], "'--shards': 0 is not in the range 1<=x<=64"),
    (["select", "--base", "HEAD", "--format", "xml"], "'xml' is not one of 'json', 'table'"),
    (["runs", "artifacts", "1", "--output"], "Option '--output' requires an argument"),
    (["runs", "status", "1", "2"], "Got unexpected extra argument"),
    (["failures", HUGE_ID], f"RUN_ID {HUGE_ID}: expected a number from 1 to"),
    (["nonsense"], "No such command 'nonsense'"),
])
def test_usage_errors_of_the_issue_are_one_message(args: list[str], expected: str,
                                                   tmp_path: Path) -> None:
    done = qatron(*args, env=NO_ENV, cwd=tmp_path, timeout=60)
    assert done.returncode == EXIT_USAGE, done.stderr
    assert expected in _one_error_line(done.stderr, "error: qatron")


def test_a_group_without_a_subcommand_shows_its_help(tmp_path: Path) -> None:
    done = qatron("runs", env=NO_ENV, cwd=tmp_path, timeout=60)
    assert done.returncode == EXIT_USAGE
    assert "Traceback" not in done.stderr and "artifacts" in done.stdout + done.stderr


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "p", """
        project: hardening
        environments: {local: {}}
        suites: {all: {}}
    """, {"tests/test_one.py": "def test_one():\n    pass\n"})


@pytest.fixture
def run_dir(project: Path) -> Path:
    """A queued run in the project's real results store, with artifacts in its folder."""
    ctx = open_run(project, RunOptions("all", "local"))
    (ctx.run_dir / "junit.xml").write_text(BRACKETS_JUNIT, encoding="utf-8")
    (ctx.run_dir / "logs").mkdir()
    (ctx.run_dir / "logs" / "shard-1.log").write_text("GET [/health] 200\n", encoding="utf-8")
    return ctx.run_dir


def test_artifacts_onto_a_file_is_refused(project: Path, run_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "taken.txt"
    target.write_text("keep me")
    done = qatron("runs", "artifacts", "1", "-p", str(project), "-o", str(target), env=NO_ENV)
    assert done.returncode == EXIT_USAGE
    assert f"--output {target} is a file" in _one_error_line(done.stderr, "error:")
    assert target.read_text() == "keep me"


@pytest.mark.parametrize("inside", [".", "logs/out", "logs"])
def test_artifacts_into_the_run_folder_is_refused(project: Path, run_dir: Path,
                                                  inside: str) -> None:
    target = run_dir / inside
    before = sorted(p.relative_to(run_dir) for p in run_dir.rglob("*"))
    done = qatron("runs", "artifacts", "1", "-p", str(project), "-o", str(target), env=NO_ENV,
                  timeout=60)
    assert done.returncode == EXIT_USAGE
    assert "inside run 1's folder" in _one_error_line(done.stderr, "error:")
    assert sorted(p.relative_to(run_dir) for p in run_dir.rglob("*")) == before


def _unwritable(tmp_path: Path) -> Path:
    """A folder this process cannot create files in (root ignores permission bits)."""
    if os.geteuid() != 0:
        folder = tmp_path / "read-only"
        folder.mkdir(mode=0o555)
        return folder / "out"
    for folder in (Path("/proc/qatron-artifacts"), Path("/sys/qatron-artifacts")):
        try:
            folder.mkdir()
        except OSError:
            return folder
        folder.rmdir()
    pytest.fail("no read-only place to write to on this machine")


def test_artifacts_into_a_read_only_folder_is_one_message(project: Path, run_dir: Path,
                                                          tmp_path: Path) -> None:
    target = _unwritable(tmp_path)
    done = qatron("runs", "artifacts", "1", "-p", str(project), "-o", str(target), env=NO_ENV)
    assert done.returncode == EXIT_USAGE
    line = _one_error_line(done.stderr, f"error: --output {target}: cannot write")
    assert line.endswith("give a folder you can write to")


def test_artifacts_still_copy_beside_the_run_folder(project: Path, run_dir: Path,
                                                    tmp_path: Path) -> None:
    target = run_dir.parent / "copy"
    done = qatron("runs", "artifacts", "1", "-p", str(project), "-o", str(target), env=NO_ENV)
    assert done.returncode == 0, done.stderr
    assert (target / "junit.xml").read_text() == BRACKETS_JUNIT
    assert (target / "logs" / "shard-1.log").is_file()


@pytest.mark.parametrize("command", [["runs", "status"], ["runs", "logs"], ["resume"],
                                     ["runs", "artifacts", "-o", "out"], ["failures"]])
def test_a_23_digit_run_id_is_a_usage_error(command: list[str], project: Path,
                                            run_dir: Path) -> None:
    done = qatron(*command, HUGE_ID, "-p", str(project), env=NO_ENV, cwd=project, timeout=60)
    assert done.returncode == EXIT_USAGE, done.stderr
    _one_error_line(done.stderr, "error: ")


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize("suites", [1, 2], ids=["one suite", "a run group"])
def test_an_unreachable_prefect_api_ends_the_run_infra_failed(project: Path, suites: int) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/api"
    done = qatron("run", "-p", str(project), *["--suite", "all"] * suites,
                  env={"PREFECT_API_URL": url}, timeout=120)
    assert done.returncode == RunStatus.INFRA_FAILED.exit_code == 5
    line = _one_error_line(done.stderr, f"error: the Prefect API at {url} (PREFECT_API_URL) "
                                        f"does not answer")
    assert "unset PREFECT_API_URL" in line
    runs = json.loads(qatron("runs", "list", "-p", str(project), "--json", env=NO_ENV).stdout)
    assert len(runs) == suites
    assert all(run["status"] == "infra_failed" and url in run["message"] for run in runs)


class _NotFound(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        self.send_error(404)

    do_POST = do_PATCH = do_PUT = do_GET  # noqa: N815

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Quiet."""


@pytest.fixture
def not_prefect() -> Iterator[str]:
    """A real HTTP server that answers every request with 404: something, but not Prefect."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _NotFound)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/api"
    server.shutdown()
    server.server_close()


def test_a_server_that_is_not_prefect_ends_the_run_infra_failed(project: Path,
                                                                not_prefect: str) -> None:
    done = qatron("run", "-p", str(project), "--suite", "all",
                  env={"PREFECT_API_URL": not_prefect}, timeout=120)
    assert done.returncode == RunStatus.INFRA_FAILED.exit_code
    assert "Traceback" not in done.stderr
    assert f"error: the flow run failed: RuntimeError: Failed to reach API at {not_prefect}" \
        in done.stderr
    status = json.loads(qatron("runs", "status", "1", "-p", str(project), env=NO_ENV).stdout)
    assert status["status"] == "infra_failed" and not_prefect in status["message"]


def test_brackets_in_test_names_print_as_they_are(tmp_path: Path) -> None:
    report = tmp_path / "junit.xml"
    report.write_text(BRACKETS_JUNIT, encoding="utf-8")
    done = qatron("failures", "analyze", str(report), env={"COLUMNS": "400"}, cwd=tmp_path,
                  timeout=60)
    assert done.returncode == 0, done.stderr
    assert "tests/test_api.py::test_get[/api/v1/users]" in done.stdout
    assert "GET [/health] answered [bold]503" in done.stdout


def test_brackets_in_a_stored_run_s_failures_print_as_they_are(project: Path,
                                                               run_dir: Path) -> None:
    analysis = Analyser(root=project).analyse(read_failures(run_dir / "junit.xml"))
    with ResultsStore(database_url(load_project(project))) as store:
        store.save_failure_analysis(1, [item.to_json() for item in analysis.failures], [])
    done = qatron("failures", "1", "-p", str(project), "--by", "team",
                  env={"COLUMNS": "400"}, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "test_get[/api/v1/users]" in done.stdout


def test_a_service_log_with_brackets_keeps_the_run_summary(prefect_api_url: str,
                                                           tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", """
        project: brackets
        environments:
          local:
            services:
              api:
                command: "echo 'GET [/health] [bold]x :smile:'; exit 3"
                health_check: "{url}/health"
        suites: {all: {}}
    """, {"tests/test_one.py": "def test_one():\n    pass\n"})
    done = qatron("run", "-p", str(project), "--suite", "all",
                  env={"PREFECT_API_URL": prefect_api_url, "COLUMNS": "400"})
    assert done.returncode == RunStatus.INFRA_FAILED.exit_code, done.stderr
    assert "MarkupError" not in done.stderr and "Traceback" not in done.stderr
    assert "GET [/health] [bold]x :smile:" in done.stderr
    assert "exit    5" in done.stderr


def test_output_to_a_full_disk_is_one_message_and_a_closed_pipe_is_quiet() -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run([str(QATRON), "init", "--help"], stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=60)
    assert done.returncode == 5
    assert _one_error_line(done.stderr, "error: cannot write the output: No space left")

    closed = subprocess.Popen([str(QATRON), "init", "--help"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    assert closed.stdout is not None and closed.stderr is not None
    closed.stdout.close()
    assert closed.wait(timeout=60) == 1
    assert closed.stderr.read() == ""
