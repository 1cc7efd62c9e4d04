"""How long QAtron takes to give tests a ready environment, seeded and checked.

    .venv/bin/python benchmarks/provisioning.py [--repeat 3] [--rows 1000 1000000]
                                                [--validate-rows 1000000]

Each QAtron figure is set against a peer run in the same process: the same
work done the way a team does it without QAtron, by a hand-written script.

1. examples/shop's ``local`` environment (user-service and payment-service,
   real HTTP processes): ``start_environment`` until every health check
   passes, then ``stop``; the peer starts the same two commands with
   ``subprocess`` and polls their /health URLs.
2. examples/shop's ``staging`` environment: the two services, a PostgreSQL
   database of its own (on a throwaway server started here from Debian's
   binaries) with its schema, and 3,000 generated rows loaded (customers and
   cards); the peer creates the database with psycopg2, applies the schema
   and loads the same rows with ``pandas.DataFrame.to_sql``.
3. ``local`` plus one Docker service (``qatron-http:test``, see ``make
   docker``); the peer runs the container with the docker SDK and polls it.
4. Test data: 1,000 and 1,000,000 rows per table with references
   (``data_generation.bench_generation``; target 100,000 rows/s), against a
   naive per-row Python generator at 100,000 rows.
5. Great Expectations validation of 1,000,000 customer rows (a CSV file,
   six expectations) through ``validate_data``; the peer checks the same six
   rules with plain pandas (no GX) on the same frame.

Times are wall-clock medians of ``--repeat`` rounds (first rounds excluded
for the provisioning rows, where the very first start pays imports). Target
for an environment: ready in under 5 minutes.
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
import urllib.request
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "benchmarks")]

from data_generation import bench_generation, bench_naive  # noqa: E402

from qatron.config import load_project  # noqa: E402
from qatron.seeding import seed  # noqa: E402
from qatron.services import start_environment  # noqa: E402
from tests.fixtures.postgres import PostgresServer, find_bindir  # noqa: E402

SHOP = REPO / "examples" / "shop"
DOCKER_IMAGE = "qatron-http:test"
ENV_TARGET_S = 300.0
ROWS_TARGET = 100_000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rows", type=int, nargs="*", default=[1_000, 1_000_000])
    parser.add_argument("--validate-rows", type=int, default=1_000_000)
    args = parser.parse_args()
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    work = Path(tempfile.mkdtemp(prefix="qatron-bench-"))
    rows: list[tuple[str, float, float | None, str]] = []
    try:
        shop = _copy_shop(work / "shop")
        rows.append(_compare("shop local: 2 process services", args.repeat,
                             lambda i: _qatron(shop, "local", work / f"l{i}"),
                             lambda i: _peer_processes(shop, work / f"pl{i}")))
        bindir = find_bindir()
        if bindir is None:
            rows.append(("shop staging: + PostgreSQL db + 3,000 seeded rows", float("nan"), None,
                         "no PostgreSQL binaries (make test installs them)"))
        else:
            server = PostgresServer(bindir)
            server.start()
            try:
                os.environ["QATRON_POSTGRES_URL"] = server.url("postgres")
                rows.append(_compare(
                    "shop staging: + PostgreSQL db + 3,000 seeded rows", args.repeat,
                    lambda i: _qatron(shop, "staging", work / f"s{i}", seeded=True),
                    lambda i: _peer_postgres(shop, server, work / f"ps{i}", i)))
            finally:
                server.stop()
        rows.append(_docker_row(shop, work, args.repeat))
        _print_environments(rows)
        _print_generation(args.rows)
        _print_validation(args.validate_rows, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def _copy_shop(target: Path) -> Path:
    shutil.copytree(SHOP, target, ignore=shutil.ignore_patterns(".qatron", "__pycache__"))
    return target


def _compare(label: str, repeat: int, qatron: Callable[[int], float],
             peer: Callable[[int], float]) -> tuple[str, float, float | None, str]:
    ours = [qatron(i) for i in range(repeat + 1)][1:]
    theirs = [peer(i) for i in range(repeat + 1)][1:]
    return label, statistics.median(ours), statistics.median(theirs), ""


def _qatron(project_dir: Path, env_name: str, run_dir: Path, seeded: bool = False) -> float:
    project = load_project(project_dir)
    began = time.perf_counter()
    env = start_environment(project, env_name, run_dir)
    try:
        if seeded:
            seed(project, env_name, env)
        ready = time.perf_counter() - began
    finally:
        env.stop()
    return ready


def _peer_processes(shop: Path, run_dir: Path) -> float:
    """Start the shop's services by hand: Popen, then poll /health."""
    run_dir.mkdir(parents=True)
    began = time.perf_counter()
    started = _start_shop_by_hand(shop, run_dir)
    ready = time.perf_counter() - began
    _stop(started)
    return ready


def _start_shop_by_hand(shop: Path, run_dir: Path) -> list[subprocess.Popen[bytes]]:
    from qatron.processes import free_port

    users, payments = free_port(), free_port()
    commands = [
        [sys.executable, "-m", "services.user_service", "--port", str(users),
         "--db", str(run_dir / "users.db")],
        [sys.executable, "-m", "services.payment_service", "--port", str(payments),
         "--db", str(run_dir / "payments.db"), "--user-service",
         f"http://127.0.0.1:{users}", "--settle-delay", "0.5"],
    ]
    started = []
    for command, port in zip(commands, (users, payments), strict=True):
        started.append(subprocess.Popen(command, cwd=shop, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL))
        _poll(f"http://127.0.0.1:{port}/health")
    return started


def _poll(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).close()  # noqa: S310
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def _stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in reversed(processes):
        process.terminate()
        process.wait(10)


def _peer_postgres(shop: Path, server: PostgresServer, run_dir: Path, index: int) -> float:
    """Services by hand, plus createdb, schema and pandas.to_sql of the same generated rows."""
    import psycopg2
    from sqlalchemy import create_engine

    from qatron.testdata import generate_from_spec

    project = load_project(shop)
    spec = project.environment("staging").data
    assert spec is not None
    run_dir.mkdir(parents=True)
    began = time.perf_counter()
    started = _start_shop_by_hand(shop, run_dir)
    name = f"peer_{os.getpid()}_{index}"
    admin = psycopg2.connect(server.url("postgres").replace("+psycopg2", ""))
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    engine = create_engine(server.url(name))
    with engine.begin() as connection:
        connection.exec_driver_sql((shop / "db" / "customers.sql").read_text())
    data = generate_from_spec(project, spec)
    for table, frame in data.tables.items():
        frame.to_sql(table, engine, if_exists="append", index=False, method="multi",
                     chunksize=1000)
    ready = time.perf_counter() - began
    engine.dispose()
    _stop(started)
    admin.cursor().execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    admin.close()
    return ready


def _docker_row(shop: Path, work: Path, repeat: int) -> tuple[str, float, float | None, str]:
    label = "shop local + 1 Docker service"
    try:
        import docker

        client = docker.from_env()
        client.images.get(DOCKER_IMAGE)
    except Exception as exc:  # noqa: BLE001 - report why the row is missing
        return label, float("nan"), None, f"no Docker engine or image ({type(exc).__name__}); " \
                                          f"run `make docker`"
    config = (shop / "qatron.yml").read_text().replace(
        "    services: &shop-services\n",
        "    services: &shop-services\n"
        f"      web: {{type: docker, image: '{DOCKER_IMAGE}', ports: {{8080: auto}}, "
        "health_check: '{url}/health'}\n", 1)
    docker_shop = _copy_shop(work / "docker-shop")
    (docker_shop / "qatron.yml").write_text(config)

    def peer(index: int) -> float:
        from qatron.processes import free_port

        run_dir = work / f"pd{index}"
        run_dir.mkdir(parents=True)
        began = time.perf_counter()
        port = free_port()
        container = client.containers.run(DOCKER_IMAGE, detach=True,
                                          ports={"8080/tcp": ("127.0.0.1", port)})
        started = _start_shop_by_hand(shop, run_dir)
        _poll(f"http://127.0.0.1:{port}/health")
        ready = time.perf_counter() - began
        _stop(started)
        container.remove(force=True)
        return ready

    return _compare(label, repeat, lambda i: _qatron(docker_shop, "local", work / f"d{i}"),
                    peer)


def _print_environments(rows: list[tuple[str, float, float | None, str]]) -> None:
    print("\n== time to a ready environment (median; QAtron vs a hand-written script) ==")
    print(f"{'environment':52} {'QAtron s':>9} {'script s':>9} {'ratio':>7}  target")
    for label, ours, theirs, note in rows:
        if theirs is None:
            print(f"{label:52} {'-':>9} {'-':>9} {'-':>7}  {note}")
            continue
        met = "met" if ours < ENV_TARGET_S else "MISSED"
        print(f"{label:52} {ours:9.2f} {theirs:9.2f} {ours / theirs:6.2f}x  "
              f"< {ENV_TARGET_S:.0f} s: {met}")


def _print_generation(sizes: list[int]) -> None:
    print("\n== test data: users + payment_methods (references), both tables counted ==")
    print(f"{'rows/table':>11} {'seconds':>8} {'rows/s':>10} {'peak RSS MB':>12} "
          f"{'CSV s':>6} {'Parquet s':>9}")
    for size in sizes:
        result = bench_generation(size)
        print(f"{size:11,} {result['seconds']:8.2f} {result['rows_per_s']:10,.0f} "
              f"{result['peak_rss_mb']:12.0f} {result.get('csv_seconds', 0):6.2f} "
              f"{result.get('parquet_seconds', 0):9.2f}")
        if size == max(sizes):
            met = "met" if result["rows_per_s"] >= ROWS_TARGET else "MISSED"
            print(f"{'':11} target >= {ROWS_TARGET:,} rows/s: {met}")
    naive_rows = 100_000
    naive = bench_naive(naive_rows)
    ours = bench_generation(naive_rows, write=False)
    print(f"peer at {naive_rows:,} rows/table: naive per-row Python {naive['rows_per_s']:,.0f} "
          f"rows/s; QAtron {ours['rows_per_s']:,.0f} rows/s "
          f"({ours['rows_per_s'] / naive['rows_per_s']:.1f}x faster)")


def _print_validation(rows: int, work: Path) -> None:
    import pandas as pd

    from qatron.datasets import DataSource, validate_data
    from qatron.testdata import generate, load_schema

    schema = load_schema(SHOP / "data" / "schema.yml")
    data = generate(schema, rows={"customers": rows, "cards": 1}, seed=3)
    path = work / "customers.csv"
    data.tables["customers"].to_csv(path, index=False)
    expectations = SHOP / "data" / "expectations" / "customers.yml"
    validate_data("warm-up", DataSource("warm-up", path=path), expectations)  # imports GX once
    began = time.perf_counter()
    report = validate_data("customers", DataSource("customers", path=path), expectations)
    ours = time.perf_counter() - began
    began = time.perf_counter()
    frame = pd.read_csv(path)
    peer_ok = all([
        frame["id"].notna().all(),
        frame["email"].is_unique,
        frame["email"].str.fullmatch(r"[^@ ]+@[^@ ]+").all(),
        frame["tier"].isin(["basic", "gold", "platinum"]).all(),
        frame["credit_limit"].dropna().between(0, 5000).all(),
        len(frame) >= 100,
    ])
    theirs = time.perf_counter() - began
    print(f"\n== Great Expectations validation of {rows:,} rows (CSV, 6 expectations) ==")
    print(f"QAtron (GX 1.x, read + validate): {ours:.2f} s, "
          f"{'healthy' if report.success else 'UNHEALTHY'} "
          f"({report.evaluated - report.failed}/{report.evaluated} passed)")
    print(f"peer (plain pandas, same rules):   {theirs:.2f} s, "
          f"{'healthy' if peer_ok else 'UNHEALTHY'}; ratio {ours / theirs:.1f}x "
          f"(GX buys per-expectation results with sample bad values)")


if __name__ == "__main__":
    sys.exit(main())
