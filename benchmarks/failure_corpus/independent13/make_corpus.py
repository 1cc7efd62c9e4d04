"""Regenerate the corpus: start the services, apply each night's causes to each job, run the
suites (attempt 1, then a rerun of the failures), and write runs, labels, plan and split.

Run with any Python 3.11: it builds its own virtualenv under /tmp and re-executes there.
``--split`` only rewrites split.json from the catalogue.
"""

from __future__ import annotations

import argparse
import csv
import errno
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from causes import CATEGORIES, CAUSES, Cause  # noqa: E402

ROOT = Path(os.environ.get("C13_ROOT", "/tmp/c13"))
VENV = Path(os.environ.get("C13_VENV", "/tmp/c13venv"))
PGBIN = Path("/usr/lib/postgresql/15/bin")
PORTS = {"pg": 55713, "redis": 56713, "partner": 57713, "smtp": 57714, "closed": 57719}
SEED = 1313
NIGHTS = 3
JOBS = ("tickets", "etl", "notify", "crawler", "inventory", "runner")
PINS = (
    "pytest==9.2.0", "pytest-timeout==2.4.0", "requests==2.34.2", "urllib3==2.8.0", "httpx==0.29.0",
    "aiohttp==3.14.5", "sqlalchemy==2.1.9", "psycopg[binary]==3.3.9",
    "redis==8.2.0", "jsonschema==4.26.0", "pydantic==2.14.4", "pyyaml==6.0.4", "tenacity==9.2.1",
)
PG_SUPER_PASSWORD = "c13-super"


def ensure_venv() -> None:
    """Create the corpus virtualenv if needed and re-execute this script inside it."""
    python = VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *PINS], check=True)
    if Path(sys.prefix).resolve() != VENV.resolve():
        os.execv(str(python), [str(python), __file__, *sys.argv[1:]])


def node_key(node: str) -> tuple[str, str]:
    """(classname, name) that pytest's JUnit writer gives a node id."""
    if "::" not in node:
        return "", node.removesuffix(".py").replace("/", ".")
    path, *rest = node.split("::")
    module = path.removesuffix(".py").replace("/", ".")
    return ".".join([module, *rest[:-1]]), rest[-1]


def validate_catalogue() -> None:
    """Names unique, categories known, no test broken by two causes."""
    seen: dict[tuple[str, str], str] = {}
    names = [c.name for c in CAUSES]
    assert len(names) == len(set(names)), "duplicate cause names"
    files: dict[tuple[str, str], str] = {}
    for cause in CAUSES:
        assert cause.category in CATEGORIES, cause.name
        assert cause.job in JOBS, cause.name
        assert 1 <= len(cause.tests) <= 5, cause.name
        assert cause.flaky == (cause.category == "flaky"), cause.name
        for test in cause.tests:
            key = (cause.job, test)
            assert key not in seen, f"{test} broken by {seen[key]} and {cause.name}"
            seen[key] = cause.name
            files.setdefault((cause.job, test.split("::")[0]), cause.name)
    for cause in CAUSES:
        for test in cause.tests:
            if "::" not in test:
                owners = {n for (job, t), n in seen.items() if job == cause.job and t.startswith(test)}
                assert owners == {cause.name}, f"{test} shared by {owners}"


def make_plan(seed: int) -> list[list[str]]:
    """Night 1 has every cause; each comes back on night 2, night 3 or both."""
    rng = random.Random(seed)
    nights: list[list[str]] = [[] for _ in range(NIGHTS)]
    for cause in sorted(CAUSES, key=lambda c: c.name):
        nights[0].append(cause.name)
        for night in rng.choice([[2], [3], [2, 3]]):
            nights[night - 1].append(cause.name)
    return [sorted(n) for n in nights]


def make_split() -> dict[str, list[str]]:
    """Alternate each category's shuffled causes between the halves, development first."""
    rng = random.Random(10)
    split: dict[str, list[str]] = {"development": [], "heldout": []}
    for category in sorted(CATEGORIES):
        names = sorted(c.name for c in CAUSES if c.category == category)
        rng.shuffle(names)
        for i, name in enumerate(names):
            split["development" if i % 2 == 0 else "heldout"].append(name)
    return {k: sorted(v) for k, v in split.items()}


def run(cmd: list[str], **kw: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kw)


class Services:
    """PostgreSQL, Redis, the partner HTTP stub and the SMTP stub, all on the corpus's own ports."""

    def __init__(self) -> None:
        self.procs: list[subprocess.Popen[bytes]] = []
        self.pgdata = ROOT / "pg"
        self.pgsock = ROOT / "pgsock"

    def _pg(self, *args: str) -> None:
        run(["runuser", "-u", "postgres", "--", *args])

    def start(self) -> None:
        if ROOT.exists():
            self.stop_pg()
            subprocess.run(["umount", "-R", "-q", *map(str, ROOT.glob("mnt/*"))], capture_output=True)
            shutil.rmtree(ROOT)
        (ROOT / "rules").mkdir(parents=True)
        os.chmod(ROOT, 0o755)
        for folder in (self.pgsock, self.pgdata):
            folder.mkdir(mode=0o700)
            shutil.chown(folder, "postgres", "postgres")
        pwfile = ROOT / "pgpw"
        pwfile.write_text(PG_SUPER_PASSWORD + "\n")
        os.chmod(pwfile, 0o644)
        self._pg(str(PGBIN / "initdb"), "-D", str(self.pgdata), "-U", "postgres", "--pwfile", str(pwfile),
                 "--auth-local=trust", "--auth-host=scram-sha-256")
        opts = (f"-p {PORTS['pg']} -k {self.pgsock} -c listen_addresses=127.0.0.1 -c fsync=off "
                "-c max_connections=40")
        self._pg(str(PGBIN / "pg_ctl"), "-D", str(self.pgdata), "-o", opts, "-l", str(self.pgsock / "server.log"),
                 "-w", "start")
        py = str(VENV / "bin" / "python")
        env_dir = HERE / "environment"
        self.procs.append(subprocess.Popen(
            ["redis-server", "--port", str(PORTS["redis"]), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"], stdout=subprocess.DEVNULL))
        self.procs.append(subprocess.Popen(
            [py, str(env_dir / "partner_stub.py"), "--port", str(PORTS["partner"]), "--rules",
             str(ROOT / "rules")]))
        self.procs.append(subprocess.Popen(
            [py, str(env_dir / "smtp_stub.py"), "--port", str(PORTS["smtp"]), "--rules",
             str(ROOT / "smtp.json"), "--spool", str(ROOT / "spool")]))
        time.sleep(1.0)

    def stop_pg(self) -> None:
        if (self.pgdata / "postmaster.pid").exists():
            subprocess.run(["runuser", "-u", "postgres", "--", str(PGBIN / "pg_ctl"), "-D",
                            str(self.pgdata), "-m", "fast", "-w", "stop"], capture_output=True)

    def stop(self) -> None:
        for proc in self.procs:
            proc.terminate()
            proc.wait(timeout=10)
        self.stop_pg()


def fill(value: str, ctx: dict[str, str]) -> str:
    for key, val in ctx.items():
        value = value.replace("{" + key + "}", val)
    return value


def fill_obj(obj: Any, ctx: dict[str, str]) -> Any:
    if isinstance(obj, str):
        return fill(obj, ctx)
    if isinstance(obj, dict):
        return {k: fill_obj(v, ctx) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [fill_obj(v, ctx) for v in obj]
    return obj


PARTNER_SEGMENT = {"tickets": "desk", "etl": "feed", "notify": "hooks", "crawler": "site",
                   "inventory": "pricing", "runner": "artifacts"}


class JobRun:
    """One job on one night: a fresh working copy with the night's causes applied."""

    def __init__(self, night: int, job: str, causes: list[Cause]) -> None:
        self.night, self.job, self.causes = night, job, causes
        self.base = ROOT / "work" / f"n{night}" / job
        self.work = self.base / "src"
        self.state = self.base / "state"
        self.mnt = ROOT / "mnt" / f"n{night}-{job}"
        self.cleanups: list[Callable[[], None]] = []
        self.ctx = {
            "partner": f"http://127.0.0.1:{PORTS['partner']}", "closed": f"http://127.0.0.1:{PORTS['closed']}",
            "state": str(self.state), "work": str(self.work), "mnt": str(self.mnt),
            "pg_port": str(PORTS["pg"]), "redis_port": str(PORTS["redis"]),
            "smtp_port": str(PORTS["smtp"]), "closed_port": str(PORTS["closed"]),
        }

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TZ", "TMPDIR")}
        env.update({
            "C13_PARTNER": self.ctx["partner"], "C13_STATE": str(self.state), "C13_PG_PORT": self.ctx["pg_port"],
            "C13_REDIS_PORT": self.ctx["redis_port"], "C13_SMTP_PORT": self.ctx["smtp_port"],
            "C13_MNT": str(self.mnt), "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0",
        })
        for cause in self.causes:
            env.update({k: fill(v, self.ctx) for k, v in cause.env.items()})
        return env

    def prepare(self) -> None:
        if self.base.exists():
            shutil.rmtree(self.base)
        shutil.copytree(HERE / "codebases" / self.job, self.work,
                        ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"))
        self.state.mkdir(parents=True)
        self.mnt.mkdir(parents=True, exist_ok=True)
        rules: list[dict[str, Any]] = []
        revoked: list[str] = []
        smtp: dict[str, Any] = {"users": {"notifier": "s3cret-mail", "alerts": "al3rt-mail"}}
        for cause in self.causes:
            for rel, old, new in cause.patches:
                path = self.work / rel
                text = path.read_text(encoding="utf-8")
                if old not in text:
                    raise SystemExit(f"{cause.name}: patch text not found in {rel}")
                path.write_text(text.replace(old, new, 1), encoding="utf-8")
            for rel in cause.delete:
                (self.work / rel).unlink()
        deploy = DEPLOY.get(self.job)
        if deploy:
            deploy(self)
        for cause in self.causes:
            rules.extend(fill_obj(list(cause.rules), self.ctx))
            revoked.extend(cause.revoke)
            smtp.update(cause.smtp)
            if cause.sql:
                pg_exec(self.job, [fill(s, self.ctx) for s in cause.sql])
            for command in cause.redis:
                redis_cmd(*[fill(a, self.ctx) for a in command])
            if cause.hook:
                name, _, arg = cause.hook.partition(":")
                cleanup = HOOKS[name](self, fill(arg, self.ctx))
                if cleanup:
                    self.cleanups.append(cleanup)
        segment = PARTNER_SEGMENT[self.job]
        (ROOT / "rules" / f"{segment}.json").write_text(json.dumps({"rules": rules, "revoked": revoked}))
        if self.job == "notify":
            (ROOT / "smtp.json").write_text(json.dumps(smtp))

    def pytest(self, attempt: int, out: Path) -> int:
        cmd = [str(VENV / "bin" / "python"), "-m", "pytest", "-q", "--continue-on-collection-errors",
               "-o", "junit_family=xunit2", "-o", "junit_logging=all", f"--junitxml={out}"]
        if attempt == 2:
            cmd.append("--lf")
        proc = subprocess.run(cmd, cwd=self.work, env=self.env(), capture_output=True, text=True,
                              timeout=900)
        (self.base / f"attempt{attempt}.log").write_text(proc.stdout + proc.stderr)
        return proc.returncode

    def finish(self) -> None:
        for cleanup in reversed(self.cleanups):
            cleanup()


# ---- deploy steps: what a job's CI does before its tests (databases, users) ----

def pg_connect(dbname: str = "postgres") -> Any:
    import psycopg
    return psycopg.connect(host=str(ROOT / "pgsock"), port=PORTS["pg"], user="postgres", dbname=dbname,
                           autocommit=True)


def pg_exec(job: str, statements: list[str]) -> None:
    dbname = {"inventory": "inv"}.get(job, "postgres")
    with pg_connect(dbname) as conn:
        for statement in statements:
            conn.execute(statement)


def redis_cmd(*args: str) -> Any:
    import redis
    return redis.Redis(port=PORTS["redis"]).execute_command(*args)


DEPLOY: dict[str, Callable[[JobRun], None]] = {}


def deploy_notify(job: JobRun) -> None:
    """Redis users of the notifier, a clean keyspace."""
    redis_cmd("FLUSHALL")
    redis_cmd("ACL", "SETUSER", "dedup", "reset", "on", ">dd-pass", "~dd:*", "+@all")
    redis_cmd("ACL", "SETUSER", "ratelimit", "reset", "on", ">rl-pass", "~rl:*", "+@all")


DEPLOY["notify"] = deploy_notify
INVENTORY_ROLES = {"inv_app": "app-pw", "inv_report": "report-pw", "inv_audit": "audit-pw"}


def deploy_inventory(job: JobRun) -> None:
    """Fresh inventory databases and roles, then the code base's migrations as the app role."""
    import psycopg
    with pg_connect() as conn:
        for db in ("inv", "inv_archive"):
            conn.execute(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
        for role, password in INVENTORY_ROLES.items():
            conn.execute(f"DROP ROLE IF EXISTS {role}")
            conn.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'")
        conn.execute("CREATE DATABASE inv OWNER inv_app")
        conn.execute("CREATE DATABASE inv_archive OWNER inv_app")
    for dbname, folder in (("inv", job.work / "migrations"), ("inv_archive", job.work / "migrations" / "archive")):
        with psycopg.connect(host="127.0.0.1", port=PORTS["pg"], dbname=dbname, user="inv_app",
                             password=INVENTORY_ROLES["inv_app"], autocommit=True) as conn:
            for script in sorted(folder.glob("*.sql")):
                conn.execute(script.read_text(encoding="utf-8").encode())


DEPLOY["inventory"] = deploy_inventory
HOOKS: dict[str, Callable[[JobRun, str], Callable[[], None] | None]] = {}


def hook(name: str) -> Callable[[Callable[[JobRun, str], Callable[[], None] | None]],
                                Callable[[JobRun, str], Callable[[], None] | None]]:
    def register(fn: Callable[[JobRun, str], Callable[[], None] | None]) -> Callable[
            [JobRun, str], Callable[[], None] | None]:
        HOOKS[name] = fn
        return fn
    return register


def background(job: JobRun, code: str, ready: str) -> Callable[[], None]:
    """Start a helper process; wait until it prints ``ready``; return its stopper."""
    proc = subprocess.Popen([str(VENV / "bin" / "python"), "-c", code], stdout=subprocess.PIPE, text=True,
                            env={**os.environ, **job.env()}, start_new_session=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert ready in line, f"helper did not start: {line!r}"

    def stop() -> None:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    return stop


@hook("sqlite_lock")
def sqlite_lock(job: JobRun, arg: str) -> Callable[[], None]:
    """A process holding an exclusive lock on a state database."""
    path = job.state / arg
    code = ("import sqlite3, time\n"
            f"c = sqlite3.connect({str(path)!r}, isolation_level=None)\n"
            "c.execute('BEGIN EXCLUSIVE')\nprint('locked', flush=True)\ntime.sleep(3600)\n")
    return background(job, code, "locked")


@hook("pg_lock")
def pg_lock(job: JobRun, arg: str) -> Callable[[], None]:
    """A session holding an ACCESS EXCLUSIVE lock on an inventory table."""
    code = ("import psycopg, time\n"
            f"c = psycopg.connect(host={str(ROOT / 'pgsock')!r}, port={PORTS['pg']}, user='postgres', dbname='inv')\n"
            f"c.execute('LOCK TABLE {arg} IN ACCESS EXCLUSIVE MODE')\n"
            "print('locked', flush=True)\ntime.sleep(3600)\n")
    return background(job, code, "locked")


@hook("reaper")
def reaper(job: JobRun, arg: str) -> Callable[[], None]:
    """A watchdog that SIGKILLs the job's processes running module ``arg`` (like an OOM killer)."""
    code = ("import os, signal, time\n"
            "print('watching', flush=True)\n"
            "while True:\n"
            "    for pid in filter(str.isdigit, os.listdir('/proc')):\n"
            "        try:\n"
            "            cmd = open(f'/proc/{pid}/cmdline', 'rb').read().decode()\n"
            f"            if {arg!r} in cmd and os.readlink(f'/proc/{{pid}}/cwd').startswith({str(job.work)!r}):\n"
            "                os.kill(int(pid), signal.SIGKILL)\n"
            "        except OSError:\n"
            "            pass\n"
            "    time.sleep(0.1)\n")
    return background(job, code, "watching")


@hook("stale_lock")
def stale_lock(job: JobRun, arg: str) -> None:
    """A lock file left by a run that was killed (its pid no longer exists)."""
    (job.state / arg).write_text("4194000")


@hook("sqlite_script")
def sqlite_script(job: JobRun, arg: str) -> None:
    """A state database left by an earlier release."""
    import sqlite3
    name, _, script = arg.partition(":")
    conn = sqlite3.connect(job.state / name)
    conn.executescript(script)
    conn.close()


@hook("tmpfs")
def tmpfs(job: JobRun, arg: str) -> Callable[[], None]:
    """A small volume at the job's mount point: read-only, or filled to the last block."""
    name, _, mode = arg.partition(":")
    target = job.mnt / name
    target.mkdir(parents=True, exist_ok=True)
    opts = "ro,size=1m" if mode == "ro" else "size=256k"
    run(["mount", "-t", "tmpfs", "-o", opts, f"c13-{name}", str(target)])
    if mode == "full":
        (target / "exports").mkdir()
        (target / "gz").mkdir()
        try:
            with open(target / "filler.bin", "wb") as fh:
                while True:
                    fh.write(b"\0" * 4096)
                    fh.flush()
        except OSError as error:  # the volume is full: what this cause wants
            if error.errno != errno.ENOSPC:
                raise
    return lambda: run(["umount", str(target)]) and None


@hook("truncate")
def truncate(job: JobRun, arg: str) -> None:
    """A delivered file cut short."""
    rel, _, size = arg.partition(":")
    path = job.work / rel
    path.write_bytes(path.read_bytes()[: int(size)])


@hook("reencode")
def reencode(job: JobRun, arg: str) -> None:
    """A delivered text file in another encoding."""
    rel, _, encoding = arg.partition(":")
    path = job.work / rel
    path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))


def write_labels(plan: list[list[str]], rows: list[dict[str, str]], errors: list[str]) -> None:
    routing = {"schema_drift": "platform-data", "integrity_violation": "platform-data",
               "database_unavailable": "platform-data", "missing_dependency": "release-engineering",
               "product_bug": "product-dev", "wrong_behaviour": "product-dev", "data_contract": "data-engineering",
               "hang": "product-dev", "slow_upstream": "integrations", "upstream_5xx": "integrations",
               "upstream_unreachable": "integrations", "credentials_refused": "integrations",
               "test_harness": "qa", "flaky": "qa", "infrastructure": "ci-infra"}
    for row in rows:
        row["team"] = routing[row["category"]]
    with open(HERE / "labels.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, ["night", "file", "classname", "name", "cause", "category", "team", "flaky"])
        writer.writeheader()
        writer.writerows(rows)
    (HERE / "plan.json").write_text(json.dumps({"seed": SEED, "nights": plan}, indent=1) + "\n")
    if errors:
        print("\n".join(errors))


def failed_cases(path: Path) -> list[tuple[str, str]]:
    """Failed or errored test cases of a JUnit file, each once, in file order."""
    out: list[tuple[str, str]] = []
    for case in ET.parse(path).iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            key = (case.get("classname", ""), case.get("name", ""))
            if key not in out:
                out.append(key)
    return out


def run_job(night: int, job: str, active: list[Cause]) -> tuple[list[dict[str, str]], list[str]]:
    """Run one job on one night; its label rows and any inconsistency found."""
    runs = HERE / "runs" / f"night-{night:02d}"
    jr = JobRun(night, job, active)
    rows: list[dict[str, str]] = []
    errors: list[str] = []
    owner = {node_key(t): c for c in active for t in c.tests}
    try:
        jr.prepare()
        first = runs / f"{job}-attempt1.xml"
        jr.pytest(1, first)
        failed1 = failed_cases(first)
        failed2: list[tuple[str, str]] = []
        if failed1:
            second = runs / f"{job}-attempt2.xml"
            jr.pytest(2, second)
            failed2 = failed_cases(second)
    finally:
        jr.finish()
    for attempt, failed in ((1, failed1), (2, failed2)):
        for key in failed:
            cause = owner.get(key)
            if cause is None:
                errors.append(f"night {night} {job} attempt{attempt}: unlabelled failure {key}")
                continue
            flaky = cause.flaky and key not in failed2
            rows.append({"night": str(night), "file": f"runs/night-{night:02d}/{job}-attempt{attempt}.xml",
                         "classname": key[0], "name": key[1], "cause": cause.name,
                         "category": cause.category, "flaky": "true" if flaky else "false"})
    for key, cause in owner.items():
        if key not in failed1:
            errors.append(f"night {night} {job}: {cause.name} did not break {key}")
        elif cause.flaky and key in failed2:
            errors.append(f"night {night} {job}: flaky {cause.name} failed again on {key}")
        elif not cause.flaky and key not in failed2:
            errors.append(f"night {night} {job}: {cause.name} passed on rerun {key}")
    return rows, errors


def baseline(jobs: list[str]) -> None:
    """Every suite passes when no cause is applied."""
    services = Services()
    services.start()
    bad = 0
    try:
        for job in jobs:
            jr = JobRun(0, job, [])
            jr.prepare()
            out = ROOT / f"baseline-{job}.xml"
            jr.pytest(1, out)
            failed = failed_cases(out)
            bad += len(failed)
            print(job, failed or "clean", flush=True)
            jr.finish()
    finally:
        services.stop()
    sys.exit(1 if bad else 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", action="store_true", help="only rewrite split.json")
    parser.add_argument("--jobs", nargs="*", default=list(JOBS))
    parser.add_argument("--nights", type=int, nargs="*", default=list(range(1, NIGHTS + 1)))
    parser.add_argument("--parallel", type=int, default=2)
    parser.add_argument("--baseline", action="store_true",
                        help="run every job once with no cause applied (all tests must pass); writes nothing")
    args = parser.parse_args()
    validate_catalogue()
    split = make_split()
    (HERE / "split.json").write_text(json.dumps(split, indent=1) + "\n")
    if args.split:
        return
    ensure_venv()
    if args.baseline:
        baseline(args.jobs)
        return
    plan = make_plan(SEED)
    if set(args.jobs) == set(JOBS) and set(args.nights) == set(range(1, NIGHTS + 1)) and (HERE / "runs").exists():
        shutil.rmtree(HERE / "runs")
    for night in args.nights:
        (HERE / "runs" / f"night-{night:02d}").mkdir(parents=True, exist_ok=True)
    services = Services()
    services.start()
    rows: list[dict[str, str]] = []
    errors: list[str] = []
    started = time.monotonic()
    try:
        for night in args.nights:
            active = set(plan[night - 1])
            tasks = [(night, job, [c for c in CAUSES if c.job == job and c.name in active]) for job in args.jobs]
            with ThreadPoolExecutor(max_workers=args.parallel) as pool:
                for job_rows, job_errors in pool.map(lambda t: run_job(*t), tasks):
                    rows.extend(job_rows)
                    errors.extend(job_errors)
            print(f"night {night} done after {time.monotonic() - started:.0f} s", flush=True)
    finally:
        services.stop()
    order = {job: i for i, job in enumerate(JOBS)}
    rows.sort(key=lambda r: (int(r["night"]), order[r["file"].split("/")[-1].split("-attempt")[0]], r["file"]))
    write_labels(plan, rows, errors)
    print(f"{len(rows)} labelled failures, {len(errors)} inconsistencies, "
          f"{time.monotonic() - started:.0f} s")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
