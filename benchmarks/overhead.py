"""QAtron's wall time and orchestration overhead against pytest and pytest-xdist.

    .venv/bin/python benchmarks/overhead.py [--suite full] [--shards 2] [--synthetic 120]
    .venv/bin/python benchmarks/overhead.py --real sympy [--rounds 3]
    .venv/bin/python benchmarks/overhead.py --first-test [--suite unit] [--rounds 3]

Runs, in this process and on this machine:

1. plain ``pytest`` over the suite's tests (services started beforehand, not timed);
2. ``pytest -n SHARDS`` (pytest-xdist), the same way;
3. ``qatron run --suite S --shards SHARDS`` twice: the first run with no recorded
   durations (cold), the second balanced on the first one's (warm). Its wall
   time includes provisioning the services, collection, Prefect, the results
   store and the reports.

QAtron's overhead is its wall time minus its longest shard's pytest process
time: the time spent outside the test processes on the critical path.
``--synthetic N`` adds a generated suite of sleeping tests totalling N seconds
to show the overhead's share on a longer suite.

``--real NAME`` measures a real open-source suite instead (see ``LARGE``: fetched
as an sdist at a pinned version into a virtualenv of its own, committed to a git
repository of its own as a project's checkout is), on the embedded default as ``make
run`` sets it up (``qatron server start``: a local server and the warm worker). Each
round runs, in an order
rotated every round, ``pytest -n SHARDS`` and ``qatron run --shards SHARDS``
twice: without history (the project's ``.qatron`` state removed first: no
recorded durations, no cached collection) and with the history of the runs
before it. It prints the medians, QAtron's ratios to pytest-xdist, each run's
phases, whether the runners counted the same tests, and the machine's load.

``--first-test`` times ``qatron run`` on the example shop on the embedded default (a
local server of its own, as ``make run`` has), alternately in its own process (cold:
``QATRON_WARM_WORKER=off``) and handed to the warm worker: from the command to its
first test's start, to its exit, and to its HTML report; best and median of the rounds,
with the machine's load.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.real_projects import Project, junit_counts, prepare  # noqa: E402
from qatron.config import load_project  # noqa: E402
from qatron.processes import free_port  # noqa: E402
from qatron.server import LocalServer  # noqa: E402
from qatron.services import start_environment  # noqa: E402
from qatron.store import ResultsStore  # noqa: E402

BIN = Path(sys.executable).parent


def timed(argv: list[str], cwd: Path, env: dict[str, str],
          ok: tuple[int, ...] = (0,)) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode not in ok:
        raise SystemExit(f"{' '.join(argv)} failed ({done.returncode}):\n{done.stdout[-3000:]}"
                         f"\n{done.stderr[-3000:]}")
    return elapsed, done.stdout


def peer_runs(project_dir: Path, suite: str, shards: int, env: dict[str, str]) -> dict[str, float]:
    """Plain pytest and pytest-xdist against services started outside the timing."""
    project = load_project(project_dir)
    config = project.suite(suite)
    run_dir = Path(tempfile.mkdtemp(prefix="qatron-bench-peer-"))
    environment = start_environment(project, "local", run_dir)
    try:
        env_file = environment.write(run_dir / "environment.json")
        peer_env = {**env, "QATRON_ENVIRONMENT_FILE": str(env_file),
                    "QATRON_PROJECT_DIR": str(project.root)}
        _, application = project.application_of(config)
        args = [str(BIN / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider",
                *(["-m", config.marker_expression()] if config.marker_expression() else []),
                *(config.paths or application.tests)]
        app_dir = project.application_dir(config)
        plain, _ = timed(args, app_dir, peer_env)
        xdist, _ = timed([*args, "-n", str(shards)], app_dir, peer_env)
    finally:
        environment.stop()
        shutil.rmtree(run_dir, ignore_errors=True)
    return {"pytest": plain, f"pytest -n {shards}": xdist}


def qatron_run(project_dir: Path, suite: str, shards: int, env: dict[str, str],
               extra: tuple[str, ...] = (), ok: tuple[int, ...] = (0,)) -> dict:
    launched = time.time()
    wall, stdout = timed([str(BIN / "qatron"), "run", "--project", str(project_dir), "--suite",
                          suite, "--env", "local", "--shards", str(shards), "--json", *extra],
                         project_dir, env, ok)
    result = json.loads(stdout)
    with ResultsStore(f"sqlite:///{project_dir / '.qatron' / 'results.db'}") as store:
        summary = store.load_summary(result["id"])
        record = store.get_run(result["id"])
    longest = max(s.duration for s in summary.shards)
    test_time = sum(r.duration for r in summary.results)
    first = min(s.started_at for s in summary.shards)
    last = max(s.finished_at for s in summary.shards)
    phases = {
        "start-up (imports, server, run record)": record.started_at.timestamp() - launched,
        "provisioning + collection": first - record.started_at.timestamp(),
        "shards (longest)": longest,
        "shard start stagger": (last - first) - longest,
        "teardown + reports + final state": record.finished_at.timestamp() - last,
        "process exit": launched + wall - record.finished_at.timestamp(),
    }
    counts = result["counts"]
    return {"wall": wall, "longest_shard": longest, "overhead": wall - longest,
            "test_time": test_time, "tests": len(summary.results), "phases": phases,
            # as JUnit XML counts them: an xfail is a skip there, an xpass a pass
            "counts": {"passed": sum(counts.get(k, 0) for k in ("passed", "flaky", "xpassed")),
                       "failed": counts.get("failed", 0) + counts.get("error", 0),
                       "skipped": counts.get("skipped", 0) + counts.get("xfailed", 0)}}


def synthetic_project(root: Path, seconds: float) -> Path:
    """A suite of 0.5-2.5 s sleeping tests totalling ``seconds``."""
    durations, total, step = [], 0.0, 0
    while total < seconds:
        duration = 0.5 + (step * 0.37) % 2.0
        durations.append(round(duration, 2))
        total, step = total + duration, step + 1
    (root / "tests").mkdir(parents=True)
    (root / "qatron.yml").write_text("project: synthetic\nsuites: {all: {shards: 2}}\n")
    (root / "tests" / "test_sleep.py").write_text(textwrap.dedent(f"""
        import time, pytest
        @pytest.mark.parametrize("seconds", {durations!r})
        def test_sleep(seconds):
            time.sleep(seconds)
    """))
    return root


def report(name: str, peers: dict[str, float], cold: dict, warm: dict, shards: int) -> None:
    xdist = peers[f"pytest -n {shards}"]
    print(f"\n== {name}: {warm['tests']} tests, {warm['test_time']:.1f} s of test time ==")
    print(f"{'runner':<28}{'wall s':>9}{'vs xdist':>10}{'vs pytest':>11}")
    rows = [*peers.items(), (f"qatron run (cold, {shards} shards)", cold["wall"]),
            (f"qatron run (warm, {shards} shards)", warm["wall"])]
    for label, wall in rows:
        print(f"{label:<28}{wall:>9.2f}{wall / xdist:>9.2f}x{wall / peers['pytest']:>10.2f}x")
    for label, run in (("cold", cold), ("warm", warm)):
        print(f"qatron overhead ({label}): {run['overhead']:.2f} s outside the test processes "
              f"(longest shard {run['longest_shard']:.2f} s) = "
              f"{100 * run['overhead'] / run['test_time']:.1f}% of the suite's test time, "
              f"{100 * run['overhead'] / run['wall']:.1f}% of wall")
        print("    " + ", ".join(f"{k} {v:.2f} s" for k, v in run["phases"].items()))


#: Real suites of at least 5,000 tests that take at least a minute under ``pytest -n 2``.
LARGE = {
    # SymPy's own tests of four packages: 5,900 tests; pure Python (mpmath), and
    # SymPy's conftest needs hypothesis.
    "sympy": Project("sympy", "1.13.3", "sympy", ("hypothesis",), "four packages' tests",
                     paths=("sympy/core", "sympy/polys", "sympy/functions", "sympy/printing")),
}


def committed(folder: Path) -> None:
    """Make the extracted sdist a git checkout with one commit, as a project's is."""
    if (folder / ".git").is_dir():
        return
    (folder / ".gitignore").write_text(".venv/\n.qatron/\n.bench-*\n__pycache__/\n")
    for argv in (["git", "init", "-q"], ["git", "add", "-A"],
                 ["git", "-c", "user.name=bench", "-c", "user.email=bench@localhost",
                  "commit", "-q", "-m", "sdist"]):
        subprocess.run(argv, cwd=folder, check=True, capture_output=True)


def xdist_run(folder: Path, project: Project, shards: int, env: dict[str, str]) -> dict:
    report = folder / ".bench-junit.xml"
    wall, _ = timed([str(folder / ".venv" / "bin" / "pytest"), "-q", "-p", "no:cacheprovider",
                     "-n", str(shards), f"--junitxml={report}", *project.suite_paths],
                    folder, env, ok=(0, 1))
    return {"wall": wall, "counts": junit_counts(report)}


def real_suite(name: str, rounds: int, shards: int, env: dict[str, str]) -> None:
    """Alternate pytest-xdist and QAtron without and with history on a real suite."""
    project = LARGE[name]
    folder = prepare(project)
    committed(folder)
    env = {key: value for key, value in env.items() if key not in ("VIRTUAL_ENV", "PYTHONPATH")}
    shutil.rmtree(folder / ".qatron", ignore_errors=True)
    runners = {
        "xdist": lambda: xdist_run(folder, project, shards, env),
        "qatron, no history": lambda: (shutil.rmtree(folder / ".qatron", ignore_errors=True),
                                       qatron_run(folder, "all", shards, env, ok=(0, 1)))[1],
        "qatron, history": lambda: qatron_run(folder, "all", shards, env, ok=(0, 1)),
    }
    walls: dict[str, list[float]] = {label: [] for label in runners}
    seen: dict[str, list[dict]] = {label: [] for label in runners}
    loads = []
    labels = list(runners)
    for index in range(rounds):
        for label in labels[index % 3:] + labels[:index % 3]:
            before = os.getloadavg()[0]
            run = runners[label]()
            loads.append((before + os.getloadavg()[0]) / 2)
            walls[label].append(run["wall"])
            seen[label].append(run)
            phases = ", ".join(f"{k} {v:.1f}" for k, v in run.get("phases", {}).items())
            print(f"  round {index + 1}: {label:<20}{run['wall']:8.1f} s  {run['counts']}"
                  + (f"\n      {phases}" if phases else ""), flush=True)
    xdist = statistics.median(walls["xdist"])
    print(f"\n== {name} {project.version} ({project.note}): "
          f"{sum(seen['xdist'][0]['counts'].values())} tests, {shards} shards, {rounds} rounds, "
          f"mean load {statistics.mean(loads):.2f} on {os.cpu_count()} cores ==")
    print(f"{'runner':<22}{'median s':>9}{'min s':>8}{'max s':>8}{'vs xdist':>10}{'overhead':>10}")
    for label, values in walls.items():
        overhead = ""
        if label != "xdist":
            shares = [r["overhead"] / r["wall"] for r in seen[label]]
            overhead = f"{100 * statistics.median(shares):.1f}%"
        print(f"{label:<22}{statistics.median(values):>9.1f}{min(values):>8.1f}"
              f"{max(values):>8.1f}{statistics.median(values) / xdist:>9.2f}x{overhead:>10}")
    counts = {label: {json.dumps(r["counts"], sort_keys=True) for r in runs}
              for label, runs in seen.items()}
    print("same counts: " + ("yes" if len(set().union(*counts.values())) == 1 else
                             "no: " + "; ".join(f"{k} {sorted(v)}" for k, v in counts.items())))


def first_test_run(shop: Path, suite: str, env: dict[str, str]) -> dict[str, float]:
    """One ``qatron run`` of the shop: seconds from the command to its first test's start,
    to its exit and to its HTML report."""
    launched = time.time()
    wall, stdout = timed([str(BIN / "qatron"), "run", "--project", str(shop), "--suite", suite,
                          "--json"], shop, env)
    result = json.loads(stdout)
    with ResultsStore(f"sqlite:///{shop / '.qatron' / 'results.db'}") as store:
        summary = store.load_summary(result["id"])
    first = min(r.started_at for r in summary.results if r.started_at is not None)
    report = Path(result["run_dir"]) / "report.html"
    deadline = time.monotonic() + 120
    while not report.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return {"first test": first - launched, "exit": wall,
            "report": report.stat().st_mtime - launched}


def first_test(suite: str, rounds: int) -> None:
    """Cold (in-process) against warm (the warm worker) ``qatron run`` of the shop."""
    work = Path(tempfile.mkdtemp(prefix="qatron-bench-"))
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key != "PREFECT_API_URL"}
    env.update(QATRON_HOME=str(work), QATRON_SERVER_PORT=str(port))
    env.pop("QATRON_DATABASE_URL", None)
    shop = work / "shop"
    shutil.copytree(REPO / "examples" / "shop", shop,
                    ignore=shutil.ignore_patterns(".qatron", "__pycache__"))
    committed(shop)  # a checkout, as examples/shop is: its collection is cached by commit
    modes = {"cold (own process)": {**env, "QATRON_WARM_WORKER": "off"}, "warm (worker)": env}
    try:
        timed([str(BIN / "qatron"), "server", "start"], shop, env)
        for mode_env in modes.values():  # untimed: collections cached, services' code compiled
            first_test_run(shop, suite, mode_env)
        seen: dict[str, list[dict[str, float]]] = {label: [] for label in modes}
        loads = []
        for index in range(rounds):
            for label, mode_env in modes.items():
                before = os.getloadavg()[0]
                run = first_test_run(shop, suite, mode_env)
                loads.append((before + os.getloadavg()[0]) / 2)
                seen[label].append(run)
                print(f"  round {index + 1}: {label:<20}" + ", ".join(
                    f"{key} {value:.2f} s" for key, value in run.items()), flush=True)
    finally:
        subprocess.run([str(BIN / "qatron"), "server", "stop"], env=env, capture_output=True)
        shutil.rmtree(work, ignore_errors=True)
    print(f"\n== examples/shop suite {suite!r} on the embedded default, {rounds} rounds, "
          f"mean load {statistics.mean(loads):.2f} on {os.cpu_count()} cores ==")
    print(f"{'qatron run':<22}{'first test best':>16}{'median':>8}{'exit best':>11}"
          f"{'median':>8}{'report median':>15}")
    for label, runs in seen.items():
        firsts, exits = [r["first test"] for r in runs], [r["exit"] for r in runs]
        print(f"{label:<22}{min(firsts):>16.2f}{statistics.median(firsts):>8.2f}"
              f"{min(exits):>11.2f}{statistics.median(exits):>8.2f}"
              f"{statistics.median(r['report'] for r in runs):>15.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suite", help="the shop's suite (default: full; unit with "
                                         "--first-test)")
    parser.add_argument("--shards", type=int, default=2)
    parser.add_argument("--synthetic", type=float, default=0.0,
                        help="also run a generated suite of this many seconds")
    parser.add_argument("--real", choices=sorted(LARGE),
                        help="measure this real open-source suite instead of the shop")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of --real, --first-test")
    parser.add_argument("--first-test", action="store_true",
                        help="time command to first test, cold against the warm worker")
    args = parser.parse_args()
    if args.first_test:
        first_test(args.suite or "unit", args.rounds)
        return
    if args.real:
        # The embedded default as `make run` sets it up: `qatron server start` starts the
        # local server and the warm worker every `qatron run` below is handed to.
        work = Path(tempfile.mkdtemp(prefix="qatron-bench-"))
        env = {key: value for key, value in os.environ.items()
               if key not in ("PREFECT_API_URL", "QATRON_DATABASE_URL")}
        env.update(QATRON_HOME=str(work), QATRON_SERVER_PORT=str(free_port()))
        try:
            timed([str(BIN / "qatron"), "server", "start"], REPO, env)
            real_suite(args.real, args.rounds, args.shards, env)
        finally:
            subprocess.run([str(BIN / "qatron"), "server", "stop"], env=env, capture_output=True)
            shutil.rmtree(work, ignore_errors=True)
        return
    work = Path(tempfile.mkdtemp(prefix="qatron-bench-"))
    server = LocalServer(home=work / "server", port=free_port())
    started = time.perf_counter()
    api_url = server.start()
    print(f"Prefect server ready in {time.perf_counter() - started:.1f} s (not timed below)")
    env = {**os.environ, "PREFECT_API_URL": api_url, "QATRON_HOME": str(work)}
    env.pop("QATRON_DATABASE_URL", None)
    try:
        shop = work / "shop"
        shutil.copytree(REPO / "examples" / "shop", shop,
                        ignore=shutil.ignore_patterns(".qatron", "__pycache__"))
        suite = args.suite or "full"
        peers = peer_runs(shop, suite, args.shards, env)
        cold = qatron_run(shop, suite, args.shards, env)
        warm = qatron_run(shop, suite, args.shards, env)
        report(f"examples/shop suite {suite!r}", peers, cold, warm, args.shards)
        if args.synthetic:
            synthetic = synthetic_project(work / "synthetic", args.synthetic)
            peers = peer_runs(synthetic, "all", args.shards, env)
            cold = qatron_run(synthetic, "all", args.shards, env)
            warm = qatron_run(synthetic, "all", args.shards, env)
            report(f"synthetic {args.synthetic:g} s suite", peers, cold, warm, args.shards)
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
