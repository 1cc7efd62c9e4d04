"""Regenerate the corpus: environments, nightly breakages, pytest runs, labels, plan, split.

``python make_corpus.py [--work DIR] [--nights N] [--seed S]`` runs everything;
``--setup`` only builds the virtualenvs and PostgreSQL clusters; ``--split`` only rewrites
``split.json`` from the catalogue; ``--calibrate CAUSE`` applies one cause alone and prints
the test cases that failed. Needs root (tmpfs volumes, PostgreSQL run as ``postgres``).
"""

from __future__ import annotations

import argparse
import csv
import fnmatch
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from causes import BY_NAME, CAUSES, MARSHMALLOW, PAYROLL, Cause  # noqa: E402

PG_BIN = Path("/usr/lib/postgresql/15/bin")
PRIMARY_PORT = 55491
ARCHIVE_PORT = 55492
TAX_PORT = 18931
BANK_PORT = 18932
CALLBACK_PORT = 18937
JOBS = (PAYROLL, MARSHMALLOW)
SEED = 9091
NIGHTS = 10
ONE_NIGHT_CAUSES = 6
# A broken shared fixture fails about fifty marshmallow tests: one night of it is plenty.
ALWAYS_ONE_NIGHT = ("mm-user-fixture-keyword",)
SERVICE_PACKAGES = [
    "pytest==9.2.0", "pytest-timeout==2.4.0", "psycopg[binary]==3.3.9", "requests==2.34.2",
    "httpx==0.29.0",
]
MARSHMALLOW_VERSION = "3.21.3"
MARSHMALLOW_PACKAGES = ["pytest==9.2.0", "pytest-timeout==2.4.0", "pytz==2026.6",
                        "simplejson==4.3.0"]
TABULATE = {"new": "0.10.0", "old": "0.8.9"}
ROUTING = HERE / "routing.yml"
PASSWORDS = {"payroll": "payroll-pw", "payroll_reports": "reports-pw", "archiver": "archive-pw"}


def sh(*argv: str | Path, check: bool = True, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in argv], check=check, text=True, capture_output=True,
                          **kwargs)


# --- environments ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Work:
    """Everything generated outside the repository lives under ``root``."""

    root: Path

    @property
    def svc_python(self) -> Path:
        return self.root / "svc-venv" / "bin" / "python"

    @property
    def mm_python(self) -> Path:
        return self.root / "mm-venv" / "bin" / "python"

    def tabulate(self, which: str) -> Path:
        return self.root / "deps" / f"tabulate-{TABULATE[which]}"

    @property
    def marshmallow_src(self) -> Path:
        return self.root / "dl" / f"marshmallow-{MARSHMALLOW_VERSION}"

    @property
    def out_volume(self) -> Path:
        return self.root / "vol" / "out"


def setup(work: Work) -> None:
    """Virtualenvs, dependency folders, the marshmallow sdist and two PostgreSQL clusters."""
    work.root.mkdir(parents=True, exist_ok=True)
    if not work.svc_python.exists():
        sh(sys.executable, "-m", "venv", work.root / "svc-venv")
        sh(work.svc_python, "-m", "pip", "install", "-q", *SERVICE_PACKAGES)
    for which, version in TABULATE.items():
        if not work.tabulate(which).exists():
            sh(work.svc_python, "-m", "pip", "install", "-q", "--no-deps", "--target",
               work.tabulate(which), f"tabulate=={version}")
    if not work.marshmallow_src.exists():
        dl = work.root / "dl"
        sh(work.svc_python, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:",
           f"marshmallow=={MARSHMALLOW_VERSION}", "-d", dl)
        sh("tar", "xzf", dl / f"marshmallow-{MARSHMALLOW_VERSION}.tar.gz", "-C", dl)
    if not work.mm_python.exists():
        sh(sys.executable, "-m", "venv", work.root / "mm-venv")
        sh(work.mm_python, "-m", "pip", "install", "-q", *MARSHMALLOW_PACKAGES)
        sh(work.mm_python, "-m", "pip", "install", "-q", "--no-deps",
           work.root / "dl" / f"marshmallow-{MARSHMALLOW_VERSION}.tar.gz")
    for cluster in clusters(work):
        cluster.init()


@dataclass
class Cluster:
    """A PostgreSQL 15 cluster of this corpus, run as ``postgres`` on its own port."""

    path: Path
    port: int

    @property
    def socket_dir(self) -> Path:
        return self.path.parent / f"sock-{self.port}"

    def pg(self, tool: str, *args: str | Path, check: bool = True) -> str:
        proc = sh("runuser", "-u", "postgres", "--", PG_BIN / tool, *args, check=False)
        if check and proc.returncode != 0:
            raise RuntimeError(f"{tool} failed: {proc.stdout}{proc.stderr}")
        return proc.stdout

    def init(self) -> None:
        if (self.path / "PG_VERSION").exists():
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        sh("chown", "postgres:postgres", self.path.parent)
        self.pg("initdb", "-D", self.path, "-U", "postgres", "--auth-local=trust",
                "--auth-host=scram-sha-256")

    def running(self) -> bool:
        return (self.path / "postmaster.pid").exists()

    def start(self) -> None:
        if self.running():
            return
        self.socket_dir.mkdir(exist_ok=True)
        sh("chown", "postgres:postgres", self.socket_dir)
        self.pg("pg_ctl", "-D", self.path, "-l", self.path.parent / f"log-{self.port}.txt",
                "-w", "-o", f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1"
                " -c max_connections=40", "start")

    def stop(self) -> None:
        if self.running():
            self.pg("pg_ctl", "-D", self.path, "-m", "fast", "-w", "stop")

    def psql(self, sql: str, db: str = "postgres") -> str:
        proc = sh(PG_BIN / "psql", "-h", self.socket_dir, "-p", str(self.port), "-U", "postgres",
                  "-d", db, "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql, check=False)
        if proc.returncode != 0:
            raise RuntimeError(f"psql on {self.port}/{db}: {proc.stderr}")
        return proc.stdout

    def hold(self, sql: str, db: str, user: str = "postgres") -> subprocess.Popen[str]:
        """A session kept open (stdin never closed) after running ``sql``."""
        env = {**os.environ, "PGPASSWORD": PASSWORDS.get(user, "")}
        host = "127.0.0.1" if user != "postgres" else str(self.socket_dir)
        proc = subprocess.Popen(
            [str(PG_BIN / "psql"), "-h", host, "-p", str(self.port), "-U", user, "-d", db,
             "-qAt"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, text=True, env=env,
        )
        assert proc.stdin is not None
        proc.stdin.write(sql + "\nSELECT 1;\n")
        proc.stdin.flush()
        return proc


def clusters(work: Work) -> tuple[Cluster, Cluster]:
    return (Cluster(work.root / "pg" / "primary", PRIMARY_PORT),
            Cluster(work.root / "pg" / "archive", ARCHIVE_PORT))


def dsn(user: str, port: int, db: str, password: str | None = None) -> str:
    return f"postgresql://{user}:{password or PASSWORDS[user]}@127.0.0.1:{port}/{db}"


def reset_databases(work: Work, active: list[Cause]) -> None:
    """Fresh payroll and archive databases, migrated, then each cause's SQL."""
    primary, archive = clusters(work)
    primary.start()
    archive.start()
    for user in ("payroll", "payroll_reports"):
        primary.psql(f"DO $$ BEGIN CREATE ROLE {user} LOGIN; EXCEPTION WHEN duplicate_object"
                     f" THEN NULL; END $$; ALTER ROLE {user} PASSWORD '{PASSWORDS[user]}'"
                     " CONNECTION LIMIT -1")
    archive.psql("DO $$ BEGIN CREATE ROLE archiver LOGIN; EXCEPTION WHEN duplicate_object"
                 f" THEN NULL; END $$; ALTER ROLE archiver PASSWORD '{PASSWORDS['archiver']}'")
    primary.psql("DROP DATABASE IF EXISTS payroll WITH (FORCE)")
    primary.psql("CREATE DATABASE payroll OWNER payroll")
    archive.psql("DROP DATABASE IF EXISTS archive WITH (FORCE)")
    archive.psql("CREATE DATABASE archive OWNER archiver")
    code = HERE / "codebases" / PAYROLL
    migrate = [work.svc_python, "-m", "payrun.migrations"]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    sh(*migrate, "payroll", dsn("payroll", PRIMARY_PORT, "payroll"), cwd=code, env=env)
    if "archive-unmigrated" not in actions(active):
        sh(*migrate, "archive", dsn("archiver", ARCHIVE_PORT, "archive"), cwd=code, env=env)
    primary.psql("GRANT SELECT ON ALL TABLES IN SCHEMA public TO payroll_reports", "payroll")
    for cause in active:
        for db, statement in cause.sql:
            (archive if db == "archive" else primary).psql(statement, db)
    if "archive-down" in actions(active):
        archive.stop()


def actions(active: Iterable[Cause]) -> set[str]:
    return {a for cause in active for a in cause.actions}


# --- partner stubs, volumes, squatters --------------------------------------------------------


def wait_port(port: int, up: bool = True, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if (s.connect_ex(("127.0.0.1", port)) == 0) == up:
                return
        time.sleep(0.05)
    raise RuntimeError(f"port {port} not {'up' if up else 'down'}")


@contextmanager
def partners(work: Work, night_dir: Path, active: list[Cause], first: bool) -> Iterator[None]:
    """The tax and bank stubs with the behaviours of the active causes."""
    procs = []
    for role, port in (("tax", TAX_PORT), ("bank", BANK_PORT)):
        if role == "tax" and "tax-down" in actions(active):
            continue
        behaviour: dict[str, Any] = {}
        for cause in active:
            if cause.first_attempt_only and not first:
                continue
            for route, rule in cause.stubs.get(role, {}).items():
                behaviour.setdefault(route, {}).update(rule)
        path = night_dir / f"{role}-behaviour-{'1' if first else '2'}.json"
        path.write_text(json.dumps(behaviour))
        log = (night_dir / f"{role}-stub.log").open("a")
        procs.append(subprocess.Popen(
            [str(work.svc_python), str(HERE / "environment" / "partner_stub.py"), role,
             str(port), str(path)], stdout=log, stderr=log,
        ))
        wait_port(port)
    try:
        yield
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait()
        for port in (TAX_PORT, BANK_PORT):
            wait_port(port, up=False)


@contextmanager
def out_volume(work: Work, active: list[Cause]) -> Iterator[None]:
    """A 4 MB tmpfs for the service's output, full or read-only as the causes say."""
    volume = work.out_volume
    if volume.is_mount():
        sh("umount", volume)
    kinds = actions(active)
    volume.mkdir(parents=True, exist_ok=True)
    sh("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", volume)
    if "volume-full" in kinds:
        sh("dd", "if=/dev/zero", f"of={volume / 'ballast'}", "bs=64k", check=False)
    if "volume-readonly" in kinds:
        sh("mount", "-o", "remount,ro", volume)
    try:
        yield
    finally:
        if volume.is_mount():
            sh("umount", volume)


@contextmanager
def squatter(enabled: bool) -> Iterator[None]:
    """Another process bound to the bank callback port."""
    if not enabled:
        yield
        return
    code = ("import socket,time;s=socket.socket();"
            "s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1);"
            f"s.bind(('127.0.0.1',{CALLBACK_PORT}));s.listen();time.sleep(3600)")
    proc = subprocess.Popen([sys.executable, "-c", code])
    wait_port(CALLBACK_PORT)
    try:
        yield
    finally:
        proc.kill()
        proc.wait()


@contextmanager
def holders(work: Work, active: list[Cause]) -> Iterator[None]:
    """Sessions that hold a lock or connections for the whole night."""
    primary, _ = clusters(work)
    procs = []
    kinds = actions(active)
    if "lock-batches" in kinds:
        procs.append(primary.hold("BEGIN; LOCK TABLE bank_batches IN SHARE MODE;", "payroll"))
    if "hold-report-connections" in kinds:
        procs += [primary.hold("SELECT 1;", "payroll", "payroll_reports") for _ in range(2)]
    time.sleep(0.5 if procs else 0)
    try:
        yield
    finally:
        for proc in procs:
            proc.kill()
            proc.wait()


# --- code bases -------------------------------------------------------------------------------


def patch(root: Path, edits: Iterable[tuple[str, str, str]]) -> None:
    for rel, old, new in edits:
        path = root / rel
        text = path.read_text()
        if text.count(old) != 1:
            raise RuntimeError(f"{rel}: patch anchor found {text.count(old)} times: {old!r}")
        path.write_text(text.replace(old, new))


def prepare_payroll(work: Work, night_dir: Path, active: list[Cause]) -> Path:
    code = night_dir / PAYROLL
    shutil.copytree(HERE / "codebases" / PAYROLL, code,
                    ignore=shutil.ignore_patterns("__pycache__"))
    data = night_dir / "data" / "timesheets"
    data.mkdir(parents=True)
    for delivery in (HERE / "environment" / "deliveries").glob("*.csv"):
        shutil.copy(delivery, data / delivery.name)
    for cause in active:
        patch(code, cause.patches)
        patch(data, cause.deliveries)
    kinds = actions(active)
    if "delete-sample" in kinds:
        (code / "tests" / "data" / "timesheet-sample.csv").unlink()
    if "october-without-shift" in kinds:
        path = data / "2026-10.csv"
        rows = list(csv.reader(path.open()))
        with path.open("w", newline="") as handle:
            csv.writer(handle).writerows(row[:3] for row in rows)
    return code


def payroll_env(work: Work, night_dir: Path, active: list[Cause], first: bool) -> dict[str, str]:
    kinds = actions(active)
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(night_dir),
        "LANG": "C.UTF-8",
        "PYTHONHASHSEED": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PAYRUN_DSN": dsn("payroll", PRIMARY_PORT, "payroll"),
        "PAYRUN_REPORTS_DSN": dsn("payroll_reports", PRIMARY_PORT, "payroll"),
        "PAYRUN_ARCHIVE_DSN": dsn("archiver", ARCHIVE_PORT, "archive"),
        "PAYRUN_TAX_URL": f"http://127.0.0.1:{TAX_PORT}",
        "PAYRUN_TAX_KEY": "tax-key-2026",
        "PAYRUN_BANK_URL": f"http://127.0.0.1:{BANK_PORT}",
        "PAYRUN_BANK_TOKEN": "bank-token-7f3a",
        "PAYRUN_DATA_DIR": str(night_dir / "data"),
        "PAYRUN_OUT_DIR": str(work.out_volume),
        "PAYRUN_HTTP_TIMEOUT": "1.0",
    }
    if "data-volume-missing" in kinds:
        env["PAYRUN_DATA_DIR"] = str(work.root / "vol" / "deliveries")
    if "no-tabulate" not in kinds:
        env["PYTHONPATH"] = str(work.tabulate("old" if "old-tabulate" in kinds else "new"))
    if "render-memory-ceiling" in kinds:
        env["PAYRUN_RENDER_CMD"] = (f"{work.svc_python} {HERE / 'environment'}"
                                    "/render_limited.py 8")
    if "render-isolated" in kinds:
        env["PAYRUN_RENDER_CMD"] = f"{work.svc_python} -I -m payrun.render"
    for cause in active:
        if first or not cause.first_attempt_only:
            env.update(cause.env)
    return env


def prepare_marshmallow(work: Work, night_dir: Path, active: list[Cause]) -> Path:
    code = night_dir / MARSHMALLOW
    code.mkdir()
    for part in ("src", "tests"):
        shutil.copytree(work.marshmallow_src / part, code / part)
    shutil.copy(HERE / "codebases" / MARSHMALLOW / "pytest.ini", code / "pytest.ini")
    for cause in active:
        patch(code, cause.patches)
    return code


# --- runs and labels --------------------------------------------------------------------------


@dataclass
class Case:
    classname: str
    name: str
    failed: bool

    @property
    def key(self) -> str:
        return f"{self.classname}::{self.name}"

    @property
    def nodeid(self) -> str:
        if not self.classname:
            return self.name.replace(".", "/") + ".py"
        parts = self.classname.split(".")
        module = "/".join(parts[:2]) + ".py"
        return "::".join([module, *parts[2:], self.name])


def read_cases(xml: Path) -> list[Case]:
    cases: dict[str, Case] = {}
    for node in ET.parse(xml).getroot().iter("testcase"):
        case = Case(node.get("classname", ""), node.get("name", ""),
                    node.find("failure") is not None or node.find("error") is not None)
        if case.key in cases:
            cases[case.key].failed |= case.failed
        else:
            cases[case.key] = case
    return list(cases.values())


def pytest_run(python: Path, code: Path, env: dict[str, str], xml: Path,
               nodeids: list[str] | None = None) -> None:
    xml.parent.mkdir(parents=True, exist_ok=True)
    argv = [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o",
            "junit_family=xunit2", "-o", "junit_logging=all", f"--junitxml={xml}",
            "--continue-on-collection-errors",
            *(nodeids or [])]
    proc = subprocess.run(argv, cwd=code, env=env, text=True, capture_output=True, timeout=1800)
    (xml.parent / f"{xml.stem}.log").write_text(proc.stdout + proc.stderr)
    if not xml.exists():
        raise RuntimeError(f"no JUnit from {xml.name}: {proc.stdout[-2000:]}{proc.stderr}")


@dataclass
class Night:
    number: int
    active: list[Cause]
    rows: list[dict[str, str]] = field(default_factory=list)


def run_payroll(work: Work, night: Night, night_dir: Path, runs: Path) -> None:
    active = [c for c in night.active if c.job == PAYROLL]
    code = prepare_payroll(work, night_dir, active)
    reset_databases(work, active)
    first_xml = runs / f"{PAYROLL}-attempt1.xml"
    with holders(work, active), out_volume(work, active):
        with partners(work, night_dir, active, first=True), \
                squatter("port-squatter" in actions(c for c in active if c.first_attempt_only)):
            pytest_run(work.svc_python, code, payroll_env(work, night_dir, active, True),
                       first_xml)
        failed = [c for c in read_cases(first_xml) if c.failed]
        if failed:
            with partners(work, night_dir, active, first=False):
                pytest_run(work.svc_python, code, payroll_env(work, night_dir, active, False),
                           runs / f"{PAYROLL}-attempt2.xml", [c.nodeid for c in failed])


def run_marshmallow(work: Work, night: Night, night_dir: Path, runs: Path) -> None:
    active = [c for c in night.active if c.job == MARSHMALLOW]
    code = prepare_marshmallow(work, night_dir, active)
    env = {"PATH": os.environ["PATH"], "HOME": str(night_dir), "LANG": "C.UTF-8",
           "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1",
           "PYTHONPATH": str(code / "src")}
    pytest_run(work.mm_python, code, env, runs / f"{MARSHMALLOW}-attempt1.xml")


def matches(cause: Cause, key: str) -> bool:
    return any(key == p or fnmatch.fnmatchcase(key, p) for p in cause.targets)


def label_night(night: Night, runs: Path, routing: dict[str, str]) -> list[str]:
    """Labels of every failed case of the night's files; problems are returned, not raised."""
    problems = []
    for job in JOBS:
        active = [c for c in night.active if c.job == job]
        first = runs / f"{job}-attempt1.xml"
        second = runs / f"{job}-attempt2.xml"
        rerun = {c.key: c for c in read_cases(second)} if second.exists() else {}
        for xml, attempt in ((first, 1), (second, 2)):
            if not xml.exists():
                continue
            for case in read_cases(xml):
                if not case.failed:
                    continue
                owners = [c for c in active if matches(c, case.key)]
                if len(owners) != 1:
                    problems.append(f"night {night.number} {xml.name} {case.key}: causes "
                                    f"{[c.name for c in owners]}")
                    continue
                cause = owners[0]
                flaky = cause.first_attempt_only and attempt == 1
                if cause.first_attempt_only and attempt == 2:
                    problems.append(f"{xml.name} {case.key}: {cause.name} failed on the rerun")
                if attempt == 1 and job == PAYROLL:
                    again = rerun.get(case.key)
                    if again is None or again.failed == flaky:
                        problems.append(f"{case.key}: rerun outcome does not fit {cause.name}")
                night.rows.append({
                    "night": str(night.number),
                    "file": f"runs/night-{night.number:02d}/{xml.name}",
                    "classname": case.classname, "name": case.name, "cause": cause.name,
                    "category": cause.category,
                    "team": routing.get(cause.category, routing["default_team"]),
                    "flaky": "true" if flaky else "false",
                })
        hit = {r["cause"] for r in night.rows}
        problems += [f"night {night.number}: {c.name} active but nothing failed"
                     for c in active if c.name not in hit]
    return problems


def read_routing() -> dict[str, str]:
    routing = {}
    for line in ROUTING.read_text().splitlines():
        if line.startswith("#") or not line.strip() or line.strip() == "categories:":
            continue
        key, _, value = line.strip().partition(":")
        routing[key] = value.strip()
    return routing


# --- plan and split ---------------------------------------------------------------------------


def collected_keys(work: Work, job: str) -> list[str]:
    """Keys of every test of a job's clean code base, from ``--collect-only``."""
    scratch = work.root / "collect" / job
    if scratch.exists():
        shutil.rmtree(scratch)
    scratch.mkdir(parents=True)
    if job == PAYROLL:
        code, python = prepare_payroll(work, scratch, []), work.svc_python
        env = payroll_env(work, scratch, [], True)
    else:
        code, python = prepare_marshmallow(work, scratch, []), work.mm_python
        env = {"PATH": os.environ["PATH"], "PYTHONPATH": str(code / "src")}
    proc = sh(python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--collect-only",
              cwd=code, env=env)
    keys = []
    for line in proc.stdout.splitlines():
        if "::" not in line:
            continue
        path, *rest = line.split("::")
        classname = ".".join([path.removesuffix(".py").replace("/", "."), *rest[:-1]])
        keys.append(f"{classname}::{rest[-1]}")
    return keys


def reach(cause: Cause, keys: list[str]) -> set[str]:
    """The test keys a cause can break; a module's collection error covers the module."""
    found = {k for k in keys if matches(cause, k)}
    for pattern in cause.targets:
        if pattern.startswith("::"):
            module = pattern[2:]
            found |= {k for k in keys if k.split("::")[0] == module
                      or k.split("::")[0].startswith(module + ".")}
    return found


def make_plan(seed: int, nights: int, keys: dict[str, list[str]]) -> list[list[str]]:
    """Random nights of causes whose reach does not overlap; a few causes on one night only.

    Each cause wants one night (the few drawn for that) or two to four. Nights are handed out
    in rounds, so every cause gets its first and second night before any gets a third; within
    a round the causes that reach the most tests go first, each to the emptiest night it fits.
    """
    rng = random.Random(seed)
    reaches = {c.name: reach(c, keys[c.job]) for c in CAUSES}
    names = sorted(reaches)
    once = set(ALWAYS_ONE_NIGHT) | set(rng.sample(names, ONE_NIGHT_CAUSES))
    wanted = {n: 1 if n in once else rng.randint(2, 4) for n in names}
    plan: list[list[str]] = [[] for _ in range(nights)]
    order = sorted(names, key=lambda n: (-len(reaches[n]), rng.random()))
    for round_ in range(max(wanted.values())):
        for name in order:
            if wanted[name] <= round_:
                continue
            fitting = [i for i in range(nights) if name not in plan[i]
                       and all(not (reaches[name] & reaches[other]) for other in plan[i])]
            if fitting:
                rng.shuffle(fitting)
                plan[min(fitting, key=lambda i: len(plan[i]))].append(name)
    return [sorted(night) for night in plan]


def make_split() -> dict[str, list[str]]:
    """Causes split per category, alternating from a seeded shuffle, starting with development."""
    rng = random.Random(9)
    halves: dict[str, list[str]] = {"development": [], "heldout": []}
    for category in sorted({c.category for c in CAUSES}):
        names = sorted(c.name for c in CAUSES if c.category == category)
        rng.shuffle(names)
        for index, name in enumerate(names):
            halves["development" if index % 2 == 0 else "heldout"].append(name)
    return {half: sorted(names) for half, names in halves.items()}


def write_split() -> None:
    (HERE / "split.json").write_text(json.dumps(make_split(), indent=1) + "\n")


# --- main -------------------------------------------------------------------------------------


def stop_all(work: Work) -> None:
    volume = work.out_volume
    if volume.is_mount():
        sh("umount", volume, check=False)
    for cluster in clusters(work):
        cluster.stop()


def run_night(work: Work, night: Night) -> None:
    night_dir = work.root / "nights" / f"night-{night.number:02d}"
    if night_dir.exists():
        shutil.rmtree(night_dir)
    night_dir.mkdir(parents=True)
    runs = HERE / "runs" / f"night-{night.number:02d}"
    if runs.exists():
        shutil.rmtree(runs)
    runs.mkdir(parents=True)
    run_payroll(work, night, night_dir, runs)
    run_marshmallow(work, night, night_dir, runs)
    for log in runs.glob("*.log"):
        log.rename(night_dir / log.name)


def calibrate(work: Work, name: str) -> None:
    night = Night(99, [BY_NAME[name]])
    try:
        run_night(work, night)
    finally:
        stop_all(work)
    runs = HERE / "runs" / "night-99"
    for xml in sorted(runs.glob("*.xml")):
        for case in read_cases(xml):
            if case.failed:
                print(xml.name, case.key)
    shutil.rmtree(runs)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--work", type=Path, default=Path("/tmp/independent9-work"))
    parser.add_argument("--nights", type=int, default=NIGHTS)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--setup", action="store_true")
    parser.add_argument("--split", action="store_true")
    parser.add_argument("--calibrate")
    args = parser.parse_args(argv)
    work = Work(args.work)
    if args.split:
        write_split()
        return 0
    setup(work)
    if args.setup:
        return 0
    if args.calibrate:
        calibrate(work, args.calibrate)
        return 0
    started = time.monotonic()
    keys = {job: collected_keys(work, job) for job in JOBS}
    plan = make_plan(args.seed, args.nights, keys)
    (HERE / "plan.json").write_text(json.dumps({"seed": args.seed, "nights": plan}, indent=1)
                                    + "\n")
    if (HERE / "runs").exists():
        shutil.rmtree(HERE / "runs")
    routing = read_routing()
    rows: list[dict[str, str]] = []
    problems: list[str] = []
    try:
        for number, names in enumerate(plan, start=1):
            night = Night(number, [BY_NAME[n] for n in names])
            run_night(work, night)
            problems += label_night(night, HERE / "runs" / f"night-{number:02d}", routing)
            rows += night.rows
            print(f"night {number}: {len(names)} causes, {len(night.rows)} failed cases,"
                  f" {time.monotonic() - started:.0f}s", flush=True)
    finally:
        stop_all(work)
    with (HERE / "labels.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, ["night", "file", "classname", "name", "cause",
                                         "category", "team", "flaky"])
        writer.writeheader()
        writer.writerows(rows)
    write_split()
    for problem in problems:
        print("PROBLEM", problem)
    print(f"{len(rows)} labelled failures in {time.monotonic() - started:.0f}s")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
