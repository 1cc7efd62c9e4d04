"""start_environment with real service processes on real ports."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from qatron.config import load_project
from qatron.errors import ConfigError, InfrastructureError, ServiceStartError
from qatron.processes import free_port
from qatron.services import RunningEnvironment, start_environment
from tests.projects import processes_with, write_project

#: A small service: serves /health and /info, can check an upstream before it
#: starts, crash at start, never become healthy, and react to SIGTERM.
SERVICE = '''\
import argparse
import json
import signal
import sys
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

parser = argparse.ArgumentParser()
parser.add_argument("--name", required=True)
parser.add_argument("--port", type=int, default=0)
parser.add_argument("--tag", default="")
parser.add_argument("--upstream")
parser.add_argument("--mode", default="serve", choices=["serve", "crash", "unhealthy", "file"])
parser.add_argument("--on-term", default="default", choices=["default", "clean", "ignore"])
parser.add_argument("--term-file")
parser.add_argument("--ready-file")
args = parser.parse_args()
print(f"{args.name} starting on port {args.port}", flush=True)

if args.mode == "crash":
    print(f"{args.name}: boom, the database is unreachable", file=sys.stderr, flush=True)
    sys.exit(3)

if args.upstream:
    with urllib.request.urlopen(args.upstream + "/", timeout=2) as response:
        print(f"upstream {args.upstream} answered {response.status}", flush=True)

if args.on_term == "clean":
    def on_term(signum, frame):
        time.sleep(0.4)  # a graceful shutdown takes a moment
        with open(args.term_file, "a") as handle:
            handle.write("stopped cleanly\\n")
        print("stopped cleanly", flush=True)
        sys.exit(0)
    signal.signal(signal.SIGTERM, on_term)
elif args.on_term == "ignore":
    signal.signal(signal.SIGTERM, signal.SIG_IGN)

if args.mode == "file":
    time.sleep(0.3)
    open(args.ready_file, "w").close()
    while True:
        time.sleep(1)


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/health":
            status = 503 if args.mode == "unhealthy" else 200
            body = {"ok": status == 200}
        else:
            status, body = 200, {"name": args.name, "upstream": args.upstream}
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", args.port), Handler).serve_forever()
'''


@pytest.fixture
def tag() -> Iterator[str]:
    """A unique marker for this test's command lines; asserts nothing outlives the test."""
    marker = f"qatron-svc-test-{uuid.uuid4().hex[:12]}"
    yield marker
    leftovers = processes_with(marker)
    for pid in leftovers:  # clean up before failing, so one bug does not leak into others
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    assert not leftovers, f"processes left running: {leftovers}"


def project_with(tmp_path: Path, services_yml: str, extra: str = "") -> Path:
    root = write_project(
        tmp_path / "project",
        "project: x\nenvironments:\n  local:\n" + extra + "    services:\n" + services_yml
        + "suites: {all: {}}\n",
        {"svc.py": SERVICE},
    )
    return root


def service(name: str, tag: str, args: str = "", **fields: str) -> str:
    """One service entry of qatron.yml (indented for ``project_with``)."""
    command = f"{{python}} svc.py --name {name} --port {{port}} --tag {tag} {args}"
    lines = [f"      {name}:", f'        command: "{command}"']
    fields.setdefault("health_check", '"{url}/health"')
    lines += [f"        {key}: {value}" for key, value in fields.items()]
    return "\n".join(lines) + "\n"


def get_json(url: str) -> dict[str, object]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.loads(response.read())


def test_services_start_in_dependency_order_and_hand_out_urls(tmp_path: Path, tag: str) -> None:
    # payments is listed first but its command references {users.url}: users starts first,
    # and payments checks at start-up that users already answers.
    root = project_with(
        tmp_path,
        service("payments", tag, "--upstream {users.url}")
        + f'      users:\n        command: "{{python}} -m http.server {{port}} --bind 127.0.0.1'
          f' --directory {{run_dir}} # {tag}"\n        health_check: "{{url}}/"\n',
        extra='    base_url: "{users.url}"\n    api_url: "{payments.url}/api"\n'
              "    variables: {currency: EUR, retries: 3}\n",
    )
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    env = start_environment(load_project(root), "local", run_dir)
    try:
        assert list(env.services) == ["users", "payments"]
        users, payments = env.services["users"], env.services["payments"]
        assert users.port != payments.port
        assert users.url == f"http://127.0.0.1:{users.port}"
        assert env.base_url == users.url
        assert env.api_url == f"{payments.url}/api"
        assert get_json(f"{payments.url}/info") == {"name": "payments", "upstream": users.url}
        assert f"upstream {users.url} answered 200" in payments.log_path.read_text()
        assert payments.log_path == run_dir / "logs" / "service-payments.log"

        data = env.fixture_data()
        assert data == {
            "currency": "EUR",
            "retries": 3,
            "name": "local",
            "base_url": users.url,
            "api_url": f"{payments.url}/api",
            "services": {
                "users": {"url": users.url, "host": "127.0.0.1", "port": users.port},
                "payments": {"url": payments.url, "host": "127.0.0.1", "port": payments.port},
            },
        }
        written = env.write(run_dir / "environment.json")
        assert json.loads(written.read_text()) == data
        assert len(processes_with(tag)) >= 2
    finally:
        env.stop()
    assert processes_with(tag) == []
    assert users.process is not None and users.process.poll() is not None


def test_service_env_and_cwd_are_filled(tmp_path: Path, tag: str) -> None:
    root = project_with(
        tmp_path,
        "      api:\n"
        f'        command: "{{python}} ../svc.py --name $SVC_NAME --port {{port}} --tag {tag}"\n'
        "        cwd: sub\n"
        '        env: {SVC_NAME: "api-on-{port}"}\n'
        '        health_check: "{url}/health"\n',
    )
    (root / "sub").mkdir()
    env = start_environment(load_project(root), "local", tmp_path)
    try:
        api = env.services["api"]
        assert get_json(f"{api.url}/info")["name"] == f"api-on-{api.port}"
    finally:
        env.stop()


def test_fixed_port_in_use_is_an_infrastructure_error(tmp_path: Path, tag: str) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        root = project_with(
            tmp_path,
            service("first", tag) + service("second", tag, "--upstream {first.url}",
                                            port=str(port)),
        )
        with pytest.raises(InfrastructureError) as info:
            start_environment(load_project(root), "local", tmp_path)
    message = str(info.value)
    assert message.startswith("environments.local.services.second.port: ")
    assert f"port {port} on 127.0.0.1 is already in use" in message
    assert "port: auto" in message
    assert info.value.exit_code == 5
    assert processes_with(tag) == []  # "first" was started, then stopped


def test_service_that_exits_is_reported_with_its_log_and_nothing_runs(
    tmp_path: Path, tag: str
) -> None:
    root = project_with(
        tmp_path, service("db", tag) + service("api", tag, "--upstream {db.url} --mode crash"),
    )
    with pytest.raises(ServiceStartError) as info:
        start_environment(load_project(root), "local", tmp_path)
    error = info.value
    assert error.service == "api"
    assert error.reason == "its process exited with code 3"
    assert "api: boom, the database is unreachable" in error.log_tail
    assert str(error).startswith("service 'api' did not start: its process exited with code 3\n")
    assert "last lines of its log:\n    api starting on port" in str(error)
    assert isinstance(error, InfrastructureError) and error.exit_code == 5
    assert processes_with(tag) == []


def test_health_check_timeout_stops_everything(tmp_path: Path, tag: str) -> None:
    root = project_with(
        tmp_path,
        service("db", tag) + service("api", tag, "--mode unhealthy", startup_timeout="1"),
    )
    started = time.monotonic()
    with pytest.raises(ServiceStartError) as info:
        start_environment(load_project(root), "local", tmp_path)
    assert time.monotonic() - started < 8
    error = info.value
    assert error.service == "api"
    assert error.reason.startswith("health check 'http://127.0.0.1:")
    assert error.reason.endswith("/health' did not pass within 1 s "
                                 "(last answer: 503 from /health)")
    assert "api starting on port" in error.log_tail
    assert processes_with(tag) == []


def test_health_check_by_command(tmp_path: Path, tag: str) -> None:
    root = project_with(
        tmp_path,
        service("worker", tag, "--mode file --ready-file {run_dir}/ready-{port}",
                health_check='{command: "test -f {run_dir}/ready-{port}", interval: 0.05}'),
    )
    env = start_environment(load_project(root), "local", tmp_path)
    try:
        worker = env.services["worker"]
        # start_environment returned only once the command passed: the file exists.
        assert (tmp_path / f"ready-{worker.port}").exists()
        assert worker.process is not None and worker.process.poll() is None
    finally:
        env.stop()


def test_failing_health_check_command_times_out(tmp_path: Path, tag: str) -> None:
    root = project_with(
        tmp_path,
        service("worker", tag, health_check='{command: "exit 1"}', startup_timeout="0.5"),
    )
    with pytest.raises(ServiceStartError, match="health check 'exit 1' did not pass within 0.5 s"):
        start_environment(load_project(root), "local", tmp_path)


def test_cycle_between_services_is_a_config_error(tmp_path: Path, tag: str) -> None:
    root = project_with(
        tmp_path,
        service("a", tag, "--upstream {b.url}") + service("b", tag, "--upstream {a.url}"),
    )
    with pytest.raises(ConfigError) as info:
        start_environment(load_project(root), "local", tmp_path)
    message = str(info.value)
    assert "environments.local.services" in message
    assert "services wait on each other" in message
    assert "a -> b" in message or "b -> a" in message
    assert not (tmp_path / "logs").exists()  # nothing was started


def test_unknown_placeholder_lists_known_ones(tmp_path: Path, tag: str) -> None:
    root = project_with(
        tmp_path, service("db", tag) + service("api", tag, "--upstream {dbb.url}"),
    )
    with pytest.raises(ConfigError) as info:
        start_environment(load_project(root), "local", tmp_path)
    message = str(info.value)
    assert "environments.local.services.api.command: unknown placeholder {dbb.url}" in message
    for known in ("{db.url}", "{db.port}", "{db.host}", "{port}", "{url}", "{host}",
                  "{python}", "{run_dir}"):
        assert known in message
    assert processes_with(tag) == []


def test_unknown_placeholder_in_base_url_stops_started_services(tmp_path: Path, tag: str) -> None:
    root = project_with(tmp_path, service("db", tag), extra='    base_url: "{web.url}"\n')
    with pytest.raises(ConfigError, match=r"environments\.local\.base_url: unknown placeholder "
                                          r"\{web\.url\}"):
        start_environment(load_project(root), "local", tmp_path)
    assert processes_with(tag) == []


def test_stop_lets_the_program_shut_down_cleanly(tmp_path: Path, tag: str) -> None:
    """Regression: the service runs under /bin/sh -c. stop_group used to SIGKILL the
    group as soon as the shell died of SIGTERM, so the program never finished its
    SIGTERM handler. Now it waits for the whole group before SIGKILL."""
    term_file = tmp_path / "term.txt"
    root = project_with(
        tmp_path, service("api", tag, f"--on-term clean --term-file {term_file}"),
    )
    env = start_environment(load_project(root), "local", tmp_path)
    api = env.services["api"]
    pids = processes_with(tag)
    assert pids
    env.stop()
    assert term_file.read_text() == "stopped cleanly\n"
    assert "stopped cleanly" in api.log_path.read_text()
    assert processes_with(tag) == []
    assert api.process is not None and api.process.poll() is not None


def test_program_ignoring_sigterm_is_killed_after_stop_timeout(tmp_path: Path, tag: str) -> None:
    root = project_with(tmp_path, service("api", tag, "--on-term ignore", stop_timeout="0.5"))
    env = start_environment(load_project(root), "local", tmp_path)
    port = env.services["api"].port
    started = time.monotonic()
    env.stop()
    elapsed = time.monotonic() - started
    assert processes_with(tag) == []
    assert 0.4 <= elapsed < 3.0, f"stop took {elapsed:.1f} s with stop_timeout 0.5"
    with socket.socket() as probe:  # the port is free again
        assert probe.connect_ex(("127.0.0.1", port)) != 0


def test_stop_of_an_environment_without_services(tmp_path: Path) -> None:
    write_project(tmp_path, "project: x\nsuites: {all: {}}\n", {})
    env = start_environment(load_project(tmp_path), "local", tmp_path)
    assert isinstance(env, RunningEnvironment)
    assert env.fixture_data() == {"name": "local", "base_url": None, "api_url": None,
                                  "services": {}}
    env.stop()


def test_free_port_is_bindable() -> None:
    port = free_port()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))
