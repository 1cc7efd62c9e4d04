"""Regenerate the corpus: set up both CI jobs' environments, break them night by night, run the
suites, and write runs/, labels.csv, plan.json and split.json.

    python make_corpus.py            # everything (needs root: it mounts volumes)
    python make_corpus.py --split    # only split.json, from causes.py
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import psycopg2

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from causes import CATEGORIES, CAUSES, Cause, by_name  # noqa: E402
from environment.portal import write_batches  # noqa: E402

SEED = 1414
NIGHTS = 10
WORK = Path(os.environ.get("CORPUS14_WORK", "/tmp/docketline-corpus"))
PG_BIN = Path("/usr/lib/postgresql/15/bin")
PG_PORT = 55123
REPORTS_DOWN_PORT = 55129
REDIS_PORT = 56914
PAYMENTS_PORT = 57914
BAR_PORT = 57915
JOBS = ("docketline", "tenacity")
SERVICE_WHEELS = [
    "psycopg2-binary==2.9.10", "redis==5.2.1", "requests==2.32.3", "urllib3==2.2.3",
    "PyYAML==6.0.2", "pytest==8.3.3", "pytest-timeout==2.3.1",
]
TENACITY_VERSION = "9.0.0"
TENACITY_WHEELS = [
    "pytest==8.3.3", "pytest-timeout==2.3.1", "tornado==6.4.1", "typeguard==4.3.0",
]
EXTRA_WHEELS = ["typeguard==2.13.3", "urllib3==1.25.11"]
SECRETS = {
    "owner": "owner-secret-7", "app": "app-secret-7", "reports": "reports-secret-7",
    "redis": "redis-secret-7", "payments": "pay-token-ci", "bar": "bar-token-ci",
}
ROUTING = HERE / "routing.yml"


def log(msg: str) -> None:
    print(time.strftime("%H:%M:%S"), msg, flush=True)


def run(cmd: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kw)  # type: ignore[call-overload, no-any-return]


# ---------------------------------------------------------------- environments


def venv(path: Path, wheels: list[str]) -> Path:
    """A virtualenv at `path` with `wheels` installed from the local wheelhouse."""
    py = path / "bin" / "python"
    if not py.exists():
        run([sys.executable, "-m", "venv", str(path)])
    whl = WORK / "wheels"
    whl.mkdir(parents=True, exist_ok=True)
    run([str(py), "-m", "pip", "download", "-q", "-d", str(whl), *wheels])
    run([str(py), "-m", "pip", "download", "-q", "--no-deps", "-d", str(whl), *EXTRA_WHEELS])
    run([str(py), "-m", "pip", "install", "-q", "--no-index", "-f", str(whl), *wheels])
    return py


def tenacity_sources() -> Path:
    """The tenacity sdist, unpacked (its tests are run, its package installed from it)."""
    src = WORK / f"tenacity-{TENACITY_VERSION}"
    if not src.exists():
        dl = WORK / "sdist"
        dl.mkdir(parents=True, exist_ok=True)
        py = WORK / "venv-tenacity" / "bin" / "python"
        run([str(py), "-m", "pip", "download", "-q", "--no-binary", ":all:", "--no-deps",
             "-d", str(dl), f"tenacity=={TENACITY_VERSION}"])
        run(["tar", "xzf", str(dl / f"tenacity-{TENACITY_VERSION}.tar.gz"), "-C", str(WORK)])
    return src


class Postgres:
    """A PostgreSQL 15 cluster of our own, run as the postgres user."""

    def __init__(self, root: Path) -> None:
        self.data = root / "pgdata"
        self.sock = root / "pgsock"
        self.logfile = root / "pg.log"

    def _as_pg(self, *cmd: str) -> None:
        run(["runuser", "-u", "postgres", "--", *cmd])

    def start(self) -> None:
        if not self.data.exists():
            self.data.mkdir(parents=True)
            self.sock.mkdir(parents=True, exist_ok=True)
            shutil.chown(self.data, "postgres", "postgres")
            shutil.chown(self.sock, "postgres", "postgres")
            self._as_pg(str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres",
                        "--auth-local=trust", "--auth-host=scram-sha-256")
        self.logfile.touch()
        shutil.chown(self.logfile, "postgres", "postgres")
        opts = (f"-p {PG_PORT} -k {self.sock} -c listen_addresses=127.0.0.1"
                " -c max_connections=40 -c fsync=off")
        self._as_pg(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", opts,
                    "-l", str(self.logfile), "-w", "start")

    def stop(self) -> None:
        with suppress(subprocess.CalledProcessError):
            self._as_pg(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def admin(self, dbname: str = "postgres") -> psycopg2.extensions.connection:
        conn = psycopg2.connect(host=str(self.sock), port=PG_PORT, user="postgres", dbname=dbname)
        conn.autocommit = True
        return conn

    def execute(self, sql: str, dbname: str = "postgres") -> None:
        conn = self.admin(dbname)
        try:
            with conn.cursor() as cur:
                cur.execute(sql)
        finally:
            conn.close()

    def fresh_database(self, name: str) -> None:
        """Roles as the CI secrets say, and an empty database owned by the owner role."""
        conn = self.admin()
        try:
            with conn.cursor() as cur:
                for role, secret in (("docket_owner", "owner"), ("docket_app", "app"),
                                     ("docket_reports", "reports")):
                    cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,))
                    verb = "ALTER" if cur.fetchone() else "CREATE"
                    cur.execute(f"{verb} ROLE {role} LOGIN CONNECTION LIMIT -1 PASSWORD %s",
                                (SECRETS[secret],))
                cur.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
                cur.execute(f"CREATE DATABASE {name} OWNER docket_owner")
        finally:
            conn.close()


@dataclass
class Night:
    """What one night's runs need: its number, causes and working folder."""

    number: int
    causes: list[Cause]
    root: Path = field(init=False)
    out: Path = field(init=False)
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)
    mounts: list[Path] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.root = WORK / f"night-{self.number:02d}"
        self.out = HERE / "runs" / f"night-{self.number:02d}"
        if self.number == 0:
            self.out = WORK / "baseline"
        elif self.number >= 100:
            self.out = WORK / "probe" / f"night-{self.number}"

    def of(self, job: str) -> list[Cause]:
        return [c for c in self.causes if c.job == job]


def apply_patches(base: Path, cause: Cause, site: Path | None = None) -> None:
    """Apply a cause's source edits; each old text must be found exactly once."""
    for rel, old, new in cause.patches:
        if rel.startswith("site:"):
            assert site is not None
            path = site / rel.removeprefix("site:")
        else:
            path = base / rel
        if rel.endswith("!delete"):
            path = base / rel.removesuffix("!delete")
            path.unlink()
            continue
        text = path.read_text()
        if text.count(old) != 1:
            raise SystemExit(f"{cause.name}: {old!r} found {text.count(old)} times in {path}")
        path.write_text(text.replace(old, new))


def wait_port(port: int, timeout: float = 10) -> None:
    import socket

    deadline = time.time() + timeout
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise SystemExit(f"nothing listens on {port}")


def start_partner(night: Night, kind: str, port: int) -> None:
    """Start a partner stand-in with tonight's behaviour, unless a cause keeps it down."""
    behaviour: dict[str, object] = {"tokens": [SECRETS[kind]], "routes": {}}
    for cause in night.of("docketline"):
        if kind in cause.partner_down:
            return
        routes = cause.routes.get(kind, {})
        behaviour["routes"].update(routes)  # type: ignore[attr-defined]
        if kind in cause.revoked:
            behaviour["tokens"] = ["rotated-" + SECRETS[kind]]
            behaviour["reject_status"] = cause.revoked[kind]
    path = night.root / f"{kind}-behaviour.json"
    path.write_text(json.dumps(behaviour))
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "environment" / "partners.py"), kind, "--port", str(port),
         "--behaviour", str(path)],
        stdout=subprocess.DEVNULL, stderr=open(night.root / f"{kind}.log", "wb"),  # noqa: SIM115
    )
    night.procs.append(proc)
    wait_port(port)


def volumes(night: Night) -> dict[str, Path]:
    """The job's spool, outbox and archive volumes and the portal drop, as tonight has them."""
    base = night.root / "volumes"
    vols = {name: base / name for name in ("spool", "outbox", "archive")}
    for name, path in vols.items():
        state = next((c.volume[name] for c in night.of("docketline") if name in c.volume), "ok")
        if state == "missing":
            vols[name] = base / "unmounted" / name
            continue
        path.mkdir(parents=True, exist_ok=True)
        if state == "readonly":
            run(["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(path)])
            night.mounts.append(path)
        elif state == "full":
            run(["mount", "-t", "tmpfs", "-o", "size=8k", "tmpfs", str(path)])
            night.mounts.append(path)
            filler = path / "previous-nights.bin"
            with suppress(OSError), filler.open("wb") as fh:
                fh.write(b"\0" * 64 * 1024)
    defects = [d for c in night.of("docketline") for d in c.portal_defects]
    write_batches(base / "portal", defects)
    vols["portal"] = base / "portal"
    return vols


def pytest_cmd(py: Path, xml: Path, cache: Path, rerun: bool) -> list[str]:
    cmd = [str(py), "-m", "pytest", "-q", "-o", "junit_family=xunit2", "-o", "junit_logging=all",
           "-o", f"cache_dir={cache}", f"--junitxml={xml}", "-p", "no:randomly",
           "--continue-on-collection-errors"]
    if rerun:
        cmd.append("--lf")
    return cmd


def run_attempts(night: Night, job: str, py: Path, cwd: Path, env: dict[str, str]) -> None:
    """Attempt 1 of a job, and a rerun of its failures when it failed."""
    out = night.out
    out.mkdir(parents=True, exist_ok=True)
    cache = night.root / f"cache-{job}"
    shutil.rmtree(cache, ignore_errors=True)
    for attempt in (1, 2):
        xml = out / f"{job}-attempt{attempt}.xml"
        proc = subprocess.run(pytest_cmd(py, xml, cache, attempt == 2), cwd=cwd, env=env,
                              capture_output=True, text=True, timeout=900)
        tail = proc.stdout.strip().splitlines()[-1:] or [""]
        log(f"night {night.number} {job} attempt {attempt}: exit {proc.returncode}: {tail[0]}")
        if proc.returncode == 0:
            break
        if night.number == 0:
            raise SystemExit(f"the clean run of {job} failed:\n{proc.stdout[-3000:]}")


@contextmanager
def held_locks(pg: Postgres, dbname: str, night: Night) -> Iterator[None]:
    """Maintenance sessions holding table locks for the whole run."""
    conns = []
    for cause in night.of("docketline"):
        if cause.lock:
            conn = pg.admin(dbname)
            conn.autocommit = False
            with conn.cursor() as cur:
                cur.execute(cause.lock)
            conns.append(conn)
    try:
        yield
    finally:
        for conn in conns:
            conn.rollback()
            conn.close()


def apply_pip(py: Path, causes: list[Cause], baseline: list[str]) -> None:
    """Restore the job's venv to its pinned packages, then remove or swap tonight's."""
    whl = str(WORK / "wheels")
    run([str(py), "-m", "pip", "install", "-q", "--no-index", "-f", whl, *baseline])
    for cause in causes:
        for action, *names in cause.pip:
            if action == "uninstall":
                run([str(py), "-m", "pip", "uninstall", "-q", "-y", *names])
            else:
                run([str(py), "-m", "pip", "install", "-q", "--no-index", "-f", whl, *names])


def run_docketline(night: Night, pg: Postgres, py: Path) -> None:
    causes = night.of("docketline")
    code = night.root / "docketline"
    shutil.copytree(HERE / "codebases" / "docketline", code,
                    ignore=shutil.ignore_patterns("__pycache__"))
    for cause in causes:
        apply_patches(code, cause)
    dbname = f"docket_n{night.number:02d}"
    pg.fresh_database(dbname)
    skip = [s for c in causes for s in c.migrate_skip]
    seed = all(c.seed for c in causes)
    owner_dsn = (f"host=127.0.0.1 port={PG_PORT} dbname={dbname} user=docket_owner"
                 f" password={SECRETS['owner']}")
    migrate = [str(py), "-m", "docketline.migrate", owner_dsn]
    migrate += [a for s in skip for a in ("--skip", s)] + ([] if seed else ["--no-seed"])
    run(migrate, cwd=code)
    apply_pip(py, causes, SERVICE_WHEELS)
    for cause in causes:
        for sql in cause.sql:
            pg.execute(sql, dbname)
    import redis

    r = redis.Redis(port=REDIS_PORT, password=SECRETS["redis"])
    r.flushall()
    start_partner(night, "payments", PAYMENTS_PORT)
    start_partner(night, "bar", BAR_PORT)
    vols = volumes(night)
    env = {
        "PATH": os.environ["PATH"], "HOME": str(night.root), "LANG": "C.UTF-8",
        "PYTHONPATH": str(code), "PYTHONDONTWRITEBYTECODE": "1", "TZ": "UTC",
        "DOCKETLINE_PG_HOST": "127.0.0.1", "DOCKETLINE_PG_PORT": str(PG_PORT),
        "DOCKETLINE_PG_DATABASE": dbname, "DOCKETLINE_APP_USER": "docket_app",
        "DOCKETLINE_APP_PASSWORD": SECRETS["app"], "DOCKETLINE_REPORTS_USER": "docket_reports",
        "DOCKETLINE_REPORTS_PASSWORD": SECRETS["reports"],
        "DOCKETLINE_REDIS_URL": f"redis://:{SECRETS['redis']}@127.0.0.1:{REDIS_PORT}/0",
        "DOCKETLINE_PAYMENTS_URL": f"http://127.0.0.1:{PAYMENTS_PORT}",
        "DOCKETLINE_PAYMENTS_TOKEN": SECRETS["payments"],
        "DOCKETLINE_BAR_REGISTRY_URL": f"http://127.0.0.1:{BAR_PORT}",
        "DOCKETLINE_BAR_REGISTRY_TOKEN": SECRETS["bar"],
        "DOCKETLINE_HTTP_TIMEOUT": "1.0",
        "DOCKETLINE_SPOOL_DIR": str(vols["spool"]), "DOCKETLINE_OUTBOX_DIR": str(vols["outbox"]),
        "DOCKETLINE_ARCHIVE_DIR": str(vols["archive"]),
        "DOCKETLINE_PORTAL_DROP": str(vols["portal"]),
    }
    for cause in causes:
        env.update({k: v.format(reports_down=REPORTS_DOWN_PORT) for k, v in cause.env.items()})
        if cause.redis_rotated:
            r.config_set("requirepass", "rotated-" + SECRETS["redis"])
            r = redis.Redis(port=REDIS_PORT, password="rotated-" + SECRETS["redis"])
    try:
        with held_locks(pg, dbname, night):
            run_attempts(night, "docketline", py, code, env)
    finally:
        r.config_set("requirepass", SECRETS["redis"])
        for proc in night.procs:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=10)
        night.procs.clear()
        for path in night.mounts:
            run(["umount", str(path)])
        night.mounts.clear()


def run_tenacity(night: Night, py: Path, pristine: Path) -> None:
    causes = night.of("tenacity")
    site = Path(run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]
                    ).stdout.strip())
    shutil.rmtree(site / "tenacity")
    shutil.copytree(pristine, site / "tenacity")
    code = night.root / "tenacity"
    shutil.copytree(tenacity_sources(), code, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.rmtree(code / "tenacity")  # the suite runs against the installed package
    shutil.copy(HERE / "codebases" / "tenacity" / "pytest.ini", code / "pytest.ini")
    for cause in causes:
        apply_patches(code, cause, site)
    apply_pip(py, causes, TENACITY_WHEELS)
    env = {"PATH": os.environ["PATH"], "HOME": str(night.root), "LANG": "C.UTF-8",
           "PYTHONDONTWRITEBYTECODE": "1", "TZ": "UTC"}
    for cause in causes:
        env.update(cause.env)
    try:
        run_attempts(night, "tenacity", py, code, env)
    finally:
        shutil.rmtree(site / "tenacity")
        shutil.copytree(pristine, site / "tenacity")


# ---------------------------------------------------------------- planning and labels


def overlapping(a: Cause, b: Cause, test_ids: dict[str, list[tuple[str, str]]]) -> bool:
    """Whether two causes could break one same test of a clean run."""
    return a.job == b.job and any(
        claims(a, *key) and claims(b, *key) for key in test_ids.get(a.job, [])
    )


def plan_nights(
    test_ids: dict[str, list[tuple[str, str]]], seed: int = SEED, nights: int = NIGHTS
) -> list[list[str]]:
    """Seeded subsets of causes per night; causes that share tests never share a night."""
    rng = random.Random(seed)
    counts = {c.name: 0 for c in CAUSES}
    degree = {c.name: sum(overlapping(c, o, test_ids) for o in CAUSES) for c in CAUSES}
    plan: list[list[str]] = []
    for _ in range(nights):
        order = sorted(CAUSES, key=lambda c: c.name)
        rng.shuffle(order)
        order.sort(key=lambda c: (counts[c.name], -degree[c.name]))
        chosen: list[Cause] = []
        for cause in order:
            if counts[cause.name] >= cause.max_nights:
                continue
            if rng.random() < 0.3 and counts[cause.name] > 0:
                continue
            if any(overlapping(cause, o, test_ids) for o in chosen):
                continue
            chosen.append(cause)
            counts[cause.name] += 1
        plan.append(sorted(c.name for c in chosen))
    return plan


def teams() -> dict[str, str]:
    mapping: dict[str, str] = {}
    for line in ROUTING.read_text().splitlines():
        m = re.fullmatch(r"  (\w+): ([\w-]+)", line)
        if m:
            mapping[m.group(1)] = m.group(2)
    return mapping


def failed_cases(path: Path) -> list[tuple[str, str]]:
    """(classname, name) of every failed or errored test case of a JUnit file."""
    out = []
    for tc in ET.parse(path).getroot().iter("testcase"):
        if tc.find("failure") is not None or tc.find("error") is not None:
            out.append((tc.get("classname", ""), tc.get("name", "")))
    return out


def passed_cases(path: Path) -> set[tuple[str, str]]:
    out = set()
    for tc in ET.parse(path).getroot().iter("testcase"):
        if not any(tc.find(t) is not None for t in ("failure", "error", "skipped")):
            out.add((tc.get("classname", ""), tc.get("name", "")))
    return out


def claims(cause: Cause, classname: str, name: str) -> bool:
    key = f"{classname}::{name}" if classname else name  # a module that failed to collect
    return any(re.search(p, key) for p in cause.targets)


def label_runs(plan: list[list[str]]) -> list[dict[str, str]]:
    """One label per failed test case: the active cause that claims it."""
    team_of = teams()
    rows: list[dict[str, str]] = []
    problems: list[str] = []
    hit: dict[tuple[int, str], int] = {}
    for n, names in enumerate(plan, 1):
        active = [by_name(x) for x in names]
        folder = HERE / "runs" / f"night-{n:02d}"
        for job in JOBS:
            first = folder / f"{job}-attempt1.xml"
            second = folder / f"{job}-attempt2.xml"
            rerun_passed = passed_cases(second) if second.exists() else set()
            for attempt, path in ((1, first), (2, second)):
                if not path.exists():
                    continue
                for classname, name in failed_cases(path):
                    owners = [c for c in active if c.job == job and claims(c, classname, name)]
                    if len(owners) != 1:
                        problems.append(f"night {n} {path.name} {classname}::{name}: "
                                        f"claimed by {[c.name for c in owners]}")
                        continue
                    cause = owners[0]
                    flaky = attempt == 1 and (classname, name) in rerun_passed
                    if cause.category == "flaky" and not flaky:
                        problems.append(f"night {n} {classname}::{name}: {cause.name} not flaky")
                    if flaky and cause.category != "flaky":
                        problems.append(f"night {n} {classname}::{name}: passed on rerun")
                    hit[(n, cause.name)] = hit.get((n, cause.name), 0) + 1
                    rows.append({
                        "night": str(n), "file": str(path.relative_to(HERE)),
                        "classname": classname, "name": name, "cause": cause.name,
                        "category": cause.category, "team": team_of[cause.category],
                        "flaky": "true" if flaky else "false",
                    })
        for cause in active:
            if (n, cause.name) not in hit:
                problems.append(f"night {n}: active cause {cause.name} broke nothing")
    if problems:
        raise SystemExit("labelling failed:\n" + "\n".join(problems))
    return rows


def split(seed: int = 10) -> dict[str, list[str]]:
    """Development and held-out halves by root cause, alternating within each category."""
    rng = random.Random(seed)
    halves: dict[str, list[str]] = {"development": [], "heldout": []}
    for category in sorted(CATEGORIES):
        names = sorted(c.name for c in CAUSES if c.category == category)
        rng.shuffle(names)
        for i, name in enumerate(names):
            halves["development" if i % 2 == 0 else "heldout"].append(name)
    return {k: sorted(v) for k, v in halves.items()}


def write_split() -> None:
    (HERE / "split.json").write_text(json.dumps(split(), indent=2) + "\n")


def write_labels(rows: list[dict[str, str]]) -> None:
    with (HERE / "labels.csv").open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["night", "file", "classname", "name", "cause",
                                                "category", "team", "flaky"])
        writer.writeheader()
        writer.writerows(rows)



def report_probe(night: Night) -> None:
    """Print which failures of a one-cause night its targets claim and which they miss."""
    cause = night.causes[0]
    for attempt in (1, 2):
        path = night.out / f"{cause.job}-attempt{attempt}.xml"
        if not path.exists():
            continue
        failed = failed_cases(path)
        missed = [f"{c}::{n}" for c, n in failed if not claims(cause, c, n)]
        log(f"probe {cause.name} attempt {attempt}: {len(failed)} failed, missed {missed}")
    if not (night.out / f"{cause.job}-attempt1.xml").exists() or not failed_cases(
        night.out / f"{cause.job}-attempt1.xml"
    ):
        log(f"probe {cause.name}: NOTHING FAILED")


def generate(nights: int, probe: list[str] | None = None) -> list[list[str]]:
    """Run a clean night, plan the broken ones from its tests, and run them; return the plan."""
    started = time.time()
    WORK.mkdir(parents=True, exist_ok=True)
    os.chmod(WORK, 0o755)
    service_py = venv(WORK / "venv-docketline", SERVICE_WHEELS)
    tenacity_py = venv(WORK / "venv-tenacity", TENACITY_WHEELS)
    tenacity_sources()
    run([str(tenacity_py), "-m", "pip", "install", "-q", "--no-deps",
         str(WORK / "sdist" / f"tenacity-{TENACITY_VERSION}.tar.gz")])
    site = Path(run([str(tenacity_py), "-c",
                     "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    pristine = WORK / "tenacity-installed"
    shutil.rmtree(pristine, ignore_errors=True)
    shutil.copytree(site / "tenacity", pristine, ignore=shutil.ignore_patterns("__pycache__"))
    if probe is None:
        shutil.rmtree(HERE / "runs", ignore_errors=True)
    shutil.rmtree(WORK / "baseline", ignore_errors=True)
    pg = Postgres(WORK)
    pg.start()
    redis_dir = WORK / "redis"
    redis_dir.mkdir(exist_ok=True)
    redis_proc = subprocess.Popen(
        ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1",
         "--requirepass", SECRETS["redis"], "--save", "", "--appendonly", "no",
         "--dir", str(redis_dir)], stdout=subprocess.DEVNULL)
    wait_port(REDIS_PORT)
    try:
        clean = Night(0, [])
        shutil.rmtree(clean.root, ignore_errors=True)
        clean.root.mkdir(parents=True)
        run_docketline(clean, pg, service_py)
        run_tenacity(clean, tenacity_py, pristine)
        test_ids = {job: sorted(passed_cases(clean.out / f"{job}-attempt1.xml")) for job in JOBS}
        plan = plan_nights(test_ids, nights=nights)
        if probe is not None:
            for n, name in enumerate(probe, 100):
                night = Night(n, [by_name(name)])
                shutil.rmtree(night.root, ignore_errors=True)
                shutil.rmtree(night.out, ignore_errors=True)
                night.root.mkdir(parents=True)
                if night.causes[0].job == "docketline":
                    run_docketline(night, pg, service_py)
                else:
                    run_tenacity(night, tenacity_py, pristine)
                report_probe(night)
            return []
        for n, names in enumerate(plan, 1):
            night = Night(n, [by_name(x) for x in names])
            shutil.rmtree(night.root, ignore_errors=True)
            night.root.mkdir(parents=True)
            run_docketline(night, pg, service_py)
            run_tenacity(night, tenacity_py, pristine)
    finally:
        redis_proc.terminate()
        redis_proc.wait(timeout=10)
        pg.stop()
    log(f"suites ran in {time.time() - started:.0f}s")
    return plan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", action="store_true", help="only write split.json")
    parser.add_argument("--nights", type=int, default=NIGHTS)
    parser.add_argument("--label-only", action="store_true", help="relabel existing runs")
    parser.add_argument("--probe", nargs="*", help="run each named cause alone (all if none)")
    args = parser.parse_args()
    if args.split:
        write_split()
        return
    if args.probe is not None:
        generate(0, args.probe or [c.name for c in CAUSES])
        return
    if args.label_only:
        plan = json.loads((HERE / "plan.json").read_text())["nights"]
    else:
        plan = generate(args.nights)
    (HERE / "plan.json").write_text(json.dumps({"seed": SEED, "nights": plan}, indent=1) + "\n")
    write_labels(label_runs(plan))
    write_split()


if __name__ == "__main__":
    main()
