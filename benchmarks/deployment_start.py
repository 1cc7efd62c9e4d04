"""A deployment's flow run on a process worker: seconds from the request to its first test.

    .venv/bin/python benchmarks/deployment_start.py [--suite unit] [--rounds 5]

On the embedded default as ``make run``, ``make deploy`` and ``make worker`` set it up —
``qatron server start`` (a local server of its own and the warm worker), the
qatron-process work pool, prefect.yaml's ``run-suite/smoke`` deployment, ``prefect worker
start`` polling the pool every second — it creates flow runs of the deployment for a copy
of the example shop through the Prefect API, as CI or the UI does, alternately:

- warm: the pool's command (``python -m qatron.warm.engine``) hands each flow run to the
  warm worker, which forks it with everything imported;
- cold: the same command with ``QATRON_WARM_WORKER=off`` in the flow run's environment,
  which becomes ``python -m prefect.engine``, as a plain process pool runs it.

For each it prints seconds from the request to the worker's pick-up, to the flow run's
Running state, to its shards' start, to the first test's start and to its end; best and
median of the rounds, with the machine's load.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.overhead import committed  # noqa: E402
from qatron.processes import free_port, stop_group  # noqa: E402
from qatron.store import ResultsStore  # noqa: E402

BIN = Path(sys.executable).parent
DEPLOYMENT = "run-suite/smoke"


def sh(argv: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(argv, cwd=REPO, env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{' '.join(argv)} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")


def one_run(shop: Path, suite: str, job_env: dict[str, str]) -> dict[str, float]:
    """One flow run of the deployment: seconds from its request to the worker's pick-up,
    its first test's start and its end."""
    from prefect.client.orchestration import get_client
    from prefect.deployments import run_deployment

    requested = time.time()
    flow_run = run_deployment(DEPLOYMENT, parameters={"project": str(shop), "suite": suite},
                              job_variables={"env": job_env}, timeout=600, poll_interval=0.2)
    ended = time.time()
    if not flow_run.state or not flow_run.state.is_completed():
        raise SystemExit(f"flow run {flow_run.id} ended {flow_run.state}")
    with get_client(sync_client=True) as client:
        states = client.read_flow_run_states(flow_run.id)
    picked = min(s.timestamp.timestamp() for s in states if s.type.value != "SCHEDULED")
    running = min(s.timestamp.timestamp() for s in states if s.type.value == "RUNNING")
    with ResultsStore(f"sqlite:///{shop / '.qatron' / 'results.db'}") as store:
        record = store.list_runs(project="shop")[0]
        summary = store.load_summary(record.id)
    shards = min(s.started_at for s in summary.shards)
    first = min(r.started_at for r in summary.results if r.started_at is not None)
    return {"picked up": picked - requested, "running": running - requested,
            "shards": shards - requested, "first test": first - requested,
            "end": ended - requested}


def measure(suite: str, rounds: int) -> None:
    work = Path(tempfile.mkdtemp(prefix="qatron-bench-"))
    port = free_port()
    env = {key: value for key, value in os.environ.items()
           if key not in ("PREFECT_API_URL", "QATRON_DATABASE_URL")}
    env.update(QATRON_HOME=str(work), QATRON_SERVER_PORT=str(port), PWD=str(REPO),
               PREFECT_WORKER_QUERY_SECONDS="1")
    api_url = f"http://127.0.0.1:{port}/api"
    shop = work / "shop"
    shutil.copytree(REPO / "examples" / "shop", shop,
                    ignore=shutil.ignore_patterns(".qatron", "__pycache__"))
    committed(shop)  # a checkout, as examples/shop is: its collection is cached by commit
    worker: subprocess.Popen[bytes] | None = None
    modes = {"warm (warm worker)": {}, "cold (prefect.engine)": {"QATRON_WARM_WORKER": "off"}}
    seen: dict[str, list[dict[str, float]]] = {label: [] for label in modes}
    loads: list[float] = []
    try:
        sh([str(BIN / "qatron"), "server", "start"], env)
        prefect_env = {**env, "PREFECT_API_URL": api_url}
        sh([str(BIN / "prefect"), "work-pool", "create", "qatron-process", "--type",
            "process", "--overwrite"], prefect_env)
        sh([str(BIN / "prefect"), "--no-prompt", "deploy", "--name", "smoke"], prefect_env)
        with (work / "worker.log").open("ab") as log:
            worker = subprocess.Popen(
                [str(BIN / "prefect"), "worker", "start", "--pool", "qatron-process",
                 "--type", "process"], cwd=REPO, env=prefect_env, stdout=log,
                stderr=subprocess.STDOUT, start_new_session=True)
        os.environ["PREFECT_API_URL"] = api_url
        for job_env in modes.values():  # untimed: the worker's first poll, compiled code
            one_run(shop, suite, job_env)
        for index in range(rounds):
            for label, job_env in modes.items():
                before = os.getloadavg()[0]
                run = one_run(shop, suite, job_env)
                loads.append((before + os.getloadavg()[0]) / 2)
                seen[label].append(run)
                print(f"  round {index + 1}: {label:<24}" + ", ".join(
                    f"{key} {value:.2f} s" for key, value in run.items()), flush=True)
    finally:
        if worker is not None:
            stop_group(worker, timeout=15)
        subprocess.run([str(BIN / "qatron"), "server", "stop"], env=env, capture_output=True)
        shutil.rmtree(work, ignore_errors=True)
    report(suite, rounds, seen, loads)


def report(suite: str, rounds: int, seen: dict[str, list[dict[str, Any]]],
           loads: list[float]) -> None:
    print(f"\n== {DEPLOYMENT} (examples/shop suite {suite!r}) on a process worker, {rounds} "
          f"rounds, mean load {statistics.mean(loads):.2f} on {os.cpu_count()} cores ==")
    print(f"{'flow run':<24}{'picked up':>10}{'first test best':>17}{'median':>8}"
          f"{'end median':>12}")
    for label, runs in seen.items():
        firsts = [r["first test"] for r in runs]
        print(f"{label:<24}{statistics.median(r['picked up'] for r in runs):>10.2f}"
              f"{min(firsts):>17.2f}{statistics.median(firsts):>8.2f}"
              f"{statistics.median(r['end'] for r in runs):>12.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suite", default="unit", help="the shop's suite (default: unit)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    measure(args.suite, args.rounds)


if __name__ == "__main__":
    main()
