"""Regenerate the corpus: start the services, apply each night's causes, run the suites.

Writes ``runs/night-NN/<job>-attempt{1,2}.xml``, ``labels.csv``, ``plan.json`` and
``split.json``; exits non-zero when a night's failures differ from the causes applied.
``--split`` only rewrites ``split.json`` from the catalogue.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from causes import ALL, CATEGORIES, Cause  # noqa: E402

SEED = 15
NIGHTS = 3
JOBS = ("kiosk", "greenhouse", "tmemory", "labsamples")
VENV_PYTHON = Path(os.environ.get("CORPUS_PYTHON", "/tmp/c15venv/bin/python"))
MOTO_SERVER = Path(os.environ.get("CORPUS_MOTO", "/work/main/.venv/bin/moto_server"))
PG_BIN = Path("/usr/lib/postgresql/15/bin")
WORK = Path(os.environ.get("CORPUS_WORK", "/tmp/c15work"))
PORTS = {
    "pg": 55415,
    "redis": 56315,
    "catalogue": 57421,
    "branches": 57422,
    "gateway": 57423,
    "weather": 57424,
    "smtp": 57425,
    "mt": 57426,
    "terms": 57427,
    "lims": 57428,
    "couriers": 57429,
    "s3": 57430,
    "closed": 57499,
}
PARTNERS = ("catalogue", "branches", "gateway", "weather", "mt", "terms", "lims", "couriers")
REDIS_PASSWORD = "greenhouse-redis-7"
PG_SUPERPASS = "corpus-super"
TEAMS_FILE = HERE / "routing.yml"


def teams() -> dict[str, str]:
    """Category to owning team, from routing.yml."""
    mapping: dict[str, str] = {}
    for line in TEAMS_FILE.read_text().splitlines():
        stripped = line.strip()
        if line.startswith("  ") and ":" in stripped and not stripped.startswith("#"):
            key, value = stripped.split(":", 1)
            mapping[key.strip()] = value.strip()
    return mapping


def plan_nights(causes: list[Cause]) -> list[list[str]]:
    """Every cause on night 1 and, by a seeded choice, on night 2, night 3 or both."""
    rng = random.Random(SEED)
    nights: list[list[str]] = [[] for _ in range(NIGHTS)]
    for cause in sorted(causes, key=lambda item: item.name):
        nights[0].append(cause.name)
        for night in rng.choice(([2], [3], [2, 3])):
            nights[night - 1].append(cause.name)
    return nights


def split(causes: list[Cause]) -> dict[str, list[str]]:
    """Halve the causes of each category at random, alternating from ``development``."""
    rng = random.Random(10)
    halves: dict[str, list[str]] = {"development": [], "heldout": []}
    for category in sorted({cause.category for cause in causes}):
        names = sorted(cause.name for cause in causes if cause.category == category)
        rng.shuffle(names)
        for index, name in enumerate(names):
            halves["development" if index % 2 == 0 else "heldout"].append(name)
    return halves


def port_open(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def wait_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not port_open(port):
        if time.monotonic() > deadline:
            raise RuntimeError(f"nothing listens on {port}")
        time.sleep(0.2)


@dataclass
class Services:
    """Processes this generator starts and stops: partners, relay, PostgreSQL, Redis, S3."""

    root: Path
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)
    pg_data: Path = Path()

    def spawn(self, args: list[str], log: str) -> subprocess.Popen[bytes]:
        handle = (self.root / log).open("wb")
        proc = subprocess.Popen(args, stdout=handle, stderr=subprocess.STDOUT,
                                start_new_session=True)
        self.procs.append(proc)
        return proc

    def start(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        for port in PORTS.values():
            if port_open(port):
                raise RuntimeError(f"port {port} is already taken")
        for partner in PARTNERS:
            self.spawn([str(VENV_PYTHON), str(HERE / "environment" / "partner_stub.py"), partner,
                        "--port", str(PORTS[partner]), "--faults",
                        str(self.root / f"faults-{partner}.json")], f"{partner}.log")
        self.spawn([str(VENV_PYTHON), str(HERE / "environment" / "smtp_stub.py"), "--port",
                    str(PORTS["smtp"]), "--user", "kiosk", "--password", "kiosk-relay-pass",
                    "--spool", str(self.root / "relay.jsonl")], "smtp.log")
        self.spawn(["redis-server", "--port", str(PORTS["redis"]), "--bind", "127.0.0.1",
                    "--requirepass", REDIS_PASSWORD, "--save", "", "--appendonly", "no"],
                   "redis.log")
        self.spawn([str(MOTO_SERVER), "-H", "127.0.0.1", "-p", str(PORTS["s3"])], "s3.log")
        self.start_postgres()
        for name in (*PARTNERS, "smtp", "redis", "s3"):
            wait_port(PORTS[name])

    def start_postgres(self) -> None:
        self.pg_data = self.root / "pgdata"
        if self.pg_data.exists():
            shutil.rmtree(self.pg_data)
        self.pg_data.mkdir(mode=0o700)
        shutil.chown(self.pg_data, "postgres")
        pwfile = self.root / "pgpass"
        pwfile.write_text(PG_SUPERPASS + "\n")
        shutil.chown(pwfile, "postgres")
        run_as_postgres([str(PG_BIN / "initdb"), "-D", str(self.pg_data), "-U", "postgres",
                         "--auth-host=scram-sha-256", "--auth-local=trust",
                         f"--pwfile={pwfile}"], quiet=True)
        sock = self.root / "pgsock"
        sock.mkdir(exist_ok=True)
        shutil.chown(sock, "postgres")
        run_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.pg_data), "-w", "-l",
                         str(self.pg_data / "server.log"), "-o",
                         f"-p {PORTS['pg']} -k {sock} -c listen_addresses=127.0.0.1"
                         " -c max_connections=40 -c fsync=off", "start"], quiet=True)

    def psql(self, sql: str, database: str = "postgres") -> None:
        run_as_postgres(["psql", "-h", str(self.root / "pgsock"), "-p", str(PORTS["pg"]),
                         "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1", "-q",
                         "-c", sql], quiet=True)

    def stop(self) -> None:
        if self.pg_data != Path() and self.pg_data.exists():
            run_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.pg_data), "-m", "fast",
                             "stop"], quiet=True, check=False)
        for proc in self.procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)


def run_as_postgres(args: list[str], quiet: bool = False, check: bool = True) -> None:
    command = ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args
    subprocess.run(command, check=check, capture_output=quiet)


@dataclass
class NightContext:
    """What a job's set-up needs on one night."""

    night: int
    services: Services
    work: Path
    causes: list[Cause]
    background: list[subprocess.Popen[bytes]] = field(default_factory=list)
    prefix: list[str] = field(default_factory=list)
    cleanup: list[str] = field(default_factory=list)

    def fill(self, text: str) -> str:
        values = {f"{name}_port": str(port) for name, port in PORTS.items()}
        return text.format(work=str(self.work), redis_password=REDIS_PASSWORD,
                           archive_db=f"tm_archive_n{self.night}", **values)


def setup_kiosk(ctx: NightContext, copy: Path) -> dict[str, str]:
    database = ctx.work / "kiosk.sqlite3"
    subprocess.run([str(VENV_PYTHON), "-c", f"from loankiosk import db; from pathlib import Path;"
                    f" db.migrate(Path({str(database)!r}))"], cwd=copy, check=True)
    run_sqlite(database, [sql for cause in ctx.causes for sql in cause.sql])
    if any("lock_kiosk_db" in cause.steps for cause in ctx.causes):
        locker = ("import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1]);"
                  " c.execute('BEGIN EXCLUSIVE'); print('locked', flush=True); time.sleep(3600)")
        proc = subprocess.Popen([str(VENV_PYTHON), "-c", locker, str(database)],
                                stdout=subprocess.PIPE, start_new_session=True)
        assert proc.stdout is not None
        proc.stdout.readline()
        ctx.background.append(proc)
    return {
        "KIOSK_DB": str(database),
        "KIOSK_CATALOGUE_URL": f"http://127.0.0.1:{PORTS['catalogue']}",
        "KIOSK_BRANCHES_URL": f"http://127.0.0.1:{PORTS['branches']}",
        "KIOSK_SMTP_RELAY": f"127.0.0.1:{PORTS['smtp']}",
        "KIOSK_NOTICE_RELAY": f"127.0.0.1:{PORTS['smtp']}",
        "KIOSK_RELAY_SPOOL": str(ctx.services.root / "relay.jsonl"),
        "KIOSK_RECEIPT_PRINTER": str(ctx.work / "receipt.txt"),
    }


def run_sqlite(database: Path, statements: list[str]) -> None:
    import sqlite3

    conn = sqlite3.connect(database)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def redis_cli(*args: str) -> None:
    subprocess.run(["redis-cli", "-p", str(PORTS["redis"]), "-a", REDIS_PASSWORD,
                    "--no-auth-warning", *args], check=True, capture_output=True)


def setup_greenhouse(ctx: NightContext, copy: Path) -> dict[str, str]:
    url = f"sqlite:///{ctx.work / 'archive.db'}"
    subprocess.run([str(VENV_PYTHON), "-c", f"from greenhouse import archive;"
                    f" archive.migrate({url!r})"], cwd=copy, check=True)
    run_sqlite(ctx.work / "archive.db", [sql for cause in ctx.causes for sql in cause.sql])
    redis_cli("FLUSHALL")
    for cause in ctx.causes:
        for command in cause.redis:
            redis_cli(*command)
    if any("nofile_96" in cause.steps for cause in ctx.causes):
        ctx.prefix = ["prlimit", "--nofile=96:96"]
    exports = ctx.work / "exports"
    exports.mkdir()
    redis = f"redis://:{REDIS_PASSWORD}@127.0.0.1:{PORTS['redis']}"
    return {
        "GH_ARCHIVE_URL": url,
        "GH_GATEWAY_URL": f"http://127.0.0.1:{PORTS['gateway']}",
        "GH_WEATHER_URL": f"http://127.0.0.1:{PORTS['weather']}",
        "GH_REDIS_URL": f"{redis}/0",
        "GH_LOCK_REDIS_URL": f"{redis}/1",
        "GH_QUEUE_REDIS_URL": f"{redis}/2",
        "GH_EXPORT_DIR": str(exports),
    }


TM_ROLES = {"tm_app": "tm-app-pass", "tm_report": "tm-report-pass", "tm_batch": "tm-batch-pass"}


def pg_url(role: str, database: str, driver: str = "postgresql+psycopg") -> str:
    return f"{driver}://{role}:{TM_ROLES[role]}@127.0.0.1:{PORTS['pg']}/{database}"


def setup_tmemory(ctx: NightContext, copy: Path) -> dict[str, str]:
    services = ctx.services
    for role, password in TM_ROLES.items():
        services.psql(f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}')"
                      f" THEN CREATE ROLE {role} LOGIN; END IF; END $$;")
        services.psql(f"ALTER ROLE {role} PASSWORD '{password}' CONNECTION LIMIT -1")
    database = f"tm_n{ctx.night}"
    archive = f"tm_archive_n{ctx.night}"
    for name in (database, archive):
        services.psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        services.psql(f"CREATE DATABASE {name} OWNER tm_app")
    subprocess.run([str(VENV_PYTHON), "-c", f"from tmemory import db;"
                    f" db.migrate({pg_url('tm_app', database)!r})"], cwd=copy, check=True,
                   capture_output=True)
    services.psql("GRANT SELECT ON ALL TABLES IN SCHEMA public TO tm_report, tm_batch", database)
    for cause in ctx.causes:
        for statement in cause.sql:
            services.psql(ctx.fill(statement), database)
    exports = ctx.work / "exports"
    exports.mkdir()
    if any("export_drop_full" in cause.steps for cause in ctx.causes):
        (exports / "acme-de.zip").symlink_to("/dev/full")
    if any("lock_glossary" in cause.steps for cause in ctx.causes):
        locker = ["runuser", "-u", "postgres", "--", "psql", "-h", str(services.root / "pgsock"),
                  "-p", str(PORTS["pg"]), "-U", "postgres", "-d", database, "-q", "-c",
                  "BEGIN; LOCK TABLE glossary IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(3600);"]
        env = {**os.environ, "PGAPPNAME": "glossary-maintenance"}
        ctx.background.append(subprocess.Popen(locker, env=env, start_new_session=True,
                                               stdout=subprocess.DEVNULL,
                                               stderr=subprocess.DEVNULL))
        ctx.cleanup.append("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                           " WHERE application_name = 'glossary-maintenance'")
        time.sleep(2)
    return {
        "TM_DATABASE_URL": pg_url("tm_app", database),
        "TM_REPORTING_URL": pg_url("tm_report", database),
        "TM_BATCH_URL": pg_url("tm_batch", database),
        "TM_ARCHIVE_URL": pg_url("tm_app", archive),
        "TM_MT_URL": f"http://127.0.0.1:{PORTS['mt']}",
        "TM_QE_URL": f"http://127.0.0.1:{PORTS['mt']}",
        "TM_TERMS_URL": f"http://127.0.0.1:{PORTS['terms']}",
        "TM_EXPORT_DIR": str(exports),
    }


LS_ROLES = {"ls_app": "ls-app-pass", "ls_results": "ls-results-pass",
            "ls_viewer": "ls-viewer-pass", "ls_audit": "ls-audit-pass"}
WATCHDOG = """
import os, signal, sys, time
while True:
    for pid in os.listdir('/proc'):
        if pid.isdigit():
            try:
                with open(f'/proc/{pid}/cmdline', 'rb') as handle:
                    cmdline = handle.read()
                cwd = os.readlink(f'/proc/{pid}/cwd')
            except OSError:
                continue
            if b'labsamples.bridge' in cmdline and cwd == sys.argv[1]:
                os.kill(int(pid), signal.SIGKILL)
    time.sleep(0.1)
"""


def setup_labsamples(ctx: NightContext, copy: Path) -> dict[str, str]:
    services = ctx.services
    for role, password in LS_ROLES.items():
        services.psql(f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}')"
                      f" THEN CREATE ROLE {role} LOGIN; END IF; END $$;")
        services.psql(f"ALTER ROLE {role} PASSWORD '{password}' VALID UNTIL 'infinity'")
        services.psql(f"ALTER ROLE {role} RESET ALL")
    database = f"ls_n{ctx.night}"
    services.psql(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
    services.psql(f"CREATE DATABASE {database} OWNER ls_app")
    app = f"postgresql://ls_app:ls-app-pass@127.0.0.1:{PORTS['pg']}/{database}"
    subprocess.run([str(VENV_PYTHON), "-c", f"import asyncio; from labsamples import db;"
                    f" asyncio.run(db.migrate({app!r}))"], cwd=copy, check=True)
    services.psql("GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public"
                  " TO ls_results, ls_viewer, ls_audit;"
                  " GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO ls_results, ls_audit",
                  database)
    for cause in ctx.causes:
        for statement in cause.sql:
            services.psql(ctx.fill(statement), database)
    env = {
        "LS_DSN": app,
        "LS_RESULTS_DSN": app.replace("ls_app:ls-app-pass", "ls_results:ls-results-pass"),
        "LS_VIEWER_DSN": app.replace("ls_app:ls-app-pass", "ls_viewer:ls-viewer-pass"),
        "LS_AUDIT_DSN": app.replace("ls_app:ls-app-pass", "ls_audit:ls-audit-pass"),
        "LS_LIMS_URL": f"http://127.0.0.1:{PORTS['lims']}",
        "LS_COURIER_URL": f"http://127.0.0.1:{PORTS['couriers']}",
        "LS_PICKUP_URL": f"http://127.0.0.1:{PORTS['couriers']}",
        "LS_S3_ENDPOINT": f"http://127.0.0.1:{PORTS['s3']}",
    }
    subprocess.run([str(VENV_PYTHON), "-c", "from labsamples import reports;"
                    " reports.ensure_bucket()"], cwd=copy, check=True,
                   env={**os.environ, **env, "PYTHONPATH": str(copy)})
    if any("kill_bridge" in cause.steps for cause in ctx.causes):
        ctx.background.append(subprocess.Popen(
            [str(VENV_PYTHON), "-c", WATCHDOG, str(copy)], start_new_session=True))
    return env


SETUPS: dict[str, Callable[[NightContext, Path], dict[str, str]]] = {
    "labsamples": setup_labsamples,
    "tmemory": setup_tmemory,
    "kiosk": setup_kiosk,
    "greenhouse": setup_greenhouse,
}


def apply_code(cause: Cause, copy: Path) -> None:
    for relative, old, new in cause.patches:
        target = copy / relative
        text = target.read_text()
        if text.count(old) != 1:
            raise RuntimeError(f"{cause.name}: {relative} holds {old!r} {text.count(old)} times")
        target.write_text(text.replace(old, new))
    for relative in cause.deletes:
        (copy / relative).unlink()
    for relative, encoding in cause.recode:
        target = copy / relative
        target.write_bytes(target.read_text(encoding="utf-8").encode(encoding))


def failed_cases(xml: Path) -> list[tuple[str, str]]:
    """``(classname, name)`` of every failed or errored test case of a JUnit file."""
    cases = []
    for case in ET.parse(xml).getroot().iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            cases.append((case.get("classname", ""), case.get("name", "")))
    return cases


def node_id(classname: str, name: str) -> str:
    if not classname:
        return name.replace(".", "/") + ".py"
    return classname.replace(".", "/") + ".py::" + name


def run_suite(copy: Path, xml: Path, env: dict[str, str], nodes: list[str],
              prefix: list[str]) -> None:
    xml.parent.mkdir(parents=True, exist_ok=True)
    command = [*prefix, str(VENV_PYTHON), "-m", "pytest", *(nodes or ["tests"]), "-q",
               "-p", "no:cacheprovider", "--continue-on-collection-errors",
               "-o", "junit_family=xunit2",
               "-o", "junit_logging=all", "-o", "timeout=60", f"--junitxml={xml}",
               f"--basetemp={copy.parent / ('tmp-' + xml.stem)}"]
    full_env = {**os.environ, **env, "PYTHONPATH": str(copy), "PYTHONDONTWRITEBYTECODE": "1"}
    subprocess.run(command, cwd=copy, env=full_env, capture_output=True, timeout=900)
    if not xml.exists():
        raise RuntimeError(f"pytest wrote no {xml}")


def run_night(night: int, names: list[str], services: Services, jobs: tuple[str, ...],
              rows: list[dict[str, str]], problems: list[str]) -> None:
    active = [cause for cause in ALL if cause.name in names]
    nonce = f"night-{night}-{time.time()}"
    for partner in PARTNERS:
        faults: dict[str, Any] = {"_nonce": nonce}
        for cause in active:
            for target, route, spec in cause.faults:
                if target == partner:
                    faults[route] = spec
        (services.root / f"faults-{partner}.json").write_text(json.dumps(faults))
    routing = teams()
    for job in jobs:
        job_causes = [cause for cause in active if cause.job == job]
        work = WORK / f"night-{night:02d}" / job
        if work.exists():
            shutil.rmtree(work)
        work.mkdir(parents=True)
        copy = work / "src"
        shutil.copytree(HERE / "codebases" / job, copy,
                        ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"))
        for cause in job_causes:
            apply_code(cause, copy)
        ctx = NightContext(night, services, work, job_causes)
        env = SETUPS[job](ctx, copy)
        for cause in job_causes:
            env.update({key: ctx.fill(value) for key, value in cause.env.items()})
        runs = HERE / "runs" / f"night-{night:02d}"
        first = runs / f"{job}-attempt1.xml"
        try:
            run_suite(copy, first, env, [], ctx.prefix)
            failed = failed_cases(first)
            second = runs / f"{job}-attempt2.xml"
            second.unlink(missing_ok=True)
            again: set[tuple[str, str]] = set()
            if failed:
                run_suite(copy, second, env, sorted({node_id(*case) for case in failed}),
                          ctx.prefix)
                again = set(failed_cases(second))
        finally:
            for statement in ctx.cleanup:
                services.psql(statement)
            for proc in ctx.background:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        owner = {key: cause for cause in job_causes for key in cause.tests}
        expected = set(owner)
        seen = {f"{classname}::{name}" for classname, name in failed}
        if seen != expected:
            problems.append(f"night {night} {job}: unexpected {sorted(seen - expected)},"
                            f" missing {sorted(expected - seen)}")
        for label_file, cases in ((first, failed), (second, sorted(again))):
            for classname, name in cases:
                key = f"{classname}::{name}"
                cause = owner.get(key)
                if cause is None:
                    problems.append(f"night {night} {job}: {label_file.name} {key} has no cause")
                    continue
                flaky = cause.category == "flaky"
                if flaky and (classname, name) in again:
                    problems.append(f"night {night} {job}: flaky {key} failed on the rerun")
                if not flaky and label_file == first and (classname, name) not in again:
                    problems.append(f"night {night} {job}: {key} passed on the rerun")
                rows.append({
                    "night": str(night), "file": str(label_file.relative_to(HERE)),
                    "classname": classname, "name": name, "cause": cause.name,
                    "category": cause.category, "team": routing.get(cause.category, "qa"),
                    "flaky": "true" if flaky else "false",
                })


def write_split() -> None:
    (HERE / "split.json").write_text(json.dumps(split(ALL), indent=2) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", action="store_true", help="only rewrite split.json")
    parser.add_argument("--jobs", default=",".join(JOBS))
    parser.add_argument("--nights", type=int, default=NIGHTS)
    args = parser.parse_args()
    if args.split:
        write_split()
        return 0
    jobs = tuple(args.jobs.split(","))
    unknown = [cause.category for cause in ALL if cause.category not in CATEGORIES]
    if unknown:
        raise SystemExit(f"unknown categories {unknown}")
    nights = plan_nights(ALL)
    runs = HERE / "runs"
    if runs.exists():
        shutil.rmtree(runs)
    services = Services(WORK / "services")
    rows: list[dict[str, str]] = []
    problems: list[str] = []
    started = time.monotonic()
    try:
        services.start()
        for night in range(1, args.nights + 1):
            run_night(night, nights[night - 1], services, jobs, rows, problems)
            print(f"night {night} done after {time.monotonic() - started:.0f}s", flush=True)
    finally:
        services.stop()
    with (HERE / "labels.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["night", "file", "classname", "name", "cause",
                                                    "category", "team", "flaky"])
        writer.writeheader()
        writer.writerows(rows)
    plan = {"seed": SEED, "nights": nights}
    (HERE / "plan.json").write_text(json.dumps(plan, indent=2) + "\n")
    write_split()
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{len(rows)} labelled failures, {len(ALL)} causes, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
