"""The warm worker's parts that need no worker: its channel, and what it refuses to run."""

from __future__ import annotations

import os
import socket
import sys
import threading
from pathlib import Path

import pytest

from qatron.warm import embedded_api
from qatron.warm.channel import Channel
from qatron.warm.serve import Identity
from qatron.warm.worker import WarmWorker, run_prefect_environ

API = "http://127.0.0.1:4200/api"


def test_a_message_carries_descriptors_that_work_in_the_receiver(tmp_path: Path) -> None:
    left, right = socket.socketpair()
    sender, receiver = Channel(left), Channel(right)
    target = tmp_path / "out.txt"
    big = "é" * 100_000  # several reads long
    with target.open("w") as handle:
        sending = threading.Thread(target=sender.send, args=(
            {"run": {"argv": ["qatron", "run"], "env": {"A": big}}}, [handle.fileno()]))
        sending.start()
        message, fds = receiver.receive()
        sending.join()
    assert message is not None and message["run"]["env"]["A"] == big
    os.write(fds[0], b"written by the receiver")
    os.close(fds[0])
    assert target.read_text() == "written by the receiver"
    sender.send({"exit": 3})
    sender.close()
    assert receiver.receive() == ({"exit": 3}, [])
    assert receiver.receive() == (None, [])


def request(**changes: object) -> dict[str, object]:
    return {"python": sys.executable, "api_url": API, "env": {}, **changes}


def test_a_run_that_would_run_differently_is_refused(tmp_path: Path) -> None:
    identity = Identity(api_url=API, prefect=run_prefect_environ({}, API))

    assert identity.refusal(request()) is None
    assert identity.refusal(request(env={"PREFECT_API_URL": API, "HOME": "/x"})) is None
    assert identity.refusal(request(python="/usr/bin/python3")) == (
        f"another Python (/usr/bin/python3, the worker's is {sys.executable})")
    assert identity.refusal(request(api_url="http://other:4200/api")) == (
        f"another Prefect API (http://other:4200/api, the worker's is {API})")
    assert identity.refusal(request(env={"PREFECT_LOGGING_LEVEL": "DEBUG",
                                         "PREFECT_API_KEY": "secret"})) == (
        "other Prefect settings: PREFECT_API_KEY, PREFECT_LOGGING_LEVEL")


def test_a_work_pool_workers_flow_run_variables_do_not_make_it_differ() -> None:
    identity = Identity(api_url=API, prefect=run_prefect_environ({}, API))
    flow_run = {"PREFECT_API_URL": API, "PREFECT__FLOW_RUN_ID": "0b6f…",
                "PREFECT__CONTROL_PORT": "40123", "PREFECT_WORKER_QUERY_SECONDS": "1",
                "PREFECT_SERVER_EPHEMERAL_ENABLED": "true"}

    assert identity.refusal(request(kind="prefect.engine", env=flow_run)) is None
    assert identity.refusal(request(env={**flow_run, "PREFECT_LOGGING_LEVEL": "DEBUG"})) == (
        "other Prefect settings: PREFECT_LOGGING_LEVEL")


def test_a_worker_started_from_a_flow_runs_command_has_none_of_its_variables(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PREFECT__FLOW_RUN_ID", "0b6f")
    monkeypatch.setenv("PREFECT__CONTROL_TOKEN", "secret")
    monkeypatch.setenv("QATRON_MARK", "kept")
    worker = WarmWorker(tmp_path / "home")
    worker.spawn(API)
    try:
        pid = worker.pid()
        assert pid is not None
        environ = dict(
            line.split("=", 1)
            for line in Path(f"/proc/{pid}/environ").read_text().split("\0") if "=" in line)
    finally:
        assert worker.stop()
    assert environ["QATRON_MARK"] == "kept"
    assert environ["PREFECT_API_URL"] == API
    assert not [key for key in environ if key.startswith("PREFECT__")]


def test_code_changed_on_disk_since_the_worker_started_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "module.py"
    source.write_text("x = 1\n")
    identity = Identity(api_url=API, prefect=run_prefect_environ({}, API),
                        code={str(source): source.stat().st_mtime_ns})
    assert identity.refusal(request()) is None

    os.utime(source, ns=(source.stat().st_atime_ns, source.stat().st_mtime_ns + 1_000_000))
    assert identity.refusal(request()) == f"QAtron's code changed since it started: {source}"


@pytest.mark.parametrize(("env", "expected"), [
    ({}, API),
    ({"PREFECT_API_URL": API + "/"}, API),
    ({"PREFECT_API_URL": "http://127.0.0.1:9999/api"}, None),
    ({"QATRON_WARM_WORKER": "off"}, None),
])
def test_only_a_run_on_the_local_server_goes_to_the_worker(
        monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: str | None) -> None:
    for name in ("PREFECT_API_URL", "QATRON_WARM_WORKER", "QATRON_SERVER_PORT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert embedded_api() == expected
