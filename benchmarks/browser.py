"""Browser tests per minute: QAtron on 1 and 2 shards, local Chromium vs a Selenium Grid,
against plain ``pytest -n 2``.

    .venv/bin/python benchmarks/browser.py [--rounds 3]

The shop's browser tests (``-m browser`` in ``examples/shop/tests/e2e``: Selenium through
QAtron's ``driver`` fixture and the page objects of ``examples/shop/pages``) run, on a copy
of the shop, as:

1. ``qatron 1 shard``: a run-suite flow run (``qatron.run_suite``, in this process, on a
   local Prefect server started beforehand), one shard, a local headless Chromium per test;
2. ``qatron 2 shards``: the same on two shards;
3. ``qatron 2 shards grid``: two shards whose browsers are sessions of a real Selenium
   Grid 4 (the ``selenium-grid`` service: the standalone jar, two sessions at once,
   driving the same Chromium), started once beforehand like a team's long-lived Grid;
4. ``pytest -n 2``: one plain pytest-xdist process of two workers, local Chromium, against
   one environment of the shop's services started beforehand (QATRON_ENVIRONMENT_FILE, as
   the shop's tests find their services outside QAtron).

QAtron's wall time includes what a run does around the tests: its services provisioned
and stopped, collection, the run record, Prefect's flow and task runs, the reports. After
one untimed warm-up of each (QAtron's records the durations later runs balance on), the
four alternate for ``--rounds`` rounds, the order rotated each round. No runner retries a
failed test (a failure is reported, not hidden in a longer run). It prints the median wall
seconds, browser tests per minute and each wall time over ``pytest -n 2``'s.

Every process it starts (Prefect server, services, shards, ChromeDriver, Chromium, the
Grid's Java) runs with TMPDIR in its scratch folder; on the way out, Ctrl-C or SIGTERM
included, each is stopped and any process still carrying that TMPDIR is killed by its pid.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from qatron.config import load_project  # noqa: E402
from qatron.models import RunStatus  # noqa: E402
from qatron.processes import free_port, spawn, stop_group  # noqa: E402
from qatron.server import LocalServer, use_prefect_api  # noqa: E402
from qatron.services import RunningEnvironment, start_environment  # noqa: E402

SHARDS = 2
PATHS = ["tests/e2e"]
MARKER = "browser"
LOCAL, GRID = "browser-local", "browser-grid"
PEER = f"pytest -n {SHARDS}"
GRID_YML = """\
project: bench-grid
environments:
  local:
    services:
      grid: {type: selenium-grid, port: auto, max_sessions: %d, startup_timeout: 120}
suites: {none: {}}
"""


def copy_shop(work: Path, grid_url: str) -> Path:
    """The shop in ``work``, with a browser suite on local Chromium and one on the Grid."""
    shop = work / "shop"
    shutil.copytree(REPO / "examples" / "shop", shop,
                    ignore=shutil.ignore_patterns(".qatron", "__pycache__", "node_modules"))
    suite = (f"application: shop, markers: {MARKER}, paths: {json.dumps(PATHS)}, retries: 0, "
             "timeout: 900")
    config = shop / "qatron.yml"
    text = config.read_text()
    if "\nsuites:\n" not in text:
        raise SystemExit(f"{config} has no top-level `suites:` to add the benchmark's to")
    config.write_text(text.replace("\nsuites:\n", (
        f"\nsuites:\n  {LOCAL}: {{{suite}}}\n"
        f"  {GRID}: {{{suite}, browser: {{grid_url: \"{grid_url}\"}}}}\n"), 1))
    return shop


def start_grid(work: Path) -> tuple[RunningEnvironment, str]:
    """A Selenium Grid (the ``selenium-grid`` service) and its URL."""
    root = work / "grid"
    root.mkdir()
    (root / "qatron.yml").write_text(GRID_YML % SHARDS)
    grid = start_environment(load_project(root), "local", root / "run")
    return grid, str(grid.services["grid"].values["url"])


@dataclass(frozen=True)
class Timed:
    """One timed run: its wall seconds, how many tests ran and the failures' lines."""

    wall: float
    tests: int
    failures: list[str]


def qatron_runner(shop: Path, suite: str, shards: int) -> Callable[[], Timed]:
    """One run-suite flow run of ``suite`` on ``shards`` shards."""
    import qatron

    def run() -> Timed:
        started = time.perf_counter()
        result = qatron.run_suite(shop, suite, "local", shards=shards)
        wall = time.perf_counter() - started
        if result.status is RunStatus.CANCELLED:  # QAtron took the Ctrl-C (or SIGTERM)
            raise KeyboardInterrupt(result.message)
        if result.executed == 0 or len(result.failures) != result.failed:
            raise SystemExit(f"qatron {suite} on {shards} shards ended {result.status}: "
                             f"{result.message}; see {result.report}")
        return Timed(wall, result.executed, [f"{f.nodeid}: {first_line(f.message)}"
                                             for f in result.failures])

    return run


def pytest_runner(shop: Path, environment: RunningEnvironment, log: Path
                  ) -> Callable[[], Timed]:
    """One plain ``pytest -n 2`` process over the browser tests."""
    env_file = environment.write(environment.run_dir / "environment.json")
    env = {k: v for k, v in os.environ.items() if not k.startswith("QATRON_BROWSER_")}
    env.update(QATRON_ENVIRONMENT_FILE=str(env_file), QATRON_PROJECT_DIR=str(shop))
    argv = [sys.executable, "-m", "pytest", "-q", "-rf", "-m", MARKER, "-n", str(SHARDS),
            *PATHS]

    def run() -> Timed:
        log.unlink(missing_ok=True)
        started = time.perf_counter()
        process = spawn(argv, cwd=shop, env=env, log_path=log)
        try:
            code = process.wait()
        finally:
            stop_group(process, timeout=5.0)
        wall = time.perf_counter() - started
        out = log.read_text(errors="replace")
        counts = {word: int(n) for n, word in re.findall(r"(\d+) (passed|failed|error)", out)}
        if code not in (0, 1) or "passed" not in counts and "failed" not in counts:
            raise SystemExit(f"{PEER} failed ({code}):\n{out[-3000:]}")
        return Timed(wall, sum(counts.values()),
                     [line[len("FAILED "):] for line in out.splitlines()
                      if line.startswith("FAILED ")])

    return run


def first_line(text: str) -> str:
    return (text.strip().splitlines() or [""])[0][:160]


def measure(runners: dict[str, Callable[[], Timed]], rounds: int, tests: int
            ) -> dict[str, list[Timed]]:
    """One untimed warm-up of each, then ``rounds`` rounds alternating, the order rotated."""
    timed: dict[str, list[Timed]] = {label: [] for label in runners}
    labels = list(runners)
    for round_ in range(-1, rounds):
        shift = max(round_, 0) % len(labels)
        for label in labels[shift:] + labels[:shift]:
            done = runners[label]()
            if done.tests != tests:
                raise SystemExit(f"{label} ran {done.tests} tests, not the {tests} collected")
            name = "warm-up" if round_ < 0 else f"round {round_ + 1}"
            print(f"  {name}: {label:<22} {done.wall:7.2f} s"
                  + (" (not counted)" if round_ < 0 else "")
                  + (f", {len(done.failures)} failed" if done.failures else ""), flush=True)
            for failure in done.failures:
                print(f"      failed: {failure}", flush=True)
            if round_ >= 0:
                timed[label].append(done)
    return timed


def report(timed: dict[str, list[Timed]], tests: int) -> None:
    medians = {label: statistics.median(t.wall for t in runs) for label, runs in timed.items()}
    peer = medians[PEER]
    print(f"\n== {tests} browser tests of examples/shop (-m {MARKER} {' '.join(PATHS)}); "
          f"medians of {len(timed[PEER])} rounds ==")
    print(f"{'runner':<26}{'wall s':>9}{'tests/min':>11}{f'vs {PEER}':>16}{'failed':>9}")
    for label, wall in medians.items():
        failed = sum(len(t.failures) for t in timed[label])
        print(f"{label:<26}{wall:>9.2f}{60 * tests / wall:>11.1f}{wall / peer:>15.2f}x"
              f"{failed:>9}")
    for label in (f"qatron {SHARDS} shards", f"qatron {SHARDS} shards grid"):
        print(f"ratio {label} / {PEER}: {medians[label] / peer:.2f}x wall, "
              f"{peer / medians[label]:.2f}x the tests per minute")
    print("(failed: tests failed over the timed rounds; a failure is not retried, so the "
          "runs stay comparable)")


def collected(shop: Path) -> int:
    """How many browser tests pytest collects."""
    argv = [sys.executable, "-m", "pytest", "-q", "--collect-only", "-m", MARKER, *PATHS]
    done = subprocess.run(argv, cwd=shop, capture_output=True, text=True, timeout=300)
    found = re.search(r"(\d+)(?:/\d+)? tests? collected", done.stdout)
    if done.returncode != 0 or found is None:
        raise SystemExit(f"collecting the browser tests failed:\n{done.stdout[-3000:]}"
                         f"\n{done.stderr[-3000:]}")
    return int(found.group(1))


def scratch_processes(scratch: Path) -> Iterator[int]:
    """Pids of live processes (this one excepted) whose TMPDIR is in ``scratch``."""
    prefix = f"TMPDIR={scratch}".encode()
    for entry in Path("/proc").glob("[0-9]*"):
        if int(entry.name) == os.getpid():
            continue
        try:
            environ = (entry / "environ").read_bytes().split(b"\0")
        except OSError:
            continue
        if any(item.startswith(prefix) for item in environ):
            yield int(entry.name)


def kill_leftovers(scratch: Path) -> list[int]:
    """SIGTERM, then SIGKILL, the processes still running in ``scratch``; their pids."""
    found = sorted(scratch_processes(scratch))
    for sig, pause in ((signal.SIGTERM, 3.0), (signal.SIGKILL, 0.0)):
        for pid in found:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                continue
        deadline = time.monotonic() + pause
        while time.monotonic() < deadline and any(scratch_processes(scratch)):
            time.sleep(0.1)
    return found


def drain_prefect_logs() -> None:
    """Send the flow runs' last log lines before the server stops (if Prefect was loaded)."""
    if "prefect.logging.handlers" in sys.modules:
        from prefect.logging.handlers import APILogWorker

        APILogWorker.drain_all(timeout=10)


def interrupt_on_sigterm(signum: int, frame: FrameType | None) -> None:
    """SIGTERM as Ctrl-C: the ``finally`` blocks stop what was started."""
    raise KeyboardInterrupt(f"signal {signum}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds (default 3)")
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    signal.signal(signal.SIGTERM, interrupt_on_sigterm)
    # A short TMPDIR (Chromium's socket paths) that marks every process started below.
    scratch = Path(tempfile.mkdtemp(prefix="qbb-", dir="/tmp"))
    os.environ["TMPDIR"] = tempfile.tempdir = str(scratch)
    for name in ("QATRON_DATABASE_URL", "VIRTUAL_ENV", "PYTHONPATH"):
        os.environ.pop(name, None)
    os.environ.update(QATRON_HOME=str(scratch), PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL="WARNING")
    server = LocalServer(home=scratch / "server", port=free_port())
    started: list[RunningEnvironment] = []
    try:
        began = time.perf_counter()
        os.environ["PREFECT_API_URL"] = server.start()
        use_prefect_api()
        grid, grid_url = start_grid(scratch)
        started.append(grid)
        shop = copy_shop(scratch, grid_url)
        peer_env = start_environment(load_project(shop), "local", scratch / "peer-env")
        started.append(peer_env)
        print(f"Prefect server, Selenium Grid ({grid_url}) and the shop's services for "
              f"{PEER} ready in {time.perf_counter() - began:.1f} s (not timed below)",
              flush=True)
        runners = {
            PEER: pytest_runner(shop, peer_env, scratch / "pytest.log"),
            "qatron 1 shard": qatron_runner(shop, LOCAL, 1),
            f"qatron {SHARDS} shards": qatron_runner(shop, LOCAL, SHARDS),
            f"qatron {SHARDS} shards grid": qatron_runner(shop, GRID, SHARDS),
        }
        tests = collected(shop)
        report(measure(runners, args.rounds, tests), tests)
    except KeyboardInterrupt:
        print("\ninterrupted: stopping what was started", file=sys.stderr)
        raise SystemExit(130) from None
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not stop cleanup
        for environment in reversed(started):
            environment.stop()
        drain_prefect_logs()
        server.stop()
        left = kill_leftovers(scratch)
        if left:
            print(f"killed {len(left)} processes left running: {left}", file=sys.stderr)
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
