"""Shard balance on skewed durations: QAtron vs pytest-xdist vs pytest-split.

    .venv/bin/python benchmarks/sharding.py [--tests 400] [--seconds 120] [--shards 2]

A generated suite of ``--tests`` sleeping tests whose durations are drawn from
a lognormal distribution (seeded; a few long tests, many short ones, as real
suites are) and scaled to total ``--seconds``. On this machine, in turn:

1. ``qatron run`` once to record durations in the results store (not timed),
   then ``qatron run --shards N``, balanced on that history (wall time, and
   the longest shard's pytest process);
2. ``pytest -n N`` (pytest-xdist's load scheduling, no history needed);
3. pytest-split: ``--store-durations`` written from the same recorded
   durations, then its N groups (``--splits N --group i``) started side by
   side, the wall time being the slowest group's.

Each is set against the lower bound ``max(total / N, longest test)``: no
split of these tests on N workers can finish sooner. Targets: QAtron's
shards within 10% of the bound, and QAtron no slower than xdist.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "benchmarks")]

from overhead import BIN, qatron_run, timed  # noqa: E402

from qatron.processes import free_port  # noqa: E402
from qatron.server import LocalServer  # noqa: E402
from qatron.store import ResultsStore  # noqa: E402


def durations(tests: int, seconds: float, seed: int = 7) -> list[float]:
    """Lognormal durations (sigma 1.0) scaled to total ``seconds``, in [0.01, …] s."""
    rng = random.Random(seed)
    raw = [rng.lognormvariate(0.0, 1.0) for _ in range(tests)]
    scale = seconds / sum(raw)
    return [max(0.01, round(value * scale, 3)) for value in raw]


def skewed_project(root: Path, values: list[float], shards: int) -> Path:
    (root / "tests").mkdir(parents=True)
    (root / "qatron.yml").write_text(f"project: skewed\nsuites: {{all: {{shards: {shards}}}}}\n")
    (root / "pytest.ini").write_text("[pytest]\ntestpaths = tests\n")
    (root / "tests" / "test_skewed.py").write_text(textwrap.dedent(f"""
        import time, pytest
        DURATIONS = {values!r}
        @pytest.mark.parametrize("index", range(len(DURATIONS)))
        def test_work(index):
            time.sleep(DURATIONS[index])
    """))
    return root


def pytest_split(root: Path, shards: int, env: dict[str, str]) -> tuple[float, list[float]]:
    """pytest-split's groups run side by side; the wall time is the slowest group's."""
    with ResultsStore(f"sqlite:///{root / '.qatron' / 'results.db'}") as store:
        recorded = store.durations("skewed")
    (root / ".test_durations").write_text(json.dumps(recorded, indent=1))
    began = time.perf_counter()
    groups = [subprocess.Popen([str(BIN / "python"), "-m", "pytest", "-q", "-p",
                                "no:cacheprovider", "--splits", str(shards), "--group", str(g),
                                "--durations-path", str(root / ".test_durations")],
                               cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True) for g in range(1, shards + 1)]
    ends = []
    for group in groups:
        out, _ = group.communicate()
        if group.returncode != 0:
            raise SystemExit(f"pytest-split group failed:\n{out[-2000:]}")
        ends.append(time.perf_counter() - began)
    return max(ends), ends


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tests", type=int, default=400)
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--shards", type=int, default=2)
    args = parser.parse_args()
    values = durations(args.tests, args.seconds)
    bound = max(sum(values) / args.shards, max(values))
    work = Path(tempfile.mkdtemp(prefix="qatron-bench-"))
    server = LocalServer(home=work / "server", port=free_port())
    api_url = server.start()
    env = {**os.environ, "PREFECT_API_URL": api_url, "QATRON_HOME": str(work)}
    env.pop("QATRON_DATABASE_URL", None)
    try:
        root = skewed_project(work / "skewed", values, args.shards)
        qatron_run(root, "all", args.shards, env)  # records the durations: the history
        ours = qatron_run(root, "all", args.shards, env)
        xdist, _ = timed([str(BIN / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider",
                          "-n", str(args.shards)], root, env)
        split, ends = pytest_split(root, args.shards, env)
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    print(f"\n== {args.tests} tests, lognormal durations: total {sum(values):.1f} s, longest "
          f"{max(values):.2f} s, median {sorted(values)[len(values) // 2]:.3f} s; "
          f"{args.shards} workers ==")
    print(f"lower bound max(total/{args.shards}, longest): {bound:.2f} s")
    print(f"{'runner':<44}{'seconds':>9}{'vs bound':>10}")
    rows = [
        (f"QAtron longest shard (history, {args.shards} shards)", ours["longest_shard"]),
        ("QAtron wall (incl. start-up, services, reports)", ours["wall"]),
        (f"pytest-xdist -n {args.shards} wall", xdist),
        (f"pytest-split {args.shards} groups side by side (slowest)", split),
    ]
    for label, seconds in rows:
        print(f"{label:<44}{seconds:>9.2f}{seconds / bound:>9.2f}x")
    within = ours["longest_shard"] / bound - 1
    print(f"QAtron shards within {100 * within:.1f}% of the bound (target 10%: "
          f"{'met' if within <= 0.10 else 'MISSED'}); QAtron wall vs xdist "
          f"{ours['wall'] / xdist:.2f}x (target <= 1.00x: "
          f"{'met' if ours['wall'] <= xdist else 'MISSED'})")
    print(f"pytest-split group ends: {', '.join(f'{e:.2f}' for e in ends)} s")


if __name__ == "__main__":
    main()
