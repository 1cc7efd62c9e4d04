"""End to end on the Docker work pool: two Docker workers against local shards and xdist.

    .venv/bin/python benchmarks/docker_pool.py [--suite regression] [--synthetic 60]

Needs a Docker engine and the worker image (`make docker`). Starts, in this
process's care: a Prefect server, the qatron-process and qatron-docker pools,
prefect.yaml's deployments and two Docker workers (one flow run at a time each).
Then, on a copy of examples/shop (and a generated suite of sleeping tests):

1. ``pytest -n 2`` (pytest-xdist) against services started outside the timing;
2. ``qatron run --shards 2``: shards as local processes (warm: second run);
3. ``qatron run --shards 2 --shard-deployment run-shard/docker``: each shard a
   flow run in its own container on one of the two workers (warm).

It prints wall times, ratios, and how much later the Docker pool's shards
start their tests than local shards do.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCHMARKS))

from overhead import (  # noqa: E402
    BIN,
    REPO,
    peer_runs,
    qatron_run,
    synthetic_project,
    timed,
)

from qatron.processes import free_port, stop_group  # noqa: E402
from qatron.server import LocalServer  # noqa: E402

POOLS = {"qatron-process": "process", "qatron-docker": "docker"}


def prepare(env: dict[str, str]) -> None:
    """The worker image, both pools and every deployment of prefect.yaml."""
    subprocess.run([str(REPO / "deployments" / "docker" / "worker-image.sh")], check=True)
    for pool, kind in POOLS.items():
        timed([str(BIN / "prefect"), "work-pool", "create", pool, "--type", kind,
               "--overwrite"], REPO, env)
    timed([str(BIN / "prefect"), "--no-prompt", "deploy", "--all"], REPO, env)


def docker_workers(env: dict[str, str], count: int, logs: Path) -> list[subprocess.Popen]:
    workers = []
    for index in range(count):
        with (logs / f"worker-{index}.log").open("ab") as log:
            workers.append(subprocess.Popen(
                [str(BIN / "prefect"), "worker", "start", "--pool", "qatron-docker", "--type",
                 "docker", "--name", f"bench-{index}", "--limit", "1"],
                cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True))
    return workers


def compare(name: str, project: Path, suite: str, env: dict[str, str]) -> None:
    peers = peer_runs(project, suite, 2, env)
    qatron_run(project, suite, 2, env)  # cold: records durations
    local = qatron_run(project, suite, 2, env)
    docker = qatron_run(project, suite, 2, env, ("--shard-deployment", "run-shard/docker"))
    xdist = peers["pytest -n 2"]
    print(f"\n== {name}: {local['tests']} tests, {local['test_time']:.1f} s of test time ==")
    print(f"{'runner':<40}{'wall s':>9}{'vs xdist':>10}{'vs local':>10}")
    for label, wall in (("pytest -n 2", xdist), ("qatron, 2 local shards (warm)", local["wall"]),
                        ("qatron, 2 shards on 2 Docker workers", docker["wall"])):
        print(f"{label:<40}{wall:>9.2f}{wall / xdist:>9.2f}x{wall / local['wall']:>9.2f}x")
    start = "provisioning + collection"  # ends when the first shard's tests start
    print(f"Docker pool: longest shard {docker['longest_shard']:.2f} s against "
          f"{local['longest_shard']:.2f} s locally; the first shard's tests start "
          f"{docker['phases'][start] - local['phases'][start]:.2f} s later than with local "
          f"shards (flow run scheduling, container, Prefect engine and imports)")
    for label, run in (("local", local), ("docker", docker)):
        print(f"    {label}: " + ", ".join(f"{k} {v:.2f} s" for k, v in run["phases"].items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suite", default="regression")
    parser.add_argument("--synthetic", type=float, default=60.0,
                        help="also run a generated suite of this many seconds (0: skip)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="qatron-bench-docker-"))
    server = LocalServer(home=work / "server", port=free_port())
    api_url = server.start()
    env = {**os.environ, "PREFECT_API_URL": api_url, "QATRON_HOME": str(work), "PWD": str(REPO),
           "PREFECT_WORKER_QUERY_SECONDS": "1"}
    env.pop("QATRON_DATABASE_URL", None)
    workers: list[subprocess.Popen] = []
    try:
        prepare(env)
        workers = docker_workers(env, 2, work)
        time.sleep(3)  # both workers polling
        shop = work / "shop"
        shutil.copytree(REPO / "examples" / "shop", shop,
                        ignore=shutil.ignore_patterns(".qatron", "__pycache__"))
        compare(f"examples/shop suite {args.suite!r}", shop, args.suite, env)
        if args.synthetic:
            synthetic = synthetic_project(work / "synthetic", args.synthetic)
            compare(f"synthetic {args.synthetic:g} s suite", synthetic, "all", env)
    finally:
        for worker in workers:
            stop_group(worker, timeout=15)
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
