"""Regenerates the corpus: environments, nightly breakages, pytest runs, labels, plan, split.

Usage: ``python make_corpus.py`` (all nights), ``--probe CAUSE`` (one night with one cause,
prints the tests that failed), ``--baseline`` (every job without causes), ``--split``.
Needs root (tmpfs volumes), PostgreSQL 15 under /usr/lib/postgresql/15/bin and redis-server.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tarfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from causes import CATEGORY_TEAMS, CAUSES, Cause  # noqa: E402

CORPUS = Path(__file__).resolve().parent
WORK = Path(os.environ.get("CORPUS16_WORK", "/tmp/c16"))
SEED = 20260616
NIGHTS = 6
PG_BIN = Path("/usr/lib/postgresql/15/bin")
PG_PORT = 55716
REDIS_PORT = 56716
REDIS_PASSWORD = "tide-tables-16"
CLOSED_PORT = 57799
STUBS = {"berths": 57716, "weather": 57717, "operators": 57718, "planner": 57719}
OPERATORS = ("northlink", "calmac", "pentland", "orkney", "western")
ROLE_PASSWORDS = {"ferry_app": "app-pw-16", "ferry_report": "report-pw-16",
                  "ferry_publisher": "publisher-pw-16", "ferry_pricing": "pricing-pw-16"}
TIMEOUT = 5

TOOLS = ["pytest==8.4.2", "pytest-timeout==2.4.0"]
LIBRARIES = {"toolz": "1.0.0", "boltons": "24.1.0"}
JOBS: dict[str, dict[str, Any]] = {
    "toolz": {"venv": "venv-toolz", "packages": [*TOOLS, "pytest-xdist==3.6.1"],
              "tests": "toolz/tests", "args": ["-n", "2"]},
    "boltons": {"venv": "venv-boltons", "packages": [*TOOLS, "pytest-xdist==3.6.1"],
                "tests": "tests", "args": ["-n", "2"]},
    "ferrytimes": {"venv": "venv-ferrytimes",
                   "packages": [*TOOLS, "psycopg[binary]==3.3.9", "redis==8.2.0",
                                "toolz==1.0.0", "boltons==24.1.0"],
                   "tests": "tests", "args": []},
}


def run(cmd: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """Runs a command, failing loudly."""
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kwargs)


def setup_venvs() -> None:
    """Creates the jobs' virtualenvs and unpacks the libraries' sdists."""
    for job, spec in JOBS.items():
        venv = WORK / spec["venv"]
        if not (venv / "bin" / "python").exists():
            run([sys.executable, "-m", "venv", str(venv)])
            run([str(venv / "bin" / "pip"), "install", "-q", *spec["packages"]])
        if job in LIBRARIES and not (WORK / "src" / job).exists():
            dist = WORK / "dl"
            version = LIBRARIES[job]
            run([str(venv / "bin" / "pip"), "download", "-q", "--no-binary", ":all:",
                 "--no-deps", f"{job}=={version}", "-d", str(dist)])
            with tarfile.open(dist / f"{job}-{version}.tar.gz") as tar:
                tar.extractall(WORK / "src", filter="data")
            (WORK / "src" / f"{job}-{version}").rename(WORK / "src" / job)


def versions() -> dict[str, str]:
    """Installed package versions per job's venv."""
    found = {}
    for job, spec in JOBS.items():
        out = run([str(WORK / spec["venv"] / "bin" / "pip"), "freeze"]).stdout
        found[job] = " ".join(sorted(out.split()))
    return found


class Environment:
    """The service's PostgreSQL cluster, Redis and partner stubs, started once per build."""

    def __init__(self) -> None:
        self.procs: list[subprocess.Popen[bytes]] = []
        self.pgdata = WORK / "pgdata"
        self.faults = WORK / "faults"

    def psql(self, sql: str, db: str = "postgres") -> str:
        """Runs SQL as the cluster's superuser over the local socket."""
        return run([str(PG_BIN / "psql"), "-h", str(WORK / "pgsock"),
                    "-p", str(PG_PORT), "-U", "postgres", "-d", db, "-v", "ON_ERROR_STOP=1",
                    "-qAt", "-c", sql]).stdout

    def start(self) -> None:
        (WORK / "pgsock").mkdir(parents=True, exist_ok=True)
        if not self.pgdata.exists():
            self.pgdata.mkdir(mode=0o700)
            shutil.chown(self.pgdata, "postgres")
            (WORK / "pg.log").touch()
            shutil.chown(WORK / "pg.log", "postgres")
            run([str(PG_BIN / "initdb"), "-D", str(self.pgdata), "-U", "postgres",
                 "--auth-local=trust", "--auth-host=scram-sha-256"], user="postgres")
        shutil.chown(WORK / "pgsock", "postgres")
        self.start_postgres()
        for role, password in ROLE_PASSWORDS.items():
            exists = self.psql(f"SELECT 1 FROM pg_roles WHERE rolname = '{role}'")
            verb = "ALTER" if exists.strip() else "CREATE"
            self.psql(f"{verb} ROLE {role} LOGIN PASSWORD '{password}'")
        redis_dir = WORK / "redis"
        redis_dir.mkdir(exist_ok=True)
        self.procs.append(subprocess.Popen(
            ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--requirepass",
             REDIS_PASSWORD, "--save", "", "--appendonly", "no", "--dir", str(redis_dir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        self.faults.mkdir(exist_ok=True)
        for kind, port in STUBS.items():
            (self.faults / f"{kind}.json").write_text('{"rules": []}')
            self.procs.append(subprocess.Popen(
                [sys.executable, str(CORPUS / "environment" / "partner_stub.py"), "--kind", kind,
                 "--port", str(port), "--faults", str(self.faults / f"{kind}.json")],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        time.sleep(1.5)

    def start_postgres(self) -> None:
        """Runs the cluster's postmaster as a child of this process."""
        with (WORK / "pg.log").open("ab") as log:
            self.postgres = subprocess.Popen(
                [str(PG_BIN / "postgres"), "-D", str(self.pgdata), "-p", str(PG_PORT),
                 "-k", str(WORK / "pgsock"), "-c", "listen_addresses=127.0.0.1"],
                user="postgres", stdout=log, stderr=log)
        for _ in range(100):
            ready = subprocess.run([str(PG_BIN / "pg_isready"), "-h", str(WORK / "pgsock"),
                                    "-p", str(PG_PORT)], capture_output=True, check=False)
            if ready.returncode == 0:
                return
            time.sleep(0.2)
        raise SystemExit("PostgreSQL did not start")

    def ensure_postgres(self) -> None:
        """Restarts the cluster if it is no longer running."""
        if self.postgres.poll() is not None:
            self.start_postgres()

    def stop(self) -> None:
        for proc in self.procs:
            proc.terminate()
            proc.wait(timeout=10)
        self.procs.clear()
        postgres = getattr(self, "postgres", None)
        if postgres is not None and postgres.poll() is None:
            postgres.send_signal(signal.SIGINT)
            postgres.wait(timeout=30)

    def reset_database(self) -> None:
        """A fresh database and the roles' usual passwords and limits."""
        self.ensure_postgres()
        self.psql("DROP DATABASE IF EXISTS ferrytimes WITH (FORCE)")
        self.psql("CREATE DATABASE ferrytimes OWNER ferry_app")
        for role, password in ROLE_PASSWORDS.items():
            self.psql(f"ALTER ROLE {role} PASSWORD '{password}' CONNECTION LIMIT -1")

    def set_rules(self, causes: list[Cause]) -> None:
        for kind in STUBS:
            rules = [dict(r) for c in causes for r in c.rules if r["kind"] == kind]
            (self.faults / f"{kind}.json").write_text(json.dumps({"rules": rules}))

    def context(self) -> dict[str, Any]:
        """Values the causes' settings may refer to."""
        return {"redis_port": REDIS_PORT, "redis_password": REDIS_PASSWORD,
                "pg_port": PG_PORT, "closed_port": CLOSED_PORT,
                **{f"{k}_port": p for k, p in STUBS.items()}}


def service_env(night_dir: Path) -> dict[str, str]:
    """The service's usual environment."""
    stub = "http://127.0.0.1:{}"
    env = {
        "FERRY_PG_HOST": "127.0.0.1", "FERRY_PG_PORT": str(PG_PORT),
        "FERRY_PG_DATABASE": "ferrytimes",
        "FERRY_REDIS_URL": f"redis://:{REDIS_PASSWORD}@127.0.0.1:{REDIS_PORT}/0",
        "FERRY_ARCHIVE": str(night_dir / "shared" / "archive.sqlite3"),
        "FERRY_FEED_DIR": str(night_dir / "feeds"),
        "FERRY_BERTHS_URL": stub.format(STUBS["berths"]),
        "FERRY_WEATHER_URL": stub.format(STUBS["weather"]),
        "FERRY_PLANNER_URL": stub.format(STUBS["planner"]),
        "FERRY_OPERATOR_URLS": ",".join(f"{op}={stub.format(STUBS['operators'])}"
                                        for op in OPERATORS),
        "FERRY_PARTNER_TOKEN": "partner-token-2026", "FERRY_PARTNER_TIMEOUT": "1.0",
    }
    for role, password in ROLE_PASSWORDS.items():
        env[f"FERRY_{role.removeprefix('ferry_').upper()}_PASSWORD"] = password
    return env


@contextmanager
def volume(path: Path, kind: str) -> Iterator[Path]:
    """A small tmpfs at ``path``: ``full`` (no space left) or ``ro`` (read-only)."""
    path.mkdir(parents=True, exist_ok=True)
    run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(path)])
    try:
        if kind == "full":
            with suppress(OSError), (path / "ballast").open("wb", buffering=0) as f:
                while True:
                    f.write(b"\0" * 4096)
        else:
            run(["mount", "-o", "remount,ro", str(path)])
        yield path
    finally:
        subprocess.run(["umount", str(path)], check=False, capture_output=True)


def apply_files(cause: Cause, copy: Path) -> None:
    """Applies a cause's edits to the job's working copy."""
    for patch in cause.patches:
        target = copy / patch.path
        if patch.old is None:
            if patch.new is None:
                target.unlink()
            else:
                target.write_text(patch.new)
            continue
        text = target.read_text()
        if patch.old not in text:
            raise SystemExit(f"{cause.name}: {patch.path} lacks the text to replace")
        target.write_text(text.replace(patch.old, patch.new or "", 1))


def run_job(job: str, night: int, causes: list[Cause], env_: Environment | None,
            out_dir: Path) -> list[Path]:
    """Runs one job's suite (and its rerun of failures) with the given causes applied."""
    spec = JOBS[job]
    night_dir = WORK / "nights" / f"{night:02d}"
    copy = night_dir / job
    if copy.exists():
        shutil.rmtree(copy)
    source = CORPUS / "codebases" / job if job == "ferrytimes" else WORK / "src" / job
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"))
    context: dict[str, Any] = env_.context() if env_ else {}
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["PYTHONHASHSEED"] = "0"
    env["CI_LIMITS"] = "[]"
    if job == "ferrytimes":
        (night_dir / "shared").mkdir(parents=True, exist_ok=True)
        (night_dir / "feeds").mkdir(parents=True, exist_ok=True)
        env.update(service_env(night_dir))
    holders: list[subprocess.Popen[bytes]] = []
    mounts: list[Any] = []
    limits: list[dict[str, Any]] = []
    try:
        for cause in causes:
            apply_files(cause, copy)
            if cause.volume:
                mount = volume(WORK / "mnt" / cause.name, cause.volume)
                context[f"volume_{cause.name}"] = str(mount.__enter__())
                mounts.append(mount)
        for cause in causes:
            env.update({k: v.format(**context) for k, v in cause.env.items()})
            for entry in cause.limits:
                limits.append({**entry, "value": str(entry["value"]).format(**context)
                               if isinstance(entry["value"], str) else entry["value"]})
        env["CI_LIMITS"] = json.dumps(limits)
        if job == "ferrytimes" and env_ is not None:
            env_.reset_database()
            deploy = ("from ferrytimes.db import connect, migrate; "
                      "from ferrytimes.settings import Settings; "
                      "c = connect(Settings.from_env()); migrate(c); c.close()")
            deploy_env = {**env, **service_env(night_dir)}
            run([str(WORK / spec["venv"] / "bin" / "python"), "-c", deploy], cwd=copy,
                env=deploy_env)
            for cause in causes:
                for sql in cause.sql:
                    env_.psql(sql, db="ferrytimes")
            env_.set_rules(causes)
            for cause in causes:
                if cause.hold:
                    holders.append(subprocess.Popen(
                        [sys.executable, "-c", cause.hold.format(**env)],
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
            if holders:
                time.sleep(1.0)
        out_dir.mkdir(parents=True, exist_ok=True)
        written = []
        base = [str(WORK / spec["venv"] / "bin" / "python"), "-m", "pytest",
                "-p", "ci_limits", "-o", "junit_family=xunit2", "-o", "junit_logging=all",
                "-o", f"cache_dir={copy / '.lastfailed'}", f"--timeout={TIMEOUT}", "-q",
                *spec["args"]]
        env["PYTHONPATH"] = str(CORPUS / "environment")
        for attempt in (1, 2):
            xml = out_dir / f"{job}-attempt{attempt}.xml"
            cmd = [*base, f"--junitxml={xml}", spec["tests"]]
            if attempt == 2:
                cmd.insert(-1, "--lf")
            proc = subprocess.run(cmd, cwd=copy, env=env, capture_output=True, text=True,
                                  timeout=300, check=False)
            if not xml.exists():
                raise SystemExit(f"{job} night {night} attempt {attempt} wrote no XML:\n"
                                 f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
            _strip_passing_output(xml)
            written.append(xml)
            if proc.returncode == 0:
                break
        return written
    finally:
        for holder in holders:
            holder.terminate()
            holder.wait(timeout=10)
        if env_ is not None:
            env_.set_rules([])
        for mount in reversed(mounts):
            mount.__exit__(None, None, None)


def _strip_passing_output(xml: Path) -> None:
    """Drops captured output of passing tests, keeping failures' output."""
    tree = ET.parse(xml)
    for case in tree.iter("testcase"):
        if not any(child.tag in ("failure", "error") for child in case):
            for child in list(case):
                if child.tag in ("system-out", "system-err"):
                    case.remove(child)
    tree.write(xml, encoding="utf-8", xml_declaration=True)


def failed_cases(xml: Path) -> dict[str, bool]:
    """``classname::name`` of every test case in a JUnit file, mapped to whether it failed (a
    teardown error makes a second entry of the same test)."""
    tree = ET.parse(xml)
    result: dict[str, bool] = {}
    for case in tree.iter("testcase"):
        key = f"{case.get('classname', '')}::{case.get('name', '')}"
        failed = any(child.tag in ("failure", "error") for child in case)
        result[key] = result.get(key, False) or failed
    return result


def plan(seed: int = SEED) -> list[list[str]]:
    """Causes per night: every cause on night 1 and on two to four later nights."""
    rng = random.Random(seed)
    nights: list[list[str]] = [[] for _ in range(NIGHTS)]
    for cause in sorted(CAUSES, key=lambda c: c.name):
        later = rng.sample(range(2, NIGHTS + 1), rng.randint(2, 4))
        for night in [1, *later]:
            nights[night - 1].append(cause.name)
    return [sorted(n) for n in nights]


def split(seed: int = 16) -> dict[str, list[str]]:
    """Development and held-out halves by root cause, alternating within each category."""
    rng = random.Random(seed)
    halves: dict[str, list[str]] = {"development": [], "heldout": []}
    for category in sorted({c.category for c in CAUSES}):
        names = sorted(c.name for c in CAUSES if c.category == category)
        rng.shuffle(names)
        for index, name in enumerate(names):
            halves["development" if index % 2 == 0 else "heldout"].append(name)
    return {k: sorted(v) for k, v in halves.items()}


def label(nights: list[list[str]]) -> list[dict[str, str]]:
    """One row per failed test case of every run, from the causes applied that night."""
    by_name = {c.name: c for c in CAUSES}
    rows = []
    for index, active in enumerate(nights, start=1):
        folder = CORPUS / "runs" / f"night-{index:02d}"
        for job in JOBS:
            first = folder / f"{job}-attempt1.xml"
            second = folder / f"{job}-attempt2.xml"
            rerun = failed_cases(second) if second.exists() else {}
            for xml in (first, second):
                if not xml.exists():
                    continue
                for key, failed in failed_cases(xml).items():
                    if not failed:
                        continue
                    owners = [by_name[n] for n in active
                              if by_name[n].job == job and key in by_name[n].tests]
                    if len(owners) != 1:
                        raise SystemExit(f"night {index} {xml.name} {key}: causes {owners}")
                    cause = owners[0]
                    flaky = xml == first and key in rerun and not rerun[key]
                    category = "flaky" if flaky else cause.category
                    classname, name = key.split("::", 1)
                    rows.append({"night": str(index), "file": str(xml.relative_to(CORPUS)),
                                 "classname": classname, "name": name, "cause": cause.name,
                                 "category": category, "team": CATEGORY_TEAMS[category],
                                 "flaky": "true" if flaky else "false"})
    return rows


def generate() -> None:
    """Runs every night and writes runs, labels, plan and split."""
    setup_venvs()
    nights = plan()
    by_name = {c.name: c for c in CAUSES}
    env_ = Environment()
    try:
        env_.start()
        if (CORPUS / "runs").exists():
            shutil.rmtree(CORPUS / "runs")
        for index, active in enumerate(nights, start=1):
            for job in JOBS:
                causes = [by_name[n] for n in active if by_name[n].job == job]
                run_job(job, index, causes, env_ if job == "ferrytimes" else None,
                        CORPUS / "runs" / f"night-{index:02d}")
            print(f"night {index} done", flush=True)
    finally:
        env_.stop()
    rows = label(nights)
    with (CORPUS / "labels.csv").open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["night", "file", "classname", "name", "cause",
                                               "category", "team", "flaky"])
        writer.writeheader()
        writer.writerows(rows)
    (CORPUS / "plan.json").write_text(json.dumps({"seed": SEED, "nights": nights}, indent=1)
                                      + "\n")
    write_split()
    (CORPUS / "versions.json").write_text(json.dumps(versions(), indent=1) + "\n")
    print(f"{len(rows)} labelled failures", flush=True)


def write_split() -> None:
    (CORPUS / "split.json").write_text(json.dumps(split(), indent=1) + "\n")


def probe(names: list[str]) -> None:
    """Runs one night with only the named causes and prints the failed tests per job."""
    setup_venvs()
    by_name = {c.name: c for c in CAUSES}
    causes = [by_name[n] for n in names]
    jobs = sorted({c.job for c in causes}) or list(JOBS)
    env_ = Environment()
    try:
        if "ferrytimes" in jobs:
            env_.start()
        for job in jobs:
            out = WORK / "probe" / job
            for xml in run_job(job, 99, [c for c in causes if c.job == job],
                               env_ if job == "ferrytimes" else None, out):
                failed = sorted(k for k, v in failed_cases(xml).items() if v)
                print(f"{xml.name}: {len(failed)} failed")
                for key in failed:
                    print(f"    {key!r},")
    finally:
        env_.stop()


def probe_all(out: Path, names: list[str]) -> None:
    """Runs every named cause alone (one night each) and writes the tests each broke."""
    setup_venvs()
    env_ = Environment()
    found: dict[str, Any] = json.loads(out.read_text()) if out.exists() else {}
    try:
        env_.start()
        for cause in CAUSES:
            if names and cause.name not in names:
                continue
            xmls = run_job(cause.job, 99, [cause], env_ if cause.job == "ferrytimes" else None,
                           WORK / "probe" / cause.name)
            found[cause.name] = [sorted(k for k, v in failed_cases(x).items() if v) for x in xmls]
            print(cause.name, [len(f) for f in found[cause.name]], flush=True)
            out.write_text(json.dumps(found, indent=1))
    finally:
        env_.stop()


def main(argv: Mapping[str, Any] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--probe", nargs="*")
    parser.add_argument("--baseline", action="store_true")
    parser.add_argument("--split", action="store_true")
    parser.add_argument("--probe-all", nargs="*")
    args = parser.parse_args()
    started = time.monotonic()
    if args.probe_all is not None:
        probe_all(WORK / "probe.json", args.probe_all)
    elif args.split:
        write_split()
    elif args.baseline:
        probe([])
    elif args.probe:
        probe(args.probe)
    else:
        generate()
    print(f"took {time.monotonic() - started:.0f}s")


if __name__ == "__main__":
    main()
