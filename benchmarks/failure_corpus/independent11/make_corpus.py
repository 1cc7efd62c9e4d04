"""Regenerate the eleventh failure corpus: environments, calibration, nights, labels, plan, split.

Usage: ``python make_corpus.py`` (everything) or ``python make_corpus.py --split`` (split.json).
Runs as root (mounts tmpfs volumes, starts its own PostgreSQL 15 cluster as the postgres user).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg

from causes import BY_NAME, CAUSES, Cause

ROOT = Path(__file__).resolve().parent
WORK = Path(os.environ.get("CORPUS11_WORK", "/tmp/s11w"))
PG_BIN = Path("/usr/lib/postgresql/15/bin")
PG_PORT, WIRE_PORT, SYND_PORT, PHOTO_PORT, CLOSED_PORT = 56120, 56111, 56112, 56113, 56119
SUPER_PW = "corpus11-super"
SEED = 1105
NIGHTS = 9
CLICK_VERSION = "8.1.7"
SERVICE_PINS = [
    "sqlalchemy==2.0.36",
    "psycopg[binary]==3.2.3",
    "httpx==0.28.1",
    "h2==4.1.0",
    "markdown==3.7",
    "pytest==8.3.3",
    "pytest-timeout==2.3.1",
]
CLICK_PINS = [f"click=={CLICK_VERSION}", "pytest==8.3.3", "pytest-timeout==2.3.1"]
JOBS = ("newsdesk", "click")
RERUN_JOBS = ("newsdesk",)
ROUTING = {
    "schema_drift": "platform-data",
    "integrity_violation": "platform-data",
    "database_unavailable": "platform-data",
    "missing_dependency": "release-engineering",
    "product_bug": "product-dev",
    "wrong_behaviour": "product-dev",
    "data_contract": "data-engineering",
    "hang": "product-dev",
    "slow_upstream": "integrations",
    "upstream_5xx": "integrations",
    "upstream_unreachable": "integrations",
    "credentials_refused": "integrations",
    "test_harness": "qa",
    "flaky": "qa",
    "infrastructure": "ci-infra",
}
Case = tuple[str, str]


def run(cmd: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """Run a command, failing loudly."""
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kwargs)


def log(message: str) -> None:
    print(time.strftime("%H:%M:%S"), message, flush=True)


# ----------------------------------------------------------------------------- environments


def ensure_envs() -> None:
    """Virtualenvs of both jobs, the click sdist's tests, click 8.0.4 for the downgrade cause."""
    WORK.mkdir(parents=True, exist_ok=True)
    os.chmod(WORK, 0o755)
    for name, pins in (("svcenv", SERVICE_PINS), ("clickenv", CLICK_PINS)):
        venv = WORK / name
        if not (venv / "bin" / "python").exists():
            run(["uv", "venv", "-q", "-p", "3.11", str(venv)])
        run(["uv", "pip", "install", "-q", *pins], env={**os.environ, "VIRTUAL_ENV": str(venv)})
    sdist = WORK / f"click-{CLICK_VERSION}"
    if not (sdist / "tests").exists():
        (
            run(
                [
                    str(WORK / "clickenv/bin/pip"),
                    "download",
                    "-q",
                    "--no-deps",
                    "--no-binary",
                    ":all:",
                    f"click=={CLICK_VERSION}",
                    "-d",
                    str(WORK / "dl"),
                ]
            )
            if (WORK / "clickenv/bin/pip").exists()
            else run(
                [
                    "pip",
                    "download",
                    "-q",
                    "--no-deps",
                    "--no-binary",
                    ":all:",
                    f"click=={CLICK_VERSION}",
                    "-d",
                    str(WORK / "dl"),
                ]
            )
        )
        run(["tar", "xzf", str(WORK / "dl" / f"click-{CLICK_VERSION}.tar.gz"), "-C", str(WORK)])
    if not (WORK / "click804" / "click").exists():
        run(
            ["uv", "pip", "install", "-q", "--target", str(WORK / "click804"), "click==8.0.4"],
            env={**os.environ, "VIRTUAL_ENV": str(WORK / "clickenv")},
        )


def site_packages(venv: str) -> Path:
    return next((WORK / venv / "lib").glob("python3*/site-packages"))


# ----------------------------------------------------------------------------- PostgreSQL


class Cluster:
    """A private PostgreSQL 15 cluster on PG_PORT."""

    def __init__(self) -> None:
        self.data = WORK / "pg"

    def _as_postgres(self, *cmd: str) -> None:
        run(["runuser", "-u", "postgres", "--", *cmd])

    def start(self) -> None:
        self.stop()
        shutil.rmtree(self.data, ignore_errors=True)
        self.data.mkdir(parents=True)
        shutil.chown(self.data, "postgres", "postgres")
        pwfile = self.data / "pw"
        pwfile.write_text(SUPER_PW)
        shutil.chown(pwfile, "postgres", "postgres")
        self._as_postgres(
            str(PG_BIN / "initdb"),
            "-D",
            str(self.data / "db"),
            "-U",
            "postgres",
            "--pwfile",
            str(pwfile),
            "--auth-host=scram-sha-256",
            "--auth-local=trust",
        )
        self._as_postgres(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.data / "db"),
            "-l",
            str(self.data / "log"),
            "-w",
            "start",
            "-o",
            f"-p {PG_PORT} -k {self.data} -c listen_addresses=127.0.0.1"
            " -c max_connections=60 -c fsync=off",
        )

    def stop(self) -> None:
        if (self.data / "db" / "postmaster.pid").exists():
            self._as_postgres(
                str(PG_BIN / "pg_ctl"), "-D", str(self.data / "db"), "-m", "fast", "-w", "stop"
            )

    def admin(self, statements: tuple[str, ...] | list[str], db: str = "postgres") -> None:
        with psycopg.connect(
            host="127.0.0.1",
            port=PG_PORT,
            user="postgres",
            password=SUPER_PW,
            dbname=db,
            autocommit=True,
        ) as conn:
            for statement in statements:
                conn.execute(statement)  # type: ignore[arg-type]

    def prepare_templates(self) -> None:
        """Roles, the clean newsroom template with reference data, and the archive template."""
        self.admin(
            [
                "CREATE ROLE newsdesk LOGIN PASSWORD 'newsdesk-pw'",
                "CREATE ROLE newsdesk_archive LOGIN PASSWORD 'archive-pw'",
                "CREATE ROLE newsdesk_reports LOGIN PASSWORD 'reports-pw'",
                "CREATE DATABASE nd_template OWNER newsdesk",
                "CREATE DATABASE nd_archive_template OWNER newsdesk_archive",
            ]
        )
        script = (
            "import sys\n"
            "from sqlalchemy import create_engine\n"
            "from newsdesk.models import Base, ArchivedStory\n"
            "main = create_engine(sys.argv[1]); Base.metadata.create_all(main)\n"
            "archive = create_engine(sys.argv[2])\n"
            "Base.metadata.create_all(archive, tables=[ArchivedStory.__table__])\n"
        )
        run(
            [
                str(WORK / "svcenv/bin/python"),
                "-c",
                script,
                dsn("newsdesk", "newsdesk-pw", "nd_template"),
                dsn("newsdesk_archive", "archive-pw", "nd_archive_template"),
            ],
            env={**os.environ, "PYTHONPATH": str(ROOT / "codebases/newsdesk/src")},
        )
        self.admin(
            [
                "INSERT INTO desks (code, name) VALUES ('metro', 'Metro'), ('sport', 'Sport'),"
                " ('business', 'Business'),"
                " ('culture', 'Culture'), ('science', 'Science')",
                "INSERT INTO stories"
                " (slug, headline, body, word_count, priority, status, source, desk_code) VALUES"
                " ('seed-metro-1', 'Seeded metro story one', 'Seed.', 1, 5, 'published', 'staff',"
                " 'metro'),"
                " ('seed-metro-2', 'Seeded metro story two', 'Seed.', 1, 5, 'published', 'staff',"
                " 'metro')",
                "GRANT SELECT ON ALL TABLES IN SCHEMA public TO newsdesk_reports",
            ],
            db="nd_template",
        )

    def fresh_databases(self) -> None:
        self.admin(
            [
                "DROP DATABASE IF EXISTS nd_run WITH (FORCE)",
                "DROP DATABASE IF EXISTS nd_archive WITH (FORCE)",
                "CREATE DATABASE nd_run TEMPLATE nd_template OWNER newsdesk",
                "CREATE DATABASE nd_archive TEMPLATE nd_archive_template OWNER newsdesk_archive",
            ]
        )


def dsn(user: str, password: str, db: str) -> str:
    return f"postgresql+psycopg://{user}:{password}@127.0.0.1:{PG_PORT}/{db}"


# ------------------------------------------------------------------ partner stubs and volumes


def wait_port(port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"port {port} did not open")


@contextmanager
def partners(faults: dict[str, dict[str, Any]], folder: Path) -> Iterator[None]:
    """The wire, syndication and photo stubs, serving tonight's faults."""
    path = folder / "faults.json"
    path.write_text(json.dumps(faults, indent=1))
    procs = []
    try:
        for role, port in (("wire", WIRE_PORT), ("syndication", SYND_PORT), ("photos", PHOTO_PORT)):
            with (folder / f"{role}.log").open("w") as out:
                procs.append(
                    subprocess.Popen(
                        [
                            sys.executable,
                            str(ROOT / "environment/partners.py"),
                            role,
                            str(port),
                            str(path),
                        ],
                        stdout=out,
                        stderr=subprocess.STDOUT,
                    )
                )
        for port in (WIRE_PORT, SYND_PORT, PHOTO_PORT):
            wait_port(port)
        yield
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=10)


@contextmanager
def volume(path: Path, mode: str) -> Iterator[None]:
    """A small tmpfs at ``path``: ``full`` (filled to ENOSPC) or ``readonly``; else a folder."""
    path.mkdir(parents=True, exist_ok=True)
    if not mode:
        yield
        return
    run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(path)])
    try:
        if mode == "full":
            subprocess.run(
                ["dd", "if=/dev/zero", f"of={path}/ballast", "bs=4k"],
                capture_output=True,
                check=False,
            )
        else:
            run(["mount", "-o", "remount,ro", str(path)])
        yield
    finally:
        run(["umount", str(path)])


@contextmanager
def held_locks(statements: list[str]) -> Iterator[None]:
    """Background sessions holding locks on the night's database."""
    conns = []
    try:
        for statement in statements:
            conn = psycopg.connect(
                host="127.0.0.1", port=PG_PORT, user="postgres", password=SUPER_PW, dbname="nd_run"
            )
            conn.execute(statement)  # type: ignore[arg-type]
            conns.append(conn)
        yield
    finally:
        for conn in conns:
            conn.rollback()
            conn.close()


@contextmanager
def uninstalled(venv: str, packages: list[str]) -> Iterator[None]:
    """Remove packages from a virtualenv for the run and put the pinned ones back."""
    environ = {**os.environ, "VIRTUAL_ENV": str(WORK / venv)}
    if packages:
        run(["uv", "pip", "uninstall", "-q", *packages], env=environ)
    try:
        yield
    finally:
        if packages:
            run(["uv", "pip", "install", "-q", *SERVICE_PINS], env=environ)


def apply_patches(copy: Path, causes: list[Cause]) -> None:
    for cause in causes:
        for rel, old, new in cause.patches:
            target = copy / rel
            text = target.read_text(encoding="utf-8")
            if old not in text:
                raise RuntimeError(f"{cause.name}: {old!r} not in {rel}")
            target.write_text(text.replace(old, new, 1), encoding="utf-8")
        for rel in cause.deletes:
            (copy / rel).unlink()


# ----------------------------------------------------------------------------- jobs


def failed_cases(xml: Path) -> list[Case]:
    """(classname, name) of every failed or errored testcase, in file order."""
    cases = []
    for case in ET.parse(xml).getroot().iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            cases.append((case.get("classname", ""), case.get("name", "")))
    return cases


def pytest_cmd(python: Path, xml: Path, cache: Path) -> list[str]:
    return [
        str(python),
        "-m",
        "pytest",
        "-q",
        "-o",
        "junit_family=xunit2",
        "-o",
        "junit_logging=all",
        "-o",
        f"cache_dir={cache}",
        "--continue-on-collection-errors",
        f"--junitxml={xml}",
    ]


def run_newsdesk(
    cluster: Cluster, causes: list[Cause], folder: Path, reruns: bool
) -> tuple[Path, Path | None]:
    """Run the newsdesk suite under the causes; attempt 2 reruns the failures with ``--lf``."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    copy = folder / "newsdesk"
    shutil.copytree(ROOT / "codebases/newsdesk", copy, ignore=shutil.ignore_patterns("__pycache__"))
    apply_patches(copy, causes)
    inbox = folder / "inbox"
    inbox.mkdir()
    rota = next(
        (c.rota for c in causes if c.rota), (ROOT / "environment/desk_rota.csv").read_text()
    )
    (inbox / "desk_rota.csv").write_text(rota)
    faults: dict[str, dict[str, Any]] = {}
    env_over: dict[str, str] = {}
    for cause in causes:
        faults.update(cause.faults)
        env_over.update(
            {k: v.format(closed_port=CLOSED_PORT, run=folder) for k, v in cause.env.items()}
        )
    agencies = {a: f"http://127.0.0.1:{WIRE_PORT}" for a in "abcdefg"}
    if "AGENCY_C_URL" in env_over:
        agencies["c"] = env_over.pop("AGENCY_C_URL")
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(folder),
        "LANG": "C.UTF-8",
        "TMPDIR": str(folder),
        "NEWSDESK_DSN": dsn("newsdesk", "newsdesk-pw", "nd_run"),
        "NEWSDESK_ARCHIVE_DSN": dsn("newsdesk_archive", "archive-pw", "nd_archive"),
        "NEWSDESK_REPORTS_DSN": dsn("newsdesk_reports", "reports-pw", "nd_run"),
        "NEWSDESK_AGENCY_URLS": json.dumps(agencies),
        "NEWSDESK_SYNDICATION_URL": f"http://127.0.0.1:{SYND_PORT}",
        "NEWSDESK_SYNDICATION_TOKEN": "syndication-2026",
        "NEWSDESK_PHOTOS_URL": f"http://127.0.0.1:{PHOTO_PORT}",
        "NEWSDESK_OUTBOX": str(folder / "outbox"),
        "NEWSDESK_INBOX": str(inbox),
        "NEWSDESK_PARTNER_TIMEOUT": "1.0",
        **env_over,
    }
    python = WORK / "svcenv/bin/python"
    mode = next((c.volume for c in causes if c.volume), "")
    xml1, xml2 = folder / "attempt1.xml", folder / "attempt2.xml"
    with (
        uninstalled("svcenv", [p for c in causes for p in c.uninstall]),
        volume(folder / "outbox", mode),
        partners(faults, folder),
    ):
        for attempt, xml in ((1, xml1), (2, xml2)):
            if attempt == 2 and (not reruns or not failed_cases(xml1)):
                return xml1, None
            cluster.fresh_databases()
            cluster.admin([s for c in causes for s in c.sql], db="nd_run")
            cluster.admin([s for c in causes for s in c.sql_admin])
            try:
                with held_locks([s for c in causes for s in c.locks]):
                    cmd = pytest_cmd(python, xml, folder / "cache") + (
                        ["--lf"] if attempt == 2 else []
                    )
                    with (folder / f"attempt{attempt}.log").open("w") as out:
                        subprocess.run(
                            cmd,
                            cwd=copy,
                            env=env,
                            stdout=out,
                            stderr=subprocess.STDOUT,
                            check=False,
                            timeout=600,
                        )
            finally:
                cluster.admin([s for c in causes for s in c.sql_revert])
    return xml1, xml2


def run_click(causes: list[Cause], folder: Path) -> Path:
    """Run click's own suite against a patched copy of the installed click (or another release)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    copy = folder / "click-job"
    shutil.copytree(
        WORK / f"click-{CLICK_VERSION}/tests",
        copy / "tests",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    shutil.copy(ROOT / "codebases/click/pytest.ini", copy / "pytest.ini")
    shutil.copy(WORK / f"click-{CLICK_VERSION}/setup.cfg", copy / "setup.cfg")
    (copy / "docs").mkdir()
    shutil.copy(WORK / f"click-{CLICK_VERSION}/docs/conf.py", copy / "docs/conf.py")
    library = next((c.library for c in causes if c.library), "")
    if library:
        libdir = WORK / f"click{library.replace('.', '')}"
    else:
        libdir = folder / "lib"
        shutil.copytree(
            site_packages("clickenv") / "click",
            libdir / "click",
            ignore=shutil.ignore_patterns("__pycache__"),
        )
    apply_patches(
        libdir if not library else copy,
        [c for c in causes if all(p[0].startswith("click/") for p in c.patches)],
    )
    apply_patches(
        copy, [c for c in causes if c.patches and all(p[0].startswith("tests/") for p in c.patches)]
    )
    tmp = folder / "tmp"
    tmp.mkdir()
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(folder),
        "LANG": "C.UTF-8",
        "TMPDIR": str(tmp),
        "PYTHONPATH": str(libdir),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    xml = folder / "attempt1.xml"
    with (folder / "attempt1.log").open("w") as out:
        subprocess.run(
            pytest_cmd(WORK / "clickenv/bin/python", xml, folder / "cache")
            + ["-p", "no:cacheprovider"],
            cwd=copy,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            check=False,
            timeout=600,
        )
    return xml


def run_job(
    cluster: Cluster, job: str, causes: list[Cause], folder: Path
) -> tuple[Path, Path | None]:
    if job == "newsdesk":
        return run_newsdesk(cluster, causes, folder, reruns=True)
    return run_click(causes, folder), None


# ----------------------------------------------------------------------------- calibration and plan


def calibrate(cluster: Cluster) -> dict[str, list[Case]]:
    """Each cause alone (after a clean run per job, which must pass): testcases it fails."""
    sets: dict[str, list[Case]] = {}
    for job in JOBS:
        xml, _ = run_job(cluster, job, [], WORK / "cal" / f"clean-{job}")
        if failed_cases(xml):
            raise RuntimeError(f"clean {job} run failed: {failed_cases(xml)}")
    for cause in CAUSES:
        xml = (
            run_newsdesk(cluster, [cause], WORK / "cal" / cause.name, reruns=False)[0]
            if cause.job == "newsdesk"
            else run_click([cause], WORK / "cal" / cause.name)
        )
        sets[cause.name] = sorted(set(failed_cases(xml)))
        log(f"calibrated {cause.name}: {len(sets[cause.name])} testcases")
        if not sets[cause.name]:
            raise RuntimeError(f"{cause.name} broke nothing")
    return sets


def node_path(case: Case) -> str:
    """Dotted path of a testcase, or of the module or class a collection error stands for."""
    return ".".join(part for part in case if part)


def conflicts(a: list[Case], b: list[Case]) -> bool:
    """Whether two causes break a common testcase, or one fails a whole module or class (a
    collection error) in which the other breaks a testcase."""
    paths_a, paths_b = {node_path(c) for c in a}, {node_path(c) for c in b}
    return any(
        x == y or x.startswith(y + ".") or y.startswith(x + ".") for x in paths_a for y in paths_b
    )


def clash(a: str, b: str, sets: dict[str, list[Case]]) -> bool:
    """Causes that cannot share a night: common testcases, or a click release swap and a patch
    to the installed click."""
    first, second = BY_NAME[a], BY_NAME[b]
    for one, other in ((first, second), (second, first)):
        if one.library and any(rel.startswith("click/") for rel, _, _ in other.patches):
            return True
    return conflicts(sets[a], sets[b])


def make_plan(sets: dict[str, list[Case]]) -> list[list[str]]:
    """Seeded nights. ``once`` causes get one night each. On every night, causes seen on fewer
    than two nights so far join first (fewest first) unless they clash with a cause already
    chosen; the others join with probability 0.45 under the same rule."""
    rng = random.Random(SEED)
    names = sorted(BY_NAME)
    once = [n for n in names if BY_NAME[n].once]
    once_night = {n: rng.randrange(NIGHTS) for n in once}
    used = dict.fromkeys(names, 0)
    nights: list[list[str]] = []
    for night in range(NIGHTS):
        chosen: list[str] = [n for n in once if once_night[n] == night]
        for name in chosen:
            if any(clash(name, other, sets) for other in chosen if other != name):
                raise RuntimeError(f"once-cause {name} clashes on night {night + 1}")
        order = [n for n in names if not BY_NAME[n].once]
        rng.shuffle(order)
        order.sort(key=lambda n: min(used[n], 2))
        for name in order:
            wanted = used[name] < 2 or rng.random() < 0.45
            if wanted and not any(clash(name, other, sets) for other in chosen):
                chosen.append(name)
        for name in chosen:
            used[name] += 1
        nights.append(sorted(chosen))
    return nights


# ----------------------------------------------------------------------------- split


def make_split() -> dict[str, list[str]]:
    """Deal causes alternately to the halves with random.Random(10): categories in alphabetical
    order, each category's causes sorted by name and shuffled; the alternation starts with
    development and carries on from one category to the next."""
    rng = random.Random(10)
    halves: dict[str, list[str]] = {"development": [], "heldout": []}
    turn = 0
    for category in sorted({c.category for c in CAUSES}):
        names = sorted(c.name for c in CAUSES if c.category == category)
        rng.shuffle(names)
        for name in names:
            halves["development" if turn % 2 == 0 else "heldout"].append(name)
            turn += 1
    return {half: sorted(names) for half, names in halves.items()}


def write_split() -> None:
    (ROOT / "split.json").write_text(json.dumps(make_split(), indent=2) + "\n")


# ----------------------------------------------------------------------------- nights and labels


def label_rows(
    night: int,
    rel: str,
    xml: Path,
    active: list[Cause],
    sets: dict[str, list[Case]],
    passed_on_rerun: set[Case],
) -> list[dict[str, str]]:
    rows = []
    for case in failed_cases(xml):
        owners = [c for c in active if case in set(sets[c.name])]
        if len(owners) != 1:
            raise RuntimeError(f"night {night} {rel} {case}: causes {[c.name for c in owners]}")
        cause = owners[0]
        flaky = cause.category == "flaky" and case in passed_on_rerun
        if cause.category == "flaky" and not flaky:
            raise RuntimeError(f"night {night} {rel} {case}: flaky cause did not pass on the rerun")
        if cause.category != "flaky" and case in passed_on_rerun:
            raise RuntimeError(f"night {night} {rel} {case}: {cause.name} passed on the rerun")
        rows.append(
            {
                "night": str(night),
                "file": rel,
                "classname": case[0],
                "name": case[1],
                "cause": cause.name,
                "category": cause.category,
                "team": ROUTING[cause.category],
                "flaky": "true" if flaky else "false",
            }
        )
    return rows


def run_nights(
    cluster: Cluster, plan: list[list[str]], sets: dict[str, list[Case]]
) -> list[dict[str, str]]:
    runs = ROOT / "runs"
    shutil.rmtree(runs, ignore_errors=True)
    rows: list[dict[str, str]] = []
    for index, names in enumerate(plan, start=1):
        night_dir = runs / f"night-{index:02d}"
        night_dir.mkdir(parents=True)
        for job in JOBS:
            active = [BY_NAME[n] for n in names if BY_NAME[n].job == job]
            xml1, xml2 = run_job(cluster, job, active, WORK / "nights" / f"{index:02d}-{job}")
            shutil.copy(xml1, night_dir / f"{job}-attempt1.xml")
            rerun_failed: set[Case] = set()
            rerun_all: set[Case] = set()
            if xml2 is not None:
                shutil.copy(xml2, night_dir / f"{job}-attempt2.xml")
                rerun_failed = set(failed_cases(xml2))
                rerun_all = {
                    (c.get("classname", ""), c.get("name", ""))
                    for c in ET.parse(xml2).getroot().iter("testcase")
                }
            passed_on_rerun = rerun_all - rerun_failed
            rel1 = f"runs/night-{index:02d}/{job}-attempt1.xml"
            rows += label_rows(
                index, rel1, xml1, active, sets, passed_on_rerun if job in RERUN_JOBS else set()
            )
            if xml2 is not None:
                rows += label_rows(
                    index, f"runs/night-{index:02d}/{job}-attempt2.xml", xml2, active, sets, set()
                )
            log(
                f"night {index} {job}: {len(failed_cases(xml1))} failed,"
                f" rerun {len(rerun_failed)} failed"
            )
    return rows


def write_labels(rows: list[dict[str, str]]) -> None:
    with (ROOT / "labels.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(
            handle,
            fieldnames=["night", "file", "classname", "name", "cause", "category", "team", "flaky"],
            lineterminator="\n",
        )
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", action="store_true", help="only write split.json")
    parser.add_argument("--calibrate-only", action="store_true", help="stop after calibration.json")
    parser.add_argument(
        "--reuse-calibration", action="store_true", help="take the sets from calibration.json"
    )
    args = parser.parse_args(argv)
    if args.split:
        write_split()
        return 0
    tempfile.tempdir = str(WORK)
    ensure_envs()
    cluster = Cluster()
    cluster.start()
    try:
        cluster.prepare_templates()
        if args.reuse_calibration:
            stored = json.loads((ROOT / "calibration.json").read_text())
            sets = {name: [(c[0], c[1]) for c in cases] for name, cases in stored.items()}
        else:
            sets = calibrate(cluster)
            (ROOT / "calibration.json").write_text(json.dumps(sets, indent=1) + "\n")
        if args.calibrate_only:
            return 0
        plan = make_plan(sets)
        (ROOT / "plan.json").write_text(json.dumps({"seed": SEED, "nights": plan}, indent=2) + "\n")
        write_labels(run_nights(cluster, plan, sets))
        write_split()
    finally:
        cluster.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
