"""Run one load test with Locust, in processes of its own, and read what it measured.

    >>> request = LoadRequest(name="payments", spec=spec, target_url="http://127.0.0.1:8080",
    ...                       folder=run_folder / "load" / "payments", cwd=project,
    ...                       project_mark=project_mark(project), on_progress=print)
    >>> result = run_load(request)        # LoadResult: PASSED with figures, or
    >>> result.status, result.message     # INFRA_FAILED / CANCELLED and why

Locust runs as a headless master with ``spec.workers`` worker processes (or as one
process when ``workers`` is 0), all started with :func:`qatron.processes.spawn`. The
shape ends the test; a cancel, a worker that dies, ``max_requests`` or the safety
deadline end it early, and the master is always asked to stop gracefully first, so the
figures up to then are kept. Criteria are judged elsewhere: a test that ran is PASSED.
Everything lands in ``folder``: Locust's CSV and JSON files, ``live.json`` (the latest
:class:`Progress`), and ``logs/``.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from qatron import processes
from qatron.errors import ConfigError
from qatron.load import stats
from qatron.load.config import LoadTest
from qatron.load.locustfile import MAX_REQUESTS_FILE, STATUS_FILE, write_locustfile
from qatron.load.models import EndpointStats, LoadResult, LoadStatus
from qatron.load.resources import Sampler

LIVE_FILE = "live.json"
#: Seconds between two looks at Locust's processes and files.
POLL = 0.25
#: Seconds the master gets to write its results once asked to stop (beyond stop_timeout).
GRACE = 10.0
#: Seconds a worker that exited by itself may precede its master's exit (the master
#: tells its workers to quit when the test ends).
EXIT_GRACE = 3.0


@dataclass
class Progress:
    """The test so far, as Locust's stats history last showed it."""

    elapsed: float
    users: int
    requests: int
    failures: int
    rps: float
    p95_ms: float
    #: Workers connected to the master (0 when Locust runs as one process).
    workers: int = 0


@dataclass
class LoadRequest:
    """One load test to run: the test, its filled-in target and where to write."""

    name: str
    spec: LoadTest
    target_url: str
    folder: Path
    cwd: Path
    project_mark: str | None = None
    cancel: threading.Event | None = None
    on_progress: Callable[[Progress], None] | None = None
    target_pids: list[int] = field(default_factory=list)
    target_containers: list[str] = field(default_factory=list)
    #: Called once the master listens, with (host, port), when the workers run elsewhere
    #: (the worker flow on a work pool); the master then expects ``spec.workers`` of them.
    remote_workers: Callable[[str, int], None] | None = None
    #: Variables Locust's processes get besides this process's (the run's environment
    #: file, for a locustfile that reads the services' addresses).
    env: dict[str, str] = field(default_factory=dict)


@dataclass
class _Run:
    """Locust's processes and what happened to them."""

    master: processes.Spawned
    workers: list[processes.Spawned]
    launched: float
    stopped: LoadStatus | None = None
    reason: str = ""
    #: Workers the master waits for (0: one process).
    expected: int = 0
    workers_seen: int = 0
    missing: int = 0
    #: Epoch seconds of the stats history's first row.
    began: float | None = None
    #: Worker number → (monotonic time, test seconds) when its process was seen ended.
    worker_exits: dict[int, tuple[float, float]] = field(default_factory=dict)
    last: Progress | None = None


def run_load(request: LoadRequest) -> LoadResult:
    """Run the load test of ``request`` to its end; see the module docstring."""
    request.folder.mkdir(parents=True, exist_ok=True)
    result = LoadResult(name=request.name, target=request.target_url,
                        status=LoadStatus.INFRA_FAILED, started_at=time.time())
    if request.cancel is not None and request.cancel.is_set():
        return _finish(result, LoadStatus.CANCELLED, "cancelled before it started")
    unreachable = probe(request.target_url)
    if unreachable:
        return _finish(result, LoadStatus.INFRA_FAILED, unreachable)
    try:
        locustfile = write_locustfile(request.spec, request.folder, request.cwd)
    except ConfigError as exc:
        return _finish(result, LoadStatus.INFRA_FAILED, str(exc))
    sampler = Sampler(request.target_pids, request.target_containers).start()
    try:
        run = _start(request, locustfile)
        try:
            _watch(request, run)
        finally:
            _stop_all(run)
    except processes.SpawnError as exc:
        return _finish(result, LoadStatus.INFRA_FAILED, str(exc))
    finally:
        result.resources = sampler.stop()
    return _collect(request, run, result)


def probe(url: str, timeout: float = 5.0) -> str:
    """'' if ``url`` answers at all (any HTTP status), else why not."""
    try:
        with urllib.request.urlopen(url, timeout=timeout):
            return ""
    except urllib.error.HTTPError:
        return ""
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        text = getattr(reason, "strerror", None) or str(reason)
        return f"target {url} does not answer: {text}"


def _start(request: LoadRequest, locustfile: Path) -> _Run:
    spec, folder = request.spec, request.folder
    common = ["-f", str(locustfile), "--host", request.target_url]
    outputs = ["--headless", "--csv", str(folder / "locust"), "--csv-full-history",
               "--json-file", str(folder / "locust"), "--only-summary", "--loglevel", "INFO",
               "--exit-code-on-error", "0", "--stop-timeout", f"{spec.stop_timeout:g}"]
    # No --run-time: Locust 2.47 ignores it when there is a shape (there always is); the
    # safety deadline is _watch's.
    if spec.workers == 0:
        return _Run(_spawn(request, [*common, *outputs], "locust"), [], time.monotonic())
    remote = request.remote_workers is not None
    bind = "0.0.0.0" if remote else "127.0.0.1"  # noqa: S104 - remote workers connect
    port = processes.free_port(bind)
    run = _Run(_spawn(request, [*common, *outputs, "--master", "--expect-workers",
                                str(spec.workers), "--master-bind-host", bind,
                                "--master-bind-port", str(port)], "master"),
               [], time.monotonic(), expected=spec.workers)
    try:
        if request.remote_workers is not None:
            _await_port(run.master, port)
            request.remote_workers(_reachable_host(), port)
        else:
            for index in range(1, spec.workers + 1):
                run.workers.append(_spawn(request, [*common, "--worker", "--master-host",
                                                    "127.0.0.1", "--master-port", str(port),
                                                    "--loglevel", "WARNING"],
                                          f"worker-{index}"))
    except BaseException:
        _stop_all(run)
        raise
    return run


def _spawn(request: LoadRequest, arguments: list[str], role: str) -> processes.Spawned:
    env = {**os.environ, **request.env, "PYTHONUNBUFFERED": "1"}
    return processes.spawn([sys.executable, "-m", "locust", *arguments], cwd=request.folder,
                           env=env, log_path=request.folder / "logs" / f"{role}.log",
                           project=request.project_mark)


def _await_port(master: processes.Spawned, port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and master.poll() is None:
        if processes.port_in_use("127.0.0.1", port):
            return
        time.sleep(0.1)


def _reachable_host() -> str:
    """This machine's address as other machines reach it: ``QATRON_LOAD_MASTER_HOST``,
    else the address of its default route (its name as a fallback)."""
    if os.environ.get("QATRON_LOAD_MASTER_HOST"):
        return os.environ["QATRON_LOAD_MASTER_HOST"]
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the route
        return str(s.getsockname()[0])
    return socket.gethostname()


def _watch(request: LoadRequest, run: _Run) -> None:
    """Until the master exits: progress, and the reasons to stop it early."""
    spec = request.spec
    patience = 600.0 if request.remote_workers is not None else 60.0  # workers to start
    deadline = run.launched + spec.shape.length + spec.stop_timeout + patience
    while run.master.poll() is None:
        time.sleep(POLL)
        _progress(request, run)
        if request.cancel is not None and request.cancel.is_set():
            run.stopped = LoadStatus.CANCELLED
            run.reason = f"cancelled at {_elapsed(run):.1f} s"
        elif lost := _lost_worker(run):
            run.stopped, run.reason = LoadStatus.INFRA_FAILED, lost
        elif time.monotonic() > deadline:
            run.stopped = LoadStatus.INFRA_FAILED
            run.reason = (f"Locust did not end within {deadline - run.launched:.0f} s "
                          f"(shape length + stop timeout + {patience:.0f} s) and was stopped")
        if run.stopped is not None:
            _stop_gracefully(run, spec.stop_timeout + GRACE)
            return


def _elapsed(run: _Run) -> float:
    """Seconds since the test began (its stats history's first row), else since launch."""
    if run.began is not None:
        return time.time() - run.began
    return time.monotonic() - run.launched


def _lost_worker(run: _Run) -> str:
    """Why the test lost a worker ('' if it did not): a local worker process that ended
    while the master still runs (killed, or gone without the master telling it to), or
    one the master reports missing."""
    now = time.monotonic()
    for index, worker in enumerate(run.workers, 1):
        if worker.poll() is None:
            continue
        first = run.worker_exits.setdefault(index, (now, _elapsed(run)))
        if worker.returncode < 0 or now - first[0] > EXIT_GRACE:
            return f"worker {index} of {len(run.workers)} died at {first[1]:.1f} s"
    if run.missing:
        return (f"{run.missing} of {run.expected} workers went missing (no heartbeat) "
                f"at {_elapsed(run):.1f} s")
    return ""


def _progress(request: LoadRequest, run: _Run) -> None:
    with contextlib.suppress(OSError, ValueError):
        status = json.loads((request.folder / STATUS_FILE).read_text(encoding="utf-8"))
        run.workers_seen = max(run.workers_seen, int(status.get("workers", 0)))
        run.missing = int(status.get("missing", 0))
    latest = stats.read_latest(request.folder)
    if latest is None:
        return
    point, requests, failures, run.began = latest
    progress = Progress(elapsed=round(_elapsed(run), 2), users=point.users, requests=requests,
                        failures=failures, rps=point.rps, p95_ms=point.p95_ms,
                        workers=run.workers_seen)
    if run.last is not None and (progress.requests, progress.users, progress.workers) == (
            run.last.requests, run.last.users, run.last.workers):
        return
    run.last = progress
    live = request.folder / LIVE_FILE
    live.with_suffix(".tmp").write_text(json.dumps(asdict(progress)), encoding="utf-8")
    os.replace(live.with_suffix(".tmp"), live)
    if request.on_progress is not None:
        request.on_progress(progress)


def _stop_gracefully(run: _Run, timeout: float) -> None:
    """SIGTERM the master (it then stops its workers and writes its results), then the
    workers; wait up to ``timeout`` seconds for the master."""
    for process in [run.master, *run.workers]:
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal.SIGTERM)
        if process is run.master:
            time.sleep(0.5)  # the master tells its workers to quit itself
    with contextlib.suppress(subprocess.TimeoutExpired):
        run.master.wait(timeout=timeout)


def _stop_all(run: _Run) -> None:
    for process in [run.master, *run.workers]:
        processes.stop_group(process, timeout=3.0)


def _collect(request: LoadRequest, run: _Run, result: LoadResult) -> LoadResult:
    folder, spec = request.folder, request.spec
    result.total, result.endpoints, result.errors = stats.read_results(folder)
    result.timeline = stats.read_timeline(folder)
    result.users_peak = max((p.users for p in result.timeline), default=0)
    result.workers = run.workers_seen
    span = stats.read_span(folder)
    if span is not None:
        result.started_at, result.finished_at = span
    else:
        result.finished_at = time.time()
    kept = "; results until then are kept"
    if run.stopped is not None:
        return _finish(result, run.stopped, run.reason + kept, keep_times=True)
    if stats.read_entries(folder) is None:
        log = folder / "logs" / ("master.log" if run.workers else "locust.log")
        return _finish(result, LoadStatus.INFRA_FAILED,
                       f"Locust exited with code {run.master.returncode} without results; "
                       f"its log ({log}) ends:\n{processes.tail(log, 15)}", keep_times=True)
    return _judge(result, spec, (folder / MAX_REQUESTS_FILE).is_file())


def _judge(result: LoadResult, spec: LoadTest, max_reached: bool) -> LoadResult:
    total: EndpointStats = result.total
    if total.requests == 0:
        return _finish(result, LoadStatus.INFRA_FAILED,
                       f"the test made no requests at all in its {spec.shape.length:g} s "
                       "(Locust may have been starved of CPU); run it again on a less busy "
                       "machine", keep_times=True)
    connection = [e for e in result.errors if _connection_error(e.error)]
    refused = sum(e.occurrences for e in connection)
    if total.failures == total.requests and refused == total.failures:
        return _finish(result, LoadStatus.INFRA_FAILED,
                       f"target {result.target} does not answer: all {total.requests} requests "
                       f"failed to connect ({connection[0].error.split(': ', 1)[-1]})",
                       keep_times=True)
    text = (f"{total.requests} requests in {result.duration:.1f} s, {total.rps:.1f}/s, "
            f"{total.error_rate:.1%} failed, p95 {total.p95_ms:g} ms")
    if max_reached:
        text = f"stopped at max_requests {spec.max_requests}: {text}"
    elif (spec.behaviour is not None and spec.shape.pattern != "volume"
          and result.duration < spec.shape.length / 2):
        text += (f" (the load lasted only {result.duration:.1f} s of the shape's "
                 f"{spec.shape.length:g} s: Locust may have been starved of CPU)")
    return _finish(result, LoadStatus.PASSED, text, keep_times=True)


def _connection_error(error: str) -> bool:
    return any(word in error for word in ("ConnectionRefused", "ConnectionError",
                                          "NewConnectionError", "ConnectTimeout",
                                          "RemoteDisconnected", "ConnectionResetError"))


def _finish(result: LoadResult, status: LoadStatus, message: str,
            keep_times: bool = False) -> LoadResult:
    result.status, result.message = status, message
    if not keep_times or result.finished_at is None:
        result.finished_at = time.time()
    return result
