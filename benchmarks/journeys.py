"""What running tests as a QAtron journey costs, against one plain pytest run of them.

    .venv/bin/python benchmarks/journeys.py [--runs 3] [--chain 6] [--independent 2]

The benchmark writes a project in a temporary folder: three applications (``users``,
``orders``, ``web``, one test file each) and one journey, ``chain``, of ``--chain``
steps taken in turn by the three applications, each step reading ``n`` from the step
before it (``data_flow``) and passing ``n + 1`` on, plus ``--independent`` steps that
depend on nothing (they run beside the chain). Every test sleeps 100 ms (a request's
worth of work) and returns ``{"n": journey.inputs.get("n", 0) + 1}``; outside a
journey the ``journey`` fixture is inert (``journey.inputs == {}``), so the same test
functions run unchanged under plain pytest. Then it alternates, ``--runs`` times
(after one untimed warm-up of each), the order swapped every round:

1. the ``run-journey`` flow, in this process, on a local Prefect server started
   beforehand (not timed): environment, one ``journey-step`` task run and one test
   process per step, the run record, analysis and reports;
2. one plain ``pytest`` process running the same test functions one after the other;
3. one plain ``pytest`` process running only the first of them: the start-up every
   step's own test process pays at least.

It prints the median wall times, their ratio and QAtron's overhead per step, then
where a journey's time goes, from the step records in the results store: the median
time of a step's test process (its 100 ms of work, the rest pytest's start-up and
QAtron's plugin), the median gap between a chain step's end and the next one's start
(Prefect task-run orchestration and passing the data), and the time before the first
step and after the last one.
"""

from __future__ import annotations

import argparse
import itertools
import logging
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from qatron.processes import free_port  # noqa: E402
from qatron.server import LocalServer, use_prefect_api  # noqa: E402
from qatron.store import ResultsStore  # noqa: E402

APPS = ("users", "orders", "web")
WORK_SECONDS = 0.1
PROJECT = "journey-bench"
JOURNEY = "chain"

TEST_HEADER = '''\
import time


def step(journey):
    """100 ms of work, then n + 1 passed on (n is 0 outside a journey)."""
    time.sleep({work})
    return {{"n": journey.inputs.get("n", 0) + 1}}

'''


@dataclass(frozen=True)
class Step:
    """One step of the journey: a test function of one application."""

    app: str
    name: str
    after: str | None = None

    @property
    def id(self) -> str:
        return f"{self.app}.{self.name}"

    @property
    def nodeid(self) -> str:
        return f"tests/test_{self.app}.py::{self.name}"


def plan_steps(chain: int, independent: int) -> list[Step]:
    """``chain`` steps, the applications in turn, each after the one before; then the
    independent steps."""
    steps: list[Step] = []
    for index in range(1, chain + 1):
        before = steps[-1].id if steps else None
        steps.append(Step(APPS[(index - 1) % len(APPS)], f"test_chain_{index:02d}", before))
    for index in range(1, independent + 1):
        steps.append(Step(APPS[(index - 1) % len(APPS)], f"test_side_{index:02d}"))
    return steps


def write_project(root: Path, steps: list[Step]) -> Path:
    """qatron.yml, one test file per application, a pytest.ini for the plain run."""
    (root / "tests").mkdir(parents=True)
    for app in APPS:
        body = TEST_HEADER.format(work=WORK_SECONDS) + "".join(
            f"\ndef {s.name}(journey):\n    return step(journey)\n\n"
            for s in steps if s.app == app)
        (root / "tests" / f"test_{app}.py").write_text(body)
    (root / "pytest.ini").write_text("[pytest]\nfilterwarnings =\n"
                                     "    ignore::pytest.PytestReturnNotNoneWarning\n")
    lines = [f"    - {{app: {s.app}, test: \"{s.nodeid}\"}}" for s in steps]
    flow = [f"      {s.after}.return.n: {s.id}.n" for s in steps if s.after]
    applications = "\n".join(f"  {app}: {{path: ., tests: [tests]}}" for app in APPS)
    (root / "qatron.yml").write_text(
        f"project: {PROJECT}\napplications:\n{applications}\n"
        "environments:\n  local: {services: {}}\n"
        f"suites:\n  all: {{application: users, paths: [tests]}}\n"
        f"journeys:\n  {JOURNEY}:\n    steps:\n" + "\n".join(lines)
        + ("\n    data_flow:\n" + "\n".join(flow) if flow else "") + "\n")
    return root


@dataclass
class Breakdown:
    """Where one journey run's time went, from its stored records (seconds)."""

    step_process: list[float] = field(default_factory=list)
    gaps: list[float] = field(default_factory=list)
    before_first: float = 0.0
    after_last: float = 0.0
    final_n: object = None


def run_journey_once(project: Path, steps: list[Step]) -> tuple[float, Breakdown]:
    """The run-journey flow once; its wall time and its steps' timings."""
    from flows.run_journey import run_journey

    started_wall, started = time.time(), time.perf_counter()
    state = run_journey(journey=JOURNEY, project=str(project), return_state=True)
    wall = time.perf_counter() - started
    if not state.is_completed():
        raise SystemExit(f"the journey ended {state.name}: {state.message}")
    with ResultsStore(f"sqlite:///{project / '.qatron' / 'results.db'}") as store:
        record = store.list_runs(project=PROJECT)[0]
        journeys = store.journeys(record.id)
    done = {s.step: s for j in journeys for s in j.steps}
    if record.status != "completed" or len(done) != len(steps):
        raise SystemExit(f"the journey ended {record.status}: {record.message}")
    chain = [done[s.id] for s in steps if s.name.startswith("test_chain_")]
    timed = [s for s in done.values() if s.started_at and s.finished_at]
    first = min(s.started_at or 0.0 for s in timed)
    last = max(s.finished_at or 0.0 for s in timed)
    return wall, Breakdown(
        step_process=[s.duration for s in timed],
        gaps=[(b.started_at or 0.0) - (a.finished_at or 0.0)
              for a, b in itertools.pairwise(chain)],
        before_first=first - started_wall, after_last=started_wall + wall - last,
        final_n=chain[-1].outputs.get("n") if chain else None)


def run_pytest_once(project: Path, steps: list[Step], env: dict[str, str]) -> float:
    """One plain pytest process over the same test functions, in journey order."""
    argv = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
            *(s.nodeid for s in steps)]
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=project, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0 or f"{len(steps)} passed" not in done.stdout:
        raise SystemExit(f"plain pytest failed ({done.returncode}):\n{done.stdout[-3000:]}"
                         f"\n{done.stderr[-3000:]}")
    return wall


def quiet_prefect_console() -> None:
    """Prefect's console handler at WARNING: its run logs still go to the server."""
    from prefect.logging.configuration import setup_logging
    from prefect.logging.handlers import PrefectConsoleHandler

    setup_logging()
    for logger in [logging.getLogger(), *(item for item in logging.root.manager.loggerDict
                                         .values() if isinstance(item, logging.Logger))]:
        for handler in logger.handlers:
            if isinstance(handler, PrefectConsoleHandler):
                handler.setLevel(logging.WARNING)


def measure(runners: dict[str, Callable[[], float]], runs: int) -> dict[str, list[float]]:
    """One untimed warm-up of each, then ``runs`` rounds alternating, the order rotated."""
    for label, runner in runners.items():
        print(f"  warm-up: {label:<8} {runner():6.2f} s (not counted)", flush=True)
    walls: dict[str, list[float]] = {label: [] for label in runners}
    labels = list(runners)
    for round_ in range(runs):
        shift = round_ % len(labels)
        for label in labels[shift:] + labels[:shift]:
            wall = runners[label]()
            walls[label].append(wall)
            print(f"  round {round_ + 1}: {label:<8} {wall:6.2f} s", flush=True)
    return walls


def report(steps: list[Step], walls: dict[str, list[float]], breakdowns: list[Breakdown]) -> None:
    journey, plain = (statistics.median(walls[k]) for k in ("journey", "pytest"))
    chain = sum(1 for s in steps if s.name.startswith("test_chain_"))
    print(f"\n== {len(steps)} steps ({chain} chained across {len(APPS)} applications, "
          f"{len(steps) - chain} independent), {WORK_SECONDS * 1000:.0f} ms of work each; "
          f"medians of {len(walls['pytest'])} runs ==")
    print(f"{'run-journey flow':<34}{journey:8.2f} s")
    print(f"{'plain pytest (one process)':<34}{plain:8.2f} s")
    print(f"{'ratio journey / pytest':<34}{journey / plain:8.2f}x")
    print(f"{'QAtron overhead per step':<34}{1000 * (journey - plain) / len(steps):8.0f} ms"
          f"   ((journey - pytest) / {len(steps)} steps)")
    processes = [d for b in breakdowns for d in b.step_process]
    gaps = [g for b in breakdowns for g in b.gaps]
    process = statistics.median(processes)
    print("\nwhere a journey's time goes (medians over every step of the timed runs):")
    floor = statistics.median(walls["1 test"])
    print(f"  a step's test process             {1000 * process:8.0f} ms   "
          f"({1000 * WORK_SECONDS:.0f} ms work + {1000 * (process - WORK_SECONDS):.0f} ms "
          f"pytest start-up, collection, plugin, results)")
    print(f"  plain pytest process of one test  {1000 * floor:8.0f} ms   "
          f"(the start-up every step pays, outside QAtron)")
    if gaps:
        print(f"  gap between chained steps         {1000 * statistics.median(gaps):8.0f} ms   "
              f"(task-run orchestration, data passed on; max "
              f"{1000 * max(gaps):.0f} ms)")
    print(f"  flow start to first step          "
          f"{1000 * statistics.median(b.before_first for b in breakdowns):8.0f} ms   "
          f"(flow run, run record, environment)")
    print(f"  last step to flow end             "
          f"{1000 * statistics.median(b.after_last for b in breakdowns):8.0f} ms   "
          f"(teardown, store, analysis, reports, final state)")
    print(f"  n after the chain: {sorted({str(b.final_n) for b in breakdowns})} "
          f"(expected ['{chain}'])")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--chain", type=int, default=6, help="chained steps (default 6)")
    parser.add_argument("--independent", type=int, default=2,
                        help="steps that depend on nothing (default 2)")
    args = parser.parse_args()
    if args.runs < 1 or args.chain < 1 or args.independent < 0:
        parser.error("--runs and --chain must be at least 1, --independent at least 0")
    work = Path(tempfile.mkdtemp(prefix="qatron-bench-journeys-"))
    server = LocalServer(home=work / "server", port=free_port())
    started = time.perf_counter()
    os.environ.pop("QATRON_DATABASE_URL", None)
    os.environ.update(PREFECT_API_URL=server.start(), QATRON_HOME=str(work))
    use_prefect_api()
    print(f"Prefect server ready in {time.perf_counter() - started:.1f} s (not timed below)")
    try:
        quiet_prefect_console()
        steps = plan_steps(args.chain, args.independent)
        project = write_project(work / "project", steps)
        env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
        breakdowns: list[Breakdown] = []

        def journey() -> float:
            wall, breakdown = run_journey_once(project, steps)
            breakdowns.append(breakdown)
            return wall

        walls = measure({"journey": journey,
                         "pytest": lambda: run_pytest_once(project, steps, env),
                         "1 test": lambda: run_pytest_once(project, steps[:1], env)},
                        args.runs)
        report(steps, walls, breakdowns[1:])
    finally:
        from prefect.logging.handlers import APILogWorker

        APILogWorker.drain_all(timeout=10)
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
