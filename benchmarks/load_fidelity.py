"""Whether QAtron's load tests measure what plain Locust measures, and what they cost to start.

    .venv/bin/python benchmarks/load_fidelity.py [--runs 3] [--users 10] [--duration 10]
                                                 [--workers 0]

The benchmark starts a small HTTP target once (a copy of the load tests' target: ``/fast``
answers at once, ``/slow`` after 20–80 ms) and writes a project in a temporary folder: one
plain Locust ``HttpUser`` (``/fast`` three times as often as ``/slow``, 50 ms of think
time) in ``locustfile.py``, and a qatron.yml whose load test runs that file against the
target's loopback URL, shape ``{pattern: sustained, users: U, duration: N}``, ``workers``
as given. Then it alternates, ``--runs`` times (after one untimed warm-up of each), the
order rotated every round:

1. plain Locust: ``locust -f locustfile.py --headless -u U -r U -t Ns`` (``--processes W``
   for ``--workers W`` above 0: a master and W workers, as QAtron runs them);
2. the ``run-load-test`` flow, in this process, on a local Prefect server started
   beforehand (not timed): run record, environment, Locust, criteria, reports;
3. the engine alone, ``qatron.load.runner.run_load``: QAtron's Locust processes without
   the flow.

Every mode's figures come from Locust's own JSON file, read by ``qatron.load.stats``
(RPS over the span from the first request to the last; p50 and p95 from the response-time
histograms). It prints the medians, the ratios of QAtron's to plain Locust's (the aim:
within 5%) and each mode's start-up overhead: its wall time minus the load's duration, and
minus the time from its first request to its last (plain Locust's ``-t`` counts from before
its users start, so its load lasts a little less than ``-t``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from qatron.load import stats  # noqa: E402
from qatron.load.config import LoadTest  # noqa: E402
from qatron.load.models import LoadResult, LoadStatus  # noqa: E402
from qatron.load.runner import LoadRequest, probe, run_load  # noqa: E402
from qatron.processes import free_port  # noqa: E402
from qatron.server import LocalServer, use_prefect_api  # noqa: E402
from qatron.store import ResultsStore  # noqa: E402

PROJECT = "load-bench"
LOAD_TEST = "fidelity"
THINK_SECONDS = 0.05
#: Percent by which QAtron's figures may differ from plain Locust's.
AIM = 5.0

LOCUSTFILE = f'''\
from locust import HttpUser, constant, task


class Shopper(HttpUser):
    wait_time = constant({THINK_SECONDS})

    @task(3)
    def fast(self):
        self.client.get("/fast")

    @task(1)
    def slow(self):
        self.client.get("/slow")
'''

TARGET = '''\
import random
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if path == "/slow":
            time.sleep(random.uniform(0.02, 0.08))
        status = 200 if path in ("/", "/fast", "/slow") else 404
        body = b'{"ok": true}'
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        """Quiet: no line on stderr for each request."""


server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
server.daemon_threads = True
print("listening", flush=True)
server.serve_forever()
'''


@dataclass(frozen=True)
class Figures:
    """One run of one mode: its wall time (seconds) and what Locust measured."""

    wall: float
    rps: float
    p50_ms: float
    p95_ms: float
    requests: int
    failures: int
    #: Seconds from the first request to the last.
    span: float


def start_target(work: Path) -> tuple[subprocess.Popen[str], str]:
    """The target in a process of its own; the process and its URL."""
    script = work / "target.py"
    script.write_text(TARGET)
    port = free_port()
    process = subprocess.Popen([sys.executable, str(script), str(port)],
                               stdout=subprocess.DEVNULL, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while probe(url, timeout=1) and time.monotonic() < deadline:
        time.sleep(0.1)
    if probe(url, timeout=1):
        process.kill()
        raise SystemExit(f"the target did not answer on {url} within 20 s")
    return process, url


def write_project(root: Path, url: str, users: int, duration: float, workers: int) -> Path:
    """qatron.yml with the load test, the locustfile, one trivial test."""
    (root / "tests").mkdir(parents=True)
    (root / "tests" / "test_ok.py").write_text("def test_ok():\n    assert True\n")
    (root / "locustfile.py").write_text(LOCUSTFILE)
    (root / "qatron.yml").write_text(
        f"project: {PROJECT}\napplications:\n  api: {{path: ., tests: [tests]}}\n"
        "environments:\n  local: {services: {}}\n"
        "suites:\n  all: {application: api, paths: [tests]}\n"
        f"load_tests:\n  {LOAD_TEST}:\n    target: \"{url}\"\n    locustfile: locustfile.py\n"
        f"    shape: {{pattern: sustained, users: {users}, duration: {duration:g}}}\n"
        f"    workers: {workers}\n")
    return root


def figures(wall: float, result: LoadResult) -> Figures:
    """``result``'s figures, after checking the test ran."""
    if result.status is not LoadStatus.PASSED or not result.total.requests:
        raise SystemExit(f"the load test ended {result.status.value}: {result.message}")
    total = result.total
    return Figures(wall, total.rps, total.p50_ms, total.p95_ms, total.requests, total.failures,
                   result.duration)


def run_plain(project: Path, url: str, spec: LoadTest, folder: Path) -> Figures:
    """Plain Locust once, as a subprocess; its outputs named as QAtron's are."""
    folder.mkdir(parents=True)
    shape = spec.shape
    argv = [sys.executable, "-m", "locust", "-f", str(project / "locustfile.py"), "--headless",
            "-u", str(shape.users), "-r", str(shape.users), "-t", f"{shape.duration:g}s",
            "--host", url, "--json-file", str(folder / "locust"), "--csv",
            str(folder / "locust"), "--only-summary", "--exit-code-on-error", "0",
            "--stop-timeout", f"{spec.stop_timeout:g}", "--loglevel", "WARNING"]
    if spec.workers:
        argv += ["--processes", str(spec.workers)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    started = time.perf_counter()
    process = subprocess.Popen(argv, cwd=folder, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        output, _ = process.communicate(timeout=shape.duration + spec.stop_timeout + 120)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    wall = time.perf_counter() - started
    total, _, _ = stats.read_results(folder)
    if process.returncode != 0 or not total.requests:
        raise SystemExit(f"plain Locust failed ({process.returncode}):\n{output[-3000:]}")
    span = stats.read_span(folder) or (0.0, 0.0)
    return Figures(wall, total.rps, total.p50_ms, total.p95_ms, total.requests, total.failures,
                   span[1] - span[0])


def run_flow(project: Path) -> Figures:
    """The run-load-test flow once, in this process; its figures from the results store."""
    from flows.run_load import run_load_test

    started = time.perf_counter()
    state = run_load_test(load_test=LOAD_TEST, project=str(project), return_state=True)
    wall = time.perf_counter() - started
    with ResultsStore(f"sqlite:///{project / '.qatron' / 'results.db'}") as store:
        record = store.list_runs(project=PROJECT)[0]
        (result,) = store.load_results(record.id)
    if not state.is_completed():
        raise SystemExit(f"the flow ended {state.name}: {record.message}")
    return figures(wall, result)


def run_engine(project: Path, url: str, spec: LoadTest, folder: Path) -> Figures:
    """QAtron's engine alone (``run_load``), without Prefect."""
    request = LoadRequest(name=LOAD_TEST, spec=spec, target_url=url, folder=folder,
                          cwd=project)
    started = time.perf_counter()
    result = run_load(request)
    return figures(time.perf_counter() - started, result)


def quiet_prefect_console() -> None:
    """Prefect's console handler at WARNING: its run logs still go to the server."""
    import logging

    from prefect.logging.configuration import setup_logging
    from prefect.logging.handlers import PrefectConsoleHandler

    setup_logging()
    for logger in [logging.getLogger(), *(item for item in logging.root.manager.loggerDict
                                         .values() if isinstance(item, logging.Logger))]:
        for handler in logger.handlers:
            if isinstance(handler, PrefectConsoleHandler):
                handler.setLevel(logging.WARNING)


def measure(runners: dict[str, Callable[[], Figures]], runs: int) -> dict[str, list[Figures]]:
    """One untimed warm-up of each, then ``runs`` rounds alternating, the order rotated."""
    def show(prefix: str, label: str, f: Figures) -> None:
        print(f"  {prefix}: {label:<7} wall {f.wall:6.2f} s  {f.requests:6d} requests  "
              f"{f.rps:7.1f}/s  p50 {f.p50_ms:4.0f} ms  p95 {f.p95_ms:4.0f} ms  "
              f"{f.failures} failed  load {f.span:5.2f} s", flush=True)

    for label, runner in runners.items():
        show("warm-up", label, runner())
    done: dict[str, list[Figures]] = {label: [] for label in runners}
    labels = list(runners)
    for round_ in range(runs):
        shift = round_ % len(labels)
        for label in labels[shift:] + labels[:shift]:
            done[label].append(runners[label]())
            show(f"round {round_ + 1}", label, done[label][-1])
    return done


def report(done: dict[str, list[Figures]], spec: LoadTest) -> None:
    def median(label: str, name: str) -> float:
        return statistics.median(getattr(f, name) for f in done[label])

    shape = spec.shape
    processes = "one process" if not spec.workers else f"a master and {spec.workers} workers"
    print(f"\n== {shape.users} users for {shape.duration:g} s, {processes}; "
          f"medians of {len(done['plain'])} runs ==")
    print(f"{'':<26}{'RPS':>9}{'p50 ms':>9}{'p95 ms':>9}{'load s':>9}{'wall s':>9}"
          f"{'start-up s':>12}{'wall-load s':>13}")
    for label, title in (("plain", "plain Locust"), ("flow", "QAtron run-load-test flow"),
                         ("engine", "QAtron engine (run_load)")):
        wall = median(label, "wall")
        print(f"{title:<26}{median(label, 'rps'):9.1f}{median(label, 'p50_ms'):9.0f}"
              f"{median(label, 'p95_ms'):9.0f}{median(label, 'span'):9.2f}{wall:9.2f}"
              f"{wall - shape.duration:12.2f}"
              f"{statistics.median(f.wall - f.span for f in done[label]):13.2f}")
    print(f"\nQAtron / plain Locust (aim: within {AIM:g}%):")
    for label in ("flow", "engine"):
        parts = []
        for name, title in (("rps", "RPS"), ("p50_ms", "p50"), ("p95_ms", "p95")):
            plain = median("plain", name)
            ratio = median(label, name) / plain if plain else float("nan")
            mark = "ok" if abs(ratio - 1) * 100 <= AIM else "off"
            parts.append(f"{title} {ratio:5.3f} ({mark})")
        print(f"  {label:<7}" + "   ".join(parts))
    best = {label: max(done[label], key=lambda f: f.rps) for label in done}
    print("  in each mode's least disturbed run (its highest RPS; on a busy machine the others "
          "lag):")
    for label in ("flow", "engine"):
        print(f"  {label:<7}" + "   ".join(
            f"{title} {getattr(best[label], name) / getattr(best['plain'], name):5.3f}"
            for name, title in (("rps", "RPS"), ("p50_ms", "p50"), ("p95_ms", "p95"))))
    extra = {label: median(label, "wall") - median("plain", "wall") for label in ("flow", "engine")}
    print(f"\nstart-up overhead beyond plain Locust: flow {extra['flow']:+.2f} s, "
          f"engine {extra['engine']:+.2f} s (wall minus the load's {shape.duration:g} s, "
          "compared with plain Locust's)")
    print("load s: first request to last; start-up s: wall minus the shape's duration; "
          "wall-load s: wall minus load s\n(plain Locust's -t counts from before its users "
          "start, so its load is shorter than -t).")
    print("p50 and p95 are whole milliseconds (Locust's histogram buckets): at a few ms a "
          "1 ms difference is tens of percent.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--users", type=int, default=10, help="simulated users (default 10)")
    parser.add_argument("--duration", type=float, default=10.0,
                        help="seconds of load per run (default 10)")
    parser.add_argument("--workers", type=int, default=0,
                        help="Locust worker processes under a master; 0: one process "
                             "(default 0)")
    args = parser.parse_args()
    if args.runs < 1 or args.users < 1 or args.duration <= 0 or args.workers < 0:
        parser.error("--runs and --users must be at least 1, --duration above 0, "
                     "--workers at least 0")
    work = Path(tempfile.mkdtemp(prefix="qatron-bench-load-"))
    target, url = start_target(work)
    server = LocalServer(home=work / "server", port=free_port())
    started = time.perf_counter()
    os.environ.pop("QATRON_DATABASE_URL", None)
    os.environ.update(PREFECT_API_URL=server.start(), QATRON_HOME=str(work))
    use_prefect_api()
    print(f"Prefect server ready in {time.perf_counter() - started:.1f} s (not timed below); "
          f"target on {url}")
    try:
        quiet_prefect_console()
        project = write_project(work / "project", url, args.users, args.duration, args.workers)
        spec = LoadTest.model_validate({
            "target": url, "locustfile": "locustfile.py", "workers": args.workers,
            "shape": {"pattern": "sustained", "users": args.users,
                      "duration": args.duration}})
        outputs = iter(range(1_000_000))
        done = measure({
            "plain": lambda: run_plain(project, url, spec, work / f"plain-{next(outputs)}"),
            "flow": lambda: run_flow(project),
            "engine": lambda: run_engine(project, url, spec,
                                         work / f"engine-{next(outputs)}")}, args.runs)
        report(done, spec)
    finally:
        from prefect.logging.handlers import APILogWorker

        APILogWorker.drain_all(timeout=10)
        server.stop()
        target.terminate()
        target.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
