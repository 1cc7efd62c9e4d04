"""Quality analytics on a large results store: the dashboard's analysis of 10,000 runs of
1,000 tests each.

    .venv/bin/python benchmarks/analytics.py [--runs 10000] [--tests 1000] [--cache DIR]

The store (SQLite, made by ``ResultsStore`` so its schema is the migrations') is
generated once into ``--cache`` (default ``.cache/benchmarks/analytics``) with bulk
inserts: 2 suites × 2 environments, each run one shard, about 1 % of the tests failing
(each failure analysed into one of 20 clusters of 5 teams), 2 % passing on a rerun,
line coverage per run, durations with a slow drift. Later runs reuse it.

Printed: the store's size on disk and row counts, then the time of the dashboard's
analytics (``analyse_project`` over every suite × environment with the default window of
20 runs; target under 5 s), of a 200-run window, and of rendering the HTML page.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from qatron.analytics import analyse_project  # noqa: E402
from qatron.config import load_project  # noqa: E402
from qatron.store import ResultsStore  # noqa: E402
from reports.dashboard import render_dashboard  # noqa: E402

PROJECT = "bench"
SCOPES = [("api", "staging"), ("api", "prod"), ("e2e", "staging"), ("e2e", "prod")]
TEAMS = ["team-payments", "team-orders", "team-platform", "team-data", "team-qa"]
CATEGORIES = ["product_bug", "environment", "automation", "flaky", "test_data"]
TARGET_SECONDS = 5.0
_STAMP = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy keeps a DateTime in SQLite


def generate(folder: Path, runs: int, tests: int) -> Path:
    """The cached project with its store of ``runs`` runs; generated if missing."""
    project = folder / "project"
    database = project / ".qatron" / "results.db"
    done = folder / f"done-{runs}-{tests}"
    if done.exists() and database.exists():
        return project
    project.mkdir(parents=True, exist_ok=True)
    database.unlink(missing_ok=True)
    (project / "qatron.yml").write_text(
        f"project: {PROJECT}\nenvironments: {{staging: {{}}, prod: {{}}}}\n"
        "suites: {api: {}, e2e: {}}\n", encoding="utf-8")
    ResultsStore(f"sqlite:///{database}").close()  # the schema, through the migrations
    started = time.perf_counter()
    connection = sqlite3.connect(database)
    connection.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;")
    rng = random.Random(20261204)
    nodeids = [f"tests/test_m{n // 50:03d}.py::test_case_{n:04d}" for n in range(tests)]
    base = [rng.uniform(0.05, 3.0) for _ in range(tests)]
    t0 = datetime(2025, 1, 1, tzinfo=UTC)
    for index in range(runs):
        _write_run(connection, rng, index, runs, nodeids, base, t0)
        if index % 500 == 499:
            connection.commit()
            print(f"  {index + 1:,} runs written in {time.perf_counter() - started:,.0f} s",
                  flush=True)
    connection.commit()
    connection.close()
    done.touch()
    print(f"generated in {time.perf_counter() - started:,.0f} s")
    return project


def _write_run(connection: sqlite3.Connection, rng: random.Random, index: int, runs: int,
               nodeids: list[str], base: list[float], t0: datetime) -> None:
    suite, environment = SCOPES[index % len(SCOPES)]
    start = t0 + timedelta(hours=index)
    drift = 1.0 + 0.3 * index / runs
    results, failures = [], []
    run_id = index + 1
    for n, nodeid in enumerate(nodeids):
        roll = rng.random()
        outcome = "failed" if roll < 0.01 else "skipped" if roll < 0.02 else "passed"
        flaky = outcome == "passed" and roll > 0.98
        results.append((run_id, run_id, nodeid, outcome, base[n] * drift * rng.uniform(0.9, 1.1),
                        2 if flaky else 1, flaky, "", "", "", "[]"))
        if outcome == "failed" or flaky:
            cluster = n % 20
            failures.append((run_id, len(failures), nodeid,
                             "flaky" if flaky else CATEGORIES[cluster % 5], TEAMS[cluster % 5],
                             f"c{cluster:02d}", f"c{cluster:02d}", 0.9, ""))
    wall = sum(r[4] for r in results) / 4
    end = start + timedelta(seconds=wall)
    failed = any(r[3] == "failed" for r in results)
    connection.execute(
        'INSERT INTO runs (id, project, suite, environment, status, "commit", created_at, '
        "started_at, finished_at, params, meta) VALUES (?,?,?,?,?,?,?,?,?,'{}','{}')",
        (run_id, PROJECT, suite, environment, "failed" if failed else "completed", None,
         start.strftime(_STAMP), start.strftime(_STAMP), end.strftime(_STAMP)))
    connection.execute(
        'INSERT INTO shards (id, run_id, "index", count, status, started_at, finished_at, '
        "message, planned, nodeids) VALUES (?,?,1,1,?,?,?,'',?,'[]')",
        (run_id, run_id, "failed" if failed else "passed", start.strftime(_STAMP),
         end.strftime(_STAMP), len(nodeids)))
    connection.executemany(
        "INSERT INTO test_results (run_id, shard_id, nodeid, outcome, duration, attempts, "
        "flaky, message, traceback, output_tail, markers) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        results)
    connection.executemany(
        "INSERT INTO run_failures (run_id, position, nodeid, category, team, cluster, "
        "fingerprint, confidence, evidence) VALUES (?,?,?,?,?,?,?,?,?)", failures)
    percent = 70.0 + 15.0 * index / runs + rng.uniform(-0.5, 0.5)
    connection.execute(
        "INSERT INTO run_coverage (run_id, layer, percent, covered, statements, files, "
        "created_at) VALUES (?,?,?,?,10000,'{}',?)",
        (run_id, "unit" if suite == "api" else "e2e", percent, round(percent * 100),
         end.strftime(_STAMP)))


def measure(project_dir: Path) -> None:
    project = load_project(project_dir)
    database = project_dir / ".qatron" / "results.db"
    print(f"store: {database.stat().st_size / 2**20:,.0f} MiB on disk")
    with sqlite3.connect(database) as connection:
        for table in ("runs", "test_results", "run_failures", "run_coverage"):
            count = connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            print(f"  {table}: {count:,} rows")
    with ResultsStore(f"sqlite:///{database}") as store:
        analyse_project(store, project, last=2)  # warm imports and the page cache
        for window in (20, 200):
            started = time.perf_counter()
            quality = analyse_project(store, project, last=window)
            seconds = time.perf_counter() - started
            verdict = "" if window != 20 else (
                " (target < 5 s: met)" if seconds < TARGET_SECONDS else " (target < 5 s: MISSED)")
            print(f"analytics of {len(quality.scopes)} suite/environment pairs, window "
                  f"{window}: {seconds:.2f} s{verdict}; score {quality.score}")
        quality = analyse_project(store, project)
    started = time.perf_counter()
    page = render_dashboard(quality)
    print(f"dashboard HTML: {time.perf_counter() - started:.2f} s, {len(page) / 2**20:.1f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--tests", type=int, default=1_000)
    parser.add_argument("--cache", type=Path, default=ROOT / ".cache" / "benchmarks" /
                        "analytics")
    args = parser.parse_args()
    measure(generate(args.cache, args.runs, args.tests))


if __name__ == "__main__":
    main()
