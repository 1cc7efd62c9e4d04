"""QAtron's wall time and orchestration overhead against pytest and pytest-xdist.

    .venv/bin/python benchmarks/overhead.py [--suite full] [--shards 2] [--synthetic 120]

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
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from qatron.config import load_project  # noqa: E402
from qatron.processes import free_port  # noqa: E402
from qatron.server import LocalServer  # noqa: E402
from qatron.services import start_environment  # noqa: E402
from qatron.store import ResultsStore  # noqa: E402

BIN = Path(sys.executable).parent


def timed(argv: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0,):
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
               extra: tuple[str, ...] = ()) -> dict:
    launched = time.time()
    wall, stdout = timed([str(BIN / "qatron"), "run", "--project", str(project_dir), "--suite",
                          suite, "--env", "local", "--shards", str(shards), "--json", *extra],
                         project_dir, env)
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
    return {"wall": wall, "longest_shard": longest, "overhead": wall - longest,
            "test_time": test_time, "tests": len(summary.results), "phases": phases}


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suite", default="full")
    parser.add_argument("--shards", type=int, default=2)
    parser.add_argument("--synthetic", type=float, default=0.0,
                        help="also run a generated suite of this many seconds")
    args = parser.parse_args()
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
        peers = peer_runs(shop, args.suite, args.shards, env)
        cold = qatron_run(shop, args.suite, args.shards, env)
        warm = qatron_run(shop, args.suite, args.shards, env)
        report(f"examples/shop suite {args.suite!r}", peers, cold, warm, args.shards)
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
