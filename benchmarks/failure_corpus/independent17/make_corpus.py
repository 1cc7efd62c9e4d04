"""Regenerates the corpus: sets up the services, applies each night's causes, runs the suites.

    python make_corpus.py            # all nights, then labels, plan and split
    python make_corpus.py --split    # only rewrite split.json from causes.py
    python make_corpus.py --nights 1 --jobs dockbal --keep   # a partial run, for a quick look
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parent
sys.path.insert(0, str(CORPUS))

from causes import CAUSES, Cause  # noqa: E402

WORK = Path(os.environ.get("I17_WORK", "/tmp/i17work"))
PYTHON = os.environ.get("I17_PYTHON", "/tmp/i17venv/bin/python")
PG_BIN = Path("/usr/lib/postgresql/15/bin")
PG_PORT = 55417
PG_SUPER_PASSWORD = "i17-super"
REDIS_PORT = 56417
REDIS_SIDE_PORT = 56418
JOBS = ["dockbal", "recipecost", "camtrap", "housekeep", "setlists"]
JOB_PORT = {job: 57100 + 10 * index for index, job in enumerate(JOBS)}
NIGHTS = 3
SEED = 1717
CATEGORIES = [
    "credentials_refused", "data_contract", "database_unavailable", "flaky", "hang",
    "infrastructure", "integrity_violation", "missing_dependency", "product_bug",
    "schema_drift", "slow_upstream", "test_harness", "upstream_5xx", "upstream_unreachable",
    "wrong_behaviour",
]
PG_ROLES = {"recipecost": "recipe_app", "setlists": "setlist_app"}
PG_EXTRA_DATABASES = {"setlists": ["setlists_archive"]}
JOB_ENV: dict[str, dict[str, str]] = {
    "dockbal": {
        "DOCK_DB_URL": "sqlite:///{data}/dock.db", "DOCK_FEED_URL": "{partner}",
        "DOCK_FEED_TOKEN": "dock-feed-2026", "DOCK_DISPATCH_URL": "{partner}",
        "DOCK_WEATHER_URL": "{partner}", "DOCK_REDIS_URL": "{redis}",
        "DOCK_REPORT_DIR": "{data}/reports",
    },
    "recipecost": {
        "RECIPE_SUPPLIER_URL": "{partner}", "RECIPE_SUPPLIER_B_URL": "{partner}",
        "RECIPE_SPOOL_DIR": "{data}/spool", "RECIPE_PRICE_FILE": "{data}/inbox/prices.csv",
    },
    "camtrap": {
        "CAMTRAP_DB": "{data}/catalog.db", "CAMTRAP_JOURNAL_DB": "{data}/journal.db",
        "CAMTRAP_INBOX": "{data}/inbox", "CAMTRAP_EXPORT_DIR": "{data}/exports",
        "CAMTRAP_SPECIES_URL": "{partner}", "CAMTRAP_SPECIES_TOKEN": "camtrap-ml-7f3a",
        "CAMTRAP_SITES_URL": "{partner}", "CAMTRAP_PERMITS_URL": "{partner}",
        "CAMTRAP_SUN_HOST": "127.0.0.1", "CAMTRAP_SUN_PORT": "{port}",
    },
    "housekeep": {
        "HK_DB": "{data}/rooms.db", "HK_PMS_URL": "{partner}", "HK_LAUNDRY_URL": "{partner}",
        "HK_UNIFORM_URL": "{partner}", "HK_REDIS_URL": "{redis}",
        "HK_REDIS_ADMIN_URL": "{redis_admin}",
        "HK_MINIBAR_REDIS_URL": "redis://minibar:minibar-pw@127.0.0.1:56417/4",
        "HK_BOARD_REDIS_URL": "{redis_side}", "HK_RELAY_PORT": "{smtp1}",
        "HK_GUEST_PORT": "{smtp2}", "HK_OPS_PORT": "{smtp3}", "HK_LOSTFOUND_PORT": "{smtp4}",
        "HK_SMTP_USER": "housekeeping", "HK_SMTP_PASSWORD": "linen-cart-42",
    },
    "setlists": {
        "SETLIST_PARTNER_URL": "{partner}", "SETLIST_VENUES_URL": "{partner}",
        "SETLIST_VENUES_KEY": "venues-key-0c41", "SETLIST_TICKETING_PORT": "{port}",
        "SETLIST_CALLBACK_PORT": "{callback}",
    },
}


def load_routing() -> dict[str, str]:
    """Category to team, read from routing.yml (a flat two-level mapping)."""
    teams: dict[str, str] = {}
    for line in (CORPUS / "routing.yml").read_text().splitlines():
        if line.startswith("  ") and ":" in line:
            key, value = line.strip().split(":", 1)
            teams[key.strip()] = value.strip()
    return teams


class Context:
    """One job on one night: its work copy, environment, partner faults and hooks."""

    def __init__(self, job: str, night: int) -> None:
        self.job = job
        self.night = night
        self.root = WORK / f"night-{night:02d}" / job
        self.src = self.root / "src"
        self.data = self.root / "data"
        self.env: dict[str, str] = {}
        self.faults: dict[str, Any] = {}
        self.options: dict[str, Any] = {}
        self.after_provision: list[Callable[[], None]] = []
        self.between: list[Callable[[], None]] = []
        self.cleanup: list[Callable[[], None]] = []
        self.processes: list[subprocess.Popen[bytes]] = []
        self.nofile: int | None = None
        self.port = JOB_PORT[job]
        self.python = PYTHON

    # -- helpers the causes use --------------------------------------------------------
    def patch(self, relative: str, old: str, new: str) -> None:
        path = self.src / relative
        text = path.read_text()
        if old not in text:
            raise RuntimeError(f"{self.job}: {relative} has no {old!r}")
        path.write_text(text.replace(old, new, 1))

    def fault(self, route: str, **settings: Any) -> None:
        self.faults.setdefault(route, {}).update(settings)

    def pg(self, sql: str, database: str = "postgres") -> None:
        import psycopg

        with psycopg.connect(pg_dsn(database), autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def sqlite(self, name: str, sql: str) -> None:
        conn = sqlite3.connect(self.data / name)
        try:
            conn.executescript(sql)
            conn.commit()
        finally:
            conn.close()

    def redis(self, *command: str, port: int = REDIS_PORT) -> Any:
        import redis

        client = redis.Redis(port=port)
        try:
            return client.execute_command(*command)
        finally:
            client.close()

    def spawn(self, args: list[str], **kwargs: Any) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(args, **kwargs)
        self.processes.append(process)
        return process

    def stop(self, process: subprocess.Popen[bytes]) -> None:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def pg_dsn(database: str, user: str = "postgres", password: str = PG_SUPER_PASSWORD) -> str:
    return f"postgresql://{user}:{password}@127.0.0.1:{PG_PORT}/{database}"


def wait_port(port: int, timeout: float = 15.0) -> None:
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}")


class Services:
    """The PostgreSQL cluster and Redis servers every night shares."""

    def __init__(self) -> None:
        self.pgdata = WORK / "pg"
        self.redis: list[subprocess.Popen[bytes]] = []

    def start(self) -> None:
        WORK.mkdir(parents=True, exist_ok=True)
        os.chmod(WORK, 0o755)
        if not (self.pgdata / "PG_VERSION").exists():
            self.pgdata.mkdir(parents=True, exist_ok=True)
            shutil.chown(self.pgdata, "postgres", "postgres")
            pwfile = WORK / "pg.pw"
            pwfile.write_text(PG_SUPER_PASSWORD)
            shutil.chown(pwfile, "postgres", "postgres")
            as_postgres([str(PG_BIN / "initdb"), "-D", str(self.pgdata), "-U", "postgres",
                         "--auth-local=trust", "--auth-host=scram-sha-256",
                         f"--pwfile={pwfile}"])
        sock = WORK / "pgsock"
        sock.mkdir(exist_ok=True)
        shutil.chown(sock, "postgres", "postgres")
        options = (f"-p {PG_PORT} -k {sock} -c listen_addresses=127.0.0.1 "
                   "-c max_connections=60 -c fsync=off")
        as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.pgdata), "-o", options,
                     "-l", str(self.pgdata / "server.log"), "-w", "start"])
        for port in (REDIS_PORT, REDIS_SIDE_PORT):
            self.redis.append(subprocess.Popen(
                ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                 "--appendonly", "no", "--dir", str(WORK)], stdout=subprocess.DEVNULL))
            wait_port(port)

    def stop(self) -> None:
        as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.pgdata), "-m", "fast", "stop"],
                    check=False)
        for process in self.redis:
            process.terminate()
            process.wait()


def as_postgres(args: list[str], check: bool = True) -> None:
    subprocess.run(["runuser", "-u", "postgres", "--", *args], check=check,
                   stdout=subprocess.DEVNULL)


# -- provisioning per job ----------------------------------------------------------------
def provision(ctx: Context) -> None:
    """Fresh databases, files and partner stand-ins for a job."""
    ctx.data.mkdir(parents=True, exist_ok=True)
    role = PG_ROLES.get(ctx.job)
    if role is not None:
        database = ctx.job
        for name in (database, *PG_EXTRA_DATABASES.get(ctx.job, [])):
            ctx.pg(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        for extra in ("reporting", "batch"):
            ctx.pg(f"DROP ROLE IF EXISTS {role}_{extra}")
        ctx.pg(f"DROP ROLE IF EXISTS {role}")
        ctx.pg(f"CREATE ROLE {role} LOGIN PASSWORD '{role}-pw'")
        for extra in ("reporting", "batch"):
            ctx.pg(f"CREATE ROLE {role}_{extra} LOGIN PASSWORD '{role}_{extra}-pw'")
        for name in (database, *PG_EXTRA_DATABASES.get(ctx.job, [])):
            ctx.pg(f"CREATE DATABASE {name} OWNER {role}")
            ctx.pg(f"GRANT ALL ON SCHEMA public TO {role}", name)
            ctx.env[f"PG_{name.removeprefix(database).strip('_').upper() or 'MAIN'}_DSN"] = (
                pg_dsn(name, role, f"{role}-pw"))
        ctx.env["PG_DSN"] = pg_dsn(database, role, f"{role}-pw")
        ctx.env["PG_REPORTING_DSN"] = pg_dsn(database, f"{role}_reporting",
                                             f"{role}_reporting-pw")
        ctx.env["PG_BATCH_DSN"] = pg_dsn(database, f"{role}_batch", f"{role}_batch-pw")
    db_index = JOBS.index(ctx.job) + 1
    import redis

    redis.Redis(port=REDIS_PORT, db=db_index).flushdb()
    if ctx.job == "housekeep":
        redis.Redis(port=REDIS_SIDE_PORT).flushall()
    values = {"partner": f"http://127.0.0.1:{ctx.port}", "data": str(ctx.data),
              "redis": f"redis://127.0.0.1:{REDIS_PORT}/{db_index}",
              "redis_side": f"redis://127.0.0.1:{REDIS_SIDE_PORT}/0",
              "port": str(ctx.port), "callback": str(ctx.port + 5), "redis_admin": f"redis://127.0.0.1:{REDIS_PORT}/0",
              **{f"smtp{n}": str(ctx.port + n) for n in range(1, 5)}}
    for key, template in JOB_ENV[ctx.job].items():
        ctx.env.setdefault(key, template.format(**values))
    migrate = [PYTHON, "-m", f"{ctx.job}.migrate", *ctx.options.get("migrate_args", [])]
    subprocess.run(migrate, cwd=ctx.src, env=job_env(ctx), check=True)


def start_partners(ctx: Context) -> None:
    faults_path = ctx.root / "faults.json"
    faults_path.write_text(json.dumps(ctx.faults, indent=1))
    routes = CORPUS / "environment" / "routes" / f"{ctx.job}.json"
    if routes.exists():
        ctx.spawn([PYTHON, str(CORPUS / "environment" / "partner_stub.py"), "--port",
                   str(ctx.port), "--routes", str(routes), "--faults", str(faults_path)],
                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_port(ctx.port)
    if ctx.job == "housekeep":
        for offset, name in enumerate(("relay", "guest", "ops", "lostfound"), start=1):
            relay = ctx.spawn([PYTHON, str(CORPUS / "environment" / "smtp_stub.py"), "--port",
                               str(ctx.port + offset), "--faults", str(faults_path), "--spool",
                               str(ctx.data / "outbox" / name), "--name", name],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            assert relay.stdout is not None
            relay.stdout.readline()


def job_env(ctx: Context) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items()
            if k in ("PATH", "HOME", "LANG", "LC_ALL", "TERM", "TMPDIR")}
    keep.update({"PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0", "TZ": "UTC"})
    keep.update(ctx.env)
    return keep


def run_pytest(ctx: Context, junit: Path, node_ids: list[str]) -> None:
    limit = ctx.nofile

    def limits() -> None:
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_NOFILE, (limit, limit))

    args = [PYTHON, "-m", "pytest", "-c", "pytest.ini", "--rootdir", ".", "-p",
            "no:cacheprovider", "-q", "--continue-on-collection-errors", "-o",
            "junit_family=xunit2", "-o", "junit_logging=all", f"--junitxml={junit}", *node_ids]
    with (ctx.root / f"{junit.stem}.log").open("w") as log:
        subprocess.run(args, cwd=ctx.src, env=job_env(ctx), stdout=log, stderr=subprocess.STDOUT,
                       preexec_fn=limits, timeout=900)


def failed_cases(junit: Path) -> list[tuple[str, str]]:
    """(classname, name) of every failed or errored test case, in file order."""
    found: list[tuple[str, str]] = []
    for case in ET.parse(junit).getroot().iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            key = (case.get("classname", ""), case.get("name", ""))
            if key not in found:
                found.append(key)
    return found


def node_id(classname: str, name: str) -> str:
    """The pytest node id of a JUnit test case (a module for a collection error)."""
    if not classname:
        return name.replace(".", "/") + ".py"
    return classname.replace(".", "/") + ".py::" + name


def run_job(job: str, night: int, active: list[Cause],
            runs: Path) -> tuple[list[dict[str, str]], list[str]]:
    """Run one job on one night; returns its label rows and any mismatch with the plan."""
    ctx = Context(job, night)
    if ctx.root.exists():
        shutil.rmtree(ctx.root)
    ctx.root.mkdir(parents=True)
    shutil.copytree(CORPUS / "codebases" / job, ctx.src)
    mine = [c for c in active if c.job == job]
    try:
        provision_and_apply(ctx, mine)
        start_partners(ctx)
        first = runs / f"{job}-attempt1.xml"
        run_pytest(ctx, first, [])
        failures = failed_cases(first)
        for hook in ctx.between:
            hook()
        second_failures: list[tuple[str, str]] = []
        second = runs / f"{job}-attempt2.xml"
        if failures:
            run_pytest(ctx, second, [node_id(*f) for f in failures])
            second_failures = failed_cases(second)
        elif second.exists():
            second.unlink()
    finally:
        for hook in reversed(ctx.cleanup):
            hook()
        for process in ctx.processes:
            ctx.stop(process)
    by_test = {test: cause for cause in mine for test in cause.tests}
    rows: list[dict[str, str]] = []
    problems: list[str] = []
    for attempt, cases in ((1, failures), (2, second_failures)):
        for classname, name in cases:
            test = node_id(classname, name)
            cause = by_test.get(test)
            if cause is None:
                problems.append(f"night {night} {job} attempt {attempt}: {test} has no cause")
                continue
            flaky = attempt == 1 and cause.category == "flaky"
            rows.append({"night": str(night),
                         "file": f"runs/night-{night:02d}/{job}-attempt{attempt}.xml",
                         "classname": classname, "name": name, "cause": cause.name,
                         "category": cause.category, "flaky": "true" if flaky else "false"})
    failed1 = {node_id(*f) for f in failures}
    failed2 = {node_id(*f) for f in second_failures}
    for cause in mine:
        for test in cause.tests:
            if test not in failed1:
                problems.append(f"night {night} {job}: {cause.name} did not fail {test}")
            elif cause.category == "flaky" and test in failed2:
                problems.append(f"night {night} {job}: flaky {test} failed again")
            elif cause.category != "flaky" and test not in failed2:
                problems.append(f"night {night} {job}: {cause.name} passed {test} on the rerun")
    for problem in problems:
        print("MISMATCH", problem, flush=True)
    return rows, problems


def provision_and_apply(ctx: Context, mine: list[Cause]) -> None:
    for cause in mine:
        cause.apply(ctx)
    provision(ctx)
    for hook in ctx.after_provision:
        hook()


# -- plan, split, labels -----------------------------------------------------------------
def make_plan(seed: int = SEED) -> list[list[str]]:
    rng = random.Random(seed)
    names = sorted(c.name for c in CAUSES)
    nights: list[list[str]] = [list(names), [], []]
    for name in names:
        for night in rng.choice([(2,), (3,), (2, 3)]):
            nights[night - 1].append(name)
    return nights


def make_split() -> dict[str, list[str]]:
    """Alternate each category's shuffled causes between the halves, development first."""
    rng = random.Random(17)
    split: dict[str, list[str]] = {"development": [], "heldout": []}
    for category in sorted({c.category for c in CAUSES}):
        names = sorted(c.name for c in CAUSES if c.category == category)
        rng.shuffle(names)
        for index, name in enumerate(names):
            split["development" if index % 2 == 0 else "heldout"].append(name)
    return split


def write_split() -> None:
    (CORPUS / "split.json").write_text(json.dumps(make_split(), indent=1) + "\n")


def run_baseline(jobs: list[str], parallel: int) -> int:
    """Run the jobs with no cause applied, outside the corpus; returns the failure count."""
    services = Services()
    services.start()
    runs = WORK / "baseline"
    runs.mkdir(parents=True, exist_ok=True)
    try:
        with ThreadPoolExecutor(parallel) as pool:
            list(pool.map(lambda job: run_job(job, 0, [], runs), jobs))
    finally:
        services.stop()
    failed = [(job, case) for job in jobs
              for case in failed_cases(runs / f"{job}-attempt1.xml")]
    for job, case in failed:
        print("BASELINE FAILURE", job, node_id(*case))
    return len(failed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", action="store_true", help="only rewrite split.json")
    parser.add_argument("--nights", type=int, nargs="*", default=list(range(1, NIGHTS + 1)))
    parser.add_argument("--jobs", nargs="*", default=JOBS)
    parser.add_argument("--parallel", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="leave labels and plan as they are")
    parser.add_argument("--baseline", action="store_true",
                        help="run every job once with no cause applied; every test must pass")
    args = parser.parse_args()
    if args.split:
        write_split()
        return
    if args.baseline:
        sys.exit(run_baseline(args.jobs, args.parallel))
    plan = make_plan()
    by_name = {c.name: c for c in CAUSES}
    teams = load_routing()
    services = Services()
    services.start()
    rows: list[dict[str, str]] = []
    problems: list[str] = []
    started = time.monotonic()
    try:
        for night in args.nights:
            runs = CORPUS / "runs" / f"night-{night:02d}"
            runs.mkdir(parents=True, exist_ok=True)
            active = [by_name[n] for n in plan[night - 1]]
            with ThreadPoolExecutor(args.parallel) as pool:
                results = pool.map(lambda job, n=night, a=active, r=runs: run_job(job, n, a, r),
                                   args.jobs)
                for job_rows, job_problems in results:
                    rows.extend(job_rows)
                    problems.extend(job_problems)
            print(f"night {night} done after {time.monotonic() - started:.0f}s", flush=True)
    finally:
        services.stop()
    if args.keep:
        sys.exit(1 if problems else 0)
    for row in rows:
        row["team"] = teams[row["category"]]
    fields = ["night", "file", "classname", "name", "cause", "category", "team", "flaky"]
    rows.sort(key=lambda r: (int(r["night"]), r["file"], r["classname"], r["name"]))
    with (CORPUS / "labels.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    (CORPUS / "plan.json").write_text(json.dumps({"seed": SEED, "nights": plan}, indent=1) + "\n")
    write_split()
    print(f"{len(rows)} labelled failures in {time.monotonic() - started:.0f}s")
    if problems:
        sys.exit(f"{len(problems)} failures did not match the night's causes")


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    main()
