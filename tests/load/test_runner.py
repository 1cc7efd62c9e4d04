"""The load engine against a real HTTP target with real Locust processes (no mocks)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from qatron import processes
from qatron.load.config import LoadTest
from qatron.load.models import LoadStatus
from qatron.load.runner import LoadRequest, Progress, run_load
from qatron.load.stats import clean_error, percentile

TARGET = Path(__file__).with_name("target.py")


@pytest.fixture(scope="module")
def target() -> Iterator[tuple[str, int]]:
    """The target's URL and pid."""
    server = subprocess.Popen([sys.executable, str(TARGET), "--port", "0"],
                              stdout=subprocess.PIPE, text=True)
    assert server.stdout is not None
    port = int(server.stdout.readline().split()[-1])
    yield f"http://127.0.0.1:{port}", server.pid
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Path]:
    """A project folder; afterwards no process marked as its own may be left."""
    yield tmp_path
    mark = f"{processes.PROJECT_VAR}={tmp_path}"
    deadline = time.monotonic() + 5
    while list(processes.marked(mark)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert list(processes.marked(mark)) == []


def spec(**fields: Any) -> LoadTest:
    fields.setdefault("behaviour", {"endpoints": [{"path": "/fast"}]})
    fields.setdefault("workers", 0)
    return LoadTest.model_validate({"target": "{app.url}", **fields})


def request(project: Path, url: str, load: LoadTest, **extra: Any) -> LoadRequest:
    return LoadRequest(name="t", spec=load, target_url=url, folder=project / "load",
                       cwd=project, project_mark=str(project), **extra)


def test_weighted_endpoints_hit_the_target_and_failures_are_grouped(
        project: Path, target: tuple[str, int]) -> None:
    seen: list[Progress] = []
    load = spec(behaviour={"endpoints": [
        {"path": "/fast", "weight": 3},
        {"path": "/err"},
        {"path": "/slow", "name": "slow one"},
        {"method": "post", "path": "/created", "body": {"amount": 1200},
         "headers": {"X-Token": "t"}, "expect_status": [200]},
    ]}, shape={"users": 4, "duration": 3})
    result = run_load(request(project, target[0], load, on_progress=seen.append,
                              target_pids=[target[1]]))

    assert result.status is LoadStatus.PASSED, result.message
    by_name = {e.name: e for e in result.endpoints}
    assert set(by_name) == {"GET /fast", "GET /err", "slow one", "POST /created"}
    assert 2.0 < by_name["GET /fast"].requests / by_name["GET /err"].requests < 4.5
    assert by_name["slow one"].p50_ms >= 20 and by_name["GET /fast"].p50_ms < 20
    assert by_name["GET /err"].failures == by_name["GET /err"].requests
    assert by_name["POST /created"].failures == by_name["POST /created"].requests
    assert by_name["GET /fast"].failures == 0
    assert result.total.requests == sum(e.requests for e in result.endpoints)
    assert result.total.failures == sum(e.failures for e in result.endpoints)
    errors = {(e.name, e.error): e.occurrences for e in result.errors}
    assert errors == {("GET /err", "HTTP 500, expected a status below 400"):
                      by_name["GET /err"].failures,
                      ("POST /created", "HTTP 201, expected 200"):
                      by_name["POST /created"].failures}
    assert 2.5 < result.duration < 4.5 and result.users_peak == 4
    assert seen and seen[-1].requests > 0 and (project / "load" / "live.json").is_file()
    assert result.resources and all(s.memory_mb > 0 for s in result.resources)
    assert re.match(r"\d+ requests in \d+\.\d s", result.message)


def test_a_users_own_locustfile_runs_with_the_shape(
        project: Path, target: tuple[str, int]) -> None:
    (project / "perf").mkdir()
    (project / "perf" / "mine.py").write_text(
        "from locust import HttpUser, constant, task\n\n\n"
        "class Mine(HttpUser):\n"
        "    wait_time = constant(0.05)\n\n"
        "    @task\n"
        "    def health(self):\n"
        "        self.client.get('/health')\n", encoding="utf-8")
    load = spec(behaviour=None, locustfile="perf/mine.py", shape={"users": 3, "duration": 2})
    result = run_load(request(project, target[0], load))

    assert result.status is LoadStatus.PASSED, result.message
    assert [e.name for e in result.endpoints] == ["/health"]
    assert result.total.failures == 0 and result.users_peak == 3
    assert 1.5 < result.duration < 3.5


def test_a_users_own_shape_is_kept(project: Path, target: tuple[str, int]) -> None:
    (project / "mine.py").write_text(
        "from locust import HttpUser, LoadTestShape, constant, task\n\n\n"
        "class Mine(HttpUser):\n"
        "    wait_time = constant(0.05)\n\n"
        "    @task\n"
        "    def fast(self):\n"
        "        self.client.get('/fast')\n\n\n"
        "class Short(LoadTestShape):\n"
        "    def tick(self):\n"
        "        return (2, 10) if self.get_run_time() < 1.5 else None\n", encoding="utf-8")
    load = spec(behaviour=None, locustfile="mine.py", shape={"users": 5, "duration": 30})
    started = time.monotonic()
    result = run_load(request(project, target[0], load))

    assert result.status is LoadStatus.PASSED, result.message
    assert result.users_peak == 2 and result.duration < 3
    assert time.monotonic() - started < 12


def test_ramp_up_reaches_the_peak_by_the_end(project: Path, target: tuple[str, int]) -> None:
    load = spec(behaviour={"endpoints": [{"path": "/fast"}], "think_time": 0.05},
                shape={"pattern": "ramp_up", "users": 4, "duration": 4})
    result = run_load(request(project, target[0], load))

    users = [p.users for p in result.timeline if p.users]
    assert result.status is LoadStatus.PASSED, result.message
    assert users[0] < 4 and max(users) == 4 == result.users_peak
    assert users == sorted(users)


def test_stages_follow_their_steps(project: Path, target: tuple[str, int]) -> None:
    load = spec(behaviour={"endpoints": [{"path": "/fast"}], "think_time": [0.02, 0.05]},
                shape={"pattern": "stages", "stages": [{"duration": 1.5, "users": 1},
                                                       {"duration": 3.5, "users": 3}]})
    result = run_load(request(project, target[0], load))

    users = [p.users for p in result.timeline if p.users]
    assert result.status is LoadStatus.PASSED, result.message
    assert users[0] == 1 and max(users) == 3 == result.users_peak


def test_volume_ends_once_every_user_made_its_requests(
        project: Path, target: tuple[str, int]) -> None:
    load = spec(behaviour={"endpoints": [{"path": "/fast"}], "requests_per_user": 25},
                shape={"pattern": "volume", "users": 3, "duration": 30})
    started = time.monotonic()
    result = run_load(request(project, target[0], load))

    assert result.status is LoadStatus.PASSED, result.message
    assert result.total.requests == 75
    assert time.monotonic() - started < 15


def test_two_workers_run_as_two_processes(project: Path, target: tuple[str, int]) -> None:
    seen: list[Progress] = []
    load = spec(workers=2, shape={"users": 4, "duration": 3})
    result = run_load(request(project, target[0], load, on_progress=seen.append))

    assert result.status is LoadStatus.PASSED, result.message
    assert result.workers == 2 and max(p.workers for p in seen) == 2
    assert result.total.requests > 0 and result.users_peak == 4
    logs = sorted(p.name for p in (project / "load" / "logs").iterdir())
    assert logs == ["master.log", "worker-1.log", "worker-2.log"]


def test_remote_workers_connect_to_the_master(project: Path, target: tuple[str, int]) -> None:
    started: list[processes.Spawned] = []

    def start_workers(host: str, port: int) -> None:
        for _ in range(2):
            started.append(processes.spawn(
                [sys.executable, "-m", "locust", "-f", str(project / "load" / "locustfile.py"),
                 "--worker", "--master-host", host, "--master-port", str(port)],
                cwd=project, env=os.environ, log_path=project / "remote.log",
                project=str(project)))

    load = spec(workers=2, shape={"users": 2, "duration": 2})
    try:
        result = run_load(request(project, target[0], load, remote_workers=start_workers))
    finally:
        for worker in started:
            processes.stop_group(worker)

    assert len(started) == 2
    assert result.status is LoadStatus.PASSED, result.message
    assert result.workers == 2 and result.total.requests > 0
    assert sorted(p.name for p in (project / "load" / "logs").iterdir()) == ["master.log"]


def test_a_worker_killed_mid_test_ends_it_with_the_results_so_far(
        project: Path, target: tuple[str, int]) -> None:
    killed: list[int] = []

    def kill_a_worker(progress: Progress) -> None:
        if not killed and progress.requests > 0 and progress.workers == 2:
            pid = worker_pids(project / "load")[-1]
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)

    load = spec(workers=2, shape={"users": 4, "duration": 20})
    started = time.monotonic()
    result = run_load(request(project, target[0], load, on_progress=kill_a_worker))

    assert killed
    assert result.status is LoadStatus.INFRA_FAILED
    assert re.fullmatch(r"worker [12] of 2 died at \d+\.\d s; results until then are kept",
                        result.message), result.message
    assert result.total.requests > 0
    assert time.monotonic() - started < 18


def test_a_target_that_does_not_answer_starts_no_locust(project: Path) -> None:
    url = f"http://127.0.0.1:{processes.free_port()}/"
    result = run_load(request(project, url, spec(shape={"duration": 2})))

    assert result.status is LoadStatus.INFRA_FAILED
    assert result.message == f"target {url} does not answer: Connection refused"
    assert not (project / "load" / "locustfile.py").exists()
    assert not (project / "load" / "logs").exists()


def test_cancel_stops_the_test_and_keeps_what_it_measured(
        project: Path, target: tuple[str, int]) -> None:
    cancel = threading.Event()

    def cancel_once_running(progress: Progress) -> None:
        if progress.requests > 0:
            cancel.set()

    load = spec(workers=1, shape={"users": 3, "duration": 30})
    started = time.monotonic()
    result = run_load(request(project, target[0], load, cancel=cancel,
                              on_progress=cancel_once_running))

    assert result.status is LoadStatus.CANCELLED
    assert re.fullmatch(r"cancelled at \d+\.\d s; results until then are kept", result.message)
    assert result.total.requests > 0
    assert time.monotonic() - started < 15


def test_max_requests_stops_the_test_early(project: Path, target: tuple[str, int]) -> None:
    load = spec(max_requests=300, shape={"users": 2, "duration": 30})
    started = time.monotonic()
    result = run_load(request(project, target[0], load))

    assert result.status is LoadStatus.PASSED, result.message
    assert result.message.startswith("stopped at max_requests 300: ")
    assert 300 <= result.total.requests < 600
    assert time.monotonic() - started < 15


def test_percentile_is_the_nearest_rank_of_the_histogram() -> None:
    histogram = {1.0: 50, 2.0: 40, 10.0: 9, 100.0: 1}
    assert [percentile(histogram, f) for f in (0.5, 0.9, 0.95, 0.99, 1.0)] == [
        1.0, 2.0, 10.0, 10.0, 100.0]
    assert percentile({}, 0.5) == 0.0


def test_errors_read_as_their_cause() -> None:
    refused = ("ConnectionError(MaxRetryError(\"HTTPConnectionPool(host='h', port=1): Max "
               "retries exceeded with url: /a (Caused by NewConnectionError('<conn>: Failed to "
               "establish a new connection: [Errno 111] Connection refused'))\"))")
    assert clean_error(refused) == "ConnectionError: [Errno 111] Connection refused"
    assert clean_error("CatchResponseError('HTTP 500, expected 200')") == "HTTP 500, expected 200"


def worker_pids(folder: Path) -> list[int]:
    """Pids of the Locust workers running the locustfile in ``folder``."""
    locustfile = str(folder / "locustfile.py").encode()
    found = []
    for entry in Path("/proc").iterdir():
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if locustfile in argv and b"--worker" in argv:
            found.append(int(entry.name))
    return sorted(found)
