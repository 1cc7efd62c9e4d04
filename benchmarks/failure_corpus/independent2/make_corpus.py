"""Regenerate the second corpus: run two code bases' tests for N nights in a broken environment.

Usage (as root, from /work/main, about 10 minutes):

    .venv/bin/python benchmarks/failure_corpus/independent2/make_corpus.py [--seed 20261203]
        [--nights 14] [--only NIGHT]

Each night picks a random, non-overlapping set of root causes from causes.py,
starts a fresh PostgreSQL cluster and the staging stub, applies the causes and
runs each job's pytest with --junitxml. The bookings job is rerun once with
--lf (attempt 2) when it failed, without the flaky causes; the peewee job has
no rerun step. Every failed test case must be declared by exactly one active
cause and every declared one must fail, otherwise the script stops and writes
no labels.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "environment"))
sys.path.insert(0, str(HERE))

import breakages  # noqa: E402
from postgres import Cluster, free_port  # noqa: E402

from causes import ALL_CAUSES, CATEGORIES, Cause  # noqa: E402

CODEBASES = HERE / "codebases"
RUNS = HERE / "runs"
JOBS = ("bookings", "peewee-postgres")
RERUN_JOBS = ("bookings",)
TEST_TIMEOUT = 5
PEEWEE_MODULES = ("tests/transactions.py", "tests/manytomany.py", "tests/keys.py",
                  "tests/prefetch_tests.py", "tests/results.py", "tests/signals.py")
VENV_PACKAGES = ("peewee==3.17.8", "sqlalchemy==2.0.36", "psycopg[binary]==3.2.3",
                 "psycopg2-binary==2.9.10", "httpx==0.28.1", "pytest==8.3.4",
                 "pytest-timeout==2.3.1")
VENVS = {"base": (), "nopsycopg": ("psycopg", "psycopg-binary"),
         "nopsycopg2": ("psycopg2-binary",)}
ROUTING = {
    "schema_drift": "platform-data", "integrity_violation": "platform-data",
    "database_unavailable": "platform-data", "missing_dependency": "release-engineering",
    "product_bug": "product-dev", "wrong_behaviour": "product-dev", "hang": "product-dev",
    "data_contract": "data-engineering", "slow_upstream": "integrations",
    "upstream_5xx": "integrations", "upstream_unreachable": "integrations",
    "credentials_refused": "integrations", "test_harness": "qa", "flaky": "qa",
    "infrastructure": "ci-infra",
}
DEFAULT_TEAM = "qa"


# ------------------------------------------------------------------ selection
def scopes(cause: Cause) -> set[str]:
    """What a cause occupies: its test cases, their modules if it breaks a module, its job."""
    if cause.targets == ("*",):
        return {cause.job}
    found = {f"{cause.job}|{t}" for t in cause.targets}
    found |= {f"{cause.job}|module {t[2:]}" for t in cause.targets if t.startswith("::")}
    return found


def conflicts(a: Cause, b: Cause) -> bool:
    if a.job != b.job:
        return False
    if a.targets == ("*",) or b.targets == ("*",) or (a.venv and b.venv):
        return True
    modules = {s.split("|module ")[1] for s in scopes(a) | scopes(b) if "|module " in s}
    touched = {t.split("::")[0] for t in a.targets + b.targets if not t.startswith("::")}
    if modules & touched:
        return True
    return bool(scopes(a) & scopes(b))


def width(cause: Cause) -> int:
    """How many test cases a cause breaks (a whole job counts as 100)."""
    return 100 if cause.targets == ("*",) else len(cause.targets)


def plan_nights(seed: int, nights: int) -> dict[int, list[Cause]]:
    """Per night a random, non-overlapping set; causes seen in fewer nights go first."""
    usage = {c.id: 0 for c in ALL_CAUSES}
    plan = {}
    for night in range(1, nights + 1):
        rng = random.Random(seed * 100 + night)
        order = sorted(ALL_CAUSES, key=lambda c: (min(usage[c.id], 2), -width(c) * (
            usage[c.id] == 0), rng.random()))
        chosen: list[Cause] = []
        for cause in order:
            if rng.random() < (1.0 if usage[cause.id] == 0 else 0.35) and not any(
                    conflicts(cause, other) for other in chosen):
                chosen.append(cause)
                usage[cause.id] += 1
        plan[night] = sorted(chosen, key=lambda c: c.id)
    return plan


# ------------------------------------------------------------------ provisioning
def make_venvs(root: Path) -> dict[str, Path]:
    pythons = {}
    for name, remove in VENVS.items():
        python = root / name / "bin" / "python"
        if not python.exists():
            uv = ["python3", "-m", "uv"]
            subprocess.run([*uv, "venv", "-q", "-p", sys.executable, str(root / name)],
                           check=True)
            subprocess.run([*uv, "pip", "install", "-q", "--python", str(python),
                            *VENV_PACKAGES], check=True)
            if remove:
                subprocess.run([*uv, "pip", "uninstall", "-q", "--python", str(python),
                                *remove], check=True)
        pythons[name] = python
    return pythons


def copy_codebase(name: str, target: Path, causes: list[Cause]) -> None:
    shutil.copytree(CODEBASES / name, target,
                    ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"))
    for cause in causes:
        for relpath, old, new in cause.patches:
            path = target / relpath
            text = path.read_text()
            if text.count(old) != 1:
                raise SystemExit(f"{cause.id}: patch text found {text.count(old)} times "
                                 f"in {relpath}; fix the patch in causes.py")
            path.write_text(text.replace(old, new))


@contextlib.contextmanager
def stub(workdir: Path, causes: list[Cause], token: str, seed: int) -> Iterator[int]:
    config = {"pricing_token": f"pt-{token}", "notify_token": f"nt-{token}", "seed": seed,
              "faults": [f for c in causes for f in c.faults]}
    for cause in causes:
        if cause.pricing_token:
            config["pricing_token"] = cause.pricing_token.format(token=token)
        if cause.notify_token:
            config["notify_token"] = cause.notify_token.format(token=token)
    cfg = workdir / f"stub-{uuid.uuid4().hex[:6]}.json"
    cfg.write_text(json.dumps(config))
    port_file = cfg.with_suffix(".port")
    process = subprocess.Popen([sys.executable, str(HERE / "environment" / "stub.py"),
                                str(cfg), str(port_file)])
    try:
        deadline = time.monotonic() + 20
        while not (port_file.exists() and port_file.read_text()):
            if time.monotonic() > deadline:
                raise RuntimeError("the staging stub did not start")
            time.sleep(0.05)
        yield int(port_file.read_text())
    finally:
        process.terminate()
        process.wait()


@dataclass
class Night:
    number: int
    causes: list[Cause]
    token: str = ""
    workdir: Path = HERE
    cluster: Cluster | None = None
    pythons: dict[str, Path] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    labels: list[dict] = field(default_factory=list)


def job_env(night: Night, job: str, causes: list[Cause], port: int) -> dict[str, str]:
    assert night.cluster is not None
    pg = night.cluster
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "TZ": "UTC",
           "HOME": str(night.workdir)}
    if job == "bookings":
        env.update(
            BOOKINGS_DATABASE_URL=(f"postgresql+psycopg://bookings_app:{night.token}"
                                   f"@127.0.0.1:{pg.port}/bookings"),
            BOOKINGS_PRICING_URL=f"http://127.0.0.1:{port}", BOOKINGS_PRICING_TOKEN=f"pt-"
            f"{night.token}", BOOKINGS_NOTIFY_URL=f"http://127.0.0.1:{port}",
            BOOKINGS_NOTIFY_TOKEN=f"nt-{night.token}", BOOKINGS_HTTP_TIMEOUT="0.5",
            BOOKINGS_CACHE_DIR=str(night.workdir / f"cache-{uuid.uuid4().hex[:6]}"),
            BOOKINGS_EXPORT_DIR=str(night.workdir / f"exports-{uuid.uuid4().hex[:6]}"))
    else:
        env.update(PEEWEE_TEST_BACKEND="postgres", PEEWEE_PSQL_HOST="127.0.0.1",
                   PEEWEE_PSQL_PORT=str(pg.port), PEEWEE_PSQL_USER="peewee_app",
                   PEEWEE_PSQL_PASSWORD=night.token)
    closed = str(free_port())
    for cause in causes:
        env.update({k: v.format(token=night.token, closed_port=closed)
                    for k, v in cause.env.items()})
    return env


def provision(night: Night, job: str, causes: list[Cause]) -> None:
    assert night.cluster is not None
    pg = night.cluster
    if job == "bookings":
        pg.admin("DROP DATABASE IF EXISTS bookings WITH (FORCE)")
        pg.admin("CREATE DATABASE bookings OWNER bookings_app")
        upto = min((c.schema_upto for c in causes if c.schema_upto), default=None)
        for n, script in enumerate(sorted((CODEBASES / "bookings" / "schema").glob("*.sql")),
                                   start=1):
            if upto is None or n <= upto:
                pg.admin(script.read_text(), database="bookings", user="bookings_app")
        for cause in causes:
            for statement in cause.sql:
                pg.admin(statement, database="bookings")
    else:
        pg.admin("DROP DATABASE IF EXISTS peewee_test WITH (FORCE)")
        pg.admin("CREATE DATABASE peewee_test OWNER peewee_app")


def active(night: Night, job: str, attempt: int) -> list[Cause]:
    return [c for c in night.causes if c.job == job and (attempt == 1 or not c.flaky)]


def run_job(night: Night, job: str, attempt: int, copy: Path) -> Path:
    causes = active(night, job, attempt)
    out = RUNS / f"night-{night.number:02d}" / f"{job}-attempt{attempt}.xml"
    out.parent.mkdir(parents=True, exist_ok=True)
    with stub(night.workdir, causes, night.token, night.number * 10 + attempt) as port:
        env = job_env(night, job, causes, port)
        env["PYTHONPATH"] = str(copy)
        if attempt == 1:
            provision(night, job, causes)
        venv = next((c.venv for c in causes if c.venv), "base")
        assert night.cluster is not None
        ctx = breakages.Context(night.cluster, "bookings_app" if job == "bookings"
                                else "peewee_app", night.token, env)
        command = [str(night.pythons[venv]), "-m", "pytest", f"--timeout={TEST_TIMEOUT}", "-q",
                   f"--junitxml={out}", "-o", "junit_family=xunit2",
                   "-o", "junit_logging=all", "-o", "junit_log_passing_tests=false",
                   "-o", f"junit_suite_name={job}"]
        if job == "peewee-postgres":
            command += ["--tb=short", *PEEWEE_MODULES]
        if attempt > 1:
            command += ["--lf", "--lfnf=none"]
        with contextlib.ExitStack() as stack:
            for cause in causes:
                for hook in cause.hooks:
                    stack.enter_context(breakages.HOOKS[hook](ctx))
            done = subprocess.run(command, cwd=copy, env=env, capture_output=True, text=True,
                                  timeout=900)
    lines = done.stdout.strip().splitlines()
    print(f"  night {night.number} {job} attempt {attempt}: "
          f"{(lines[-1] if lines else done.stderr)[-300:]}", flush=True)
    return out


def failed_cases(xml: Path) -> list[str]:
    failed: list[str] = []
    for case in ET.parse(xml).getroot().iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            key = f"{case.get('classname', '')}::{case.get('name', '')}"
            if key not in failed:
                failed.append(key)
    return failed


def attribute(night: Night, job: str, attempt: int, xml: Path) -> list[str]:
    causes = active(night, job, attempt)
    failed = failed_cases(xml)
    star = [c for c in causes if c.targets == ("*",)]
    expected = {t: c for c in causes for t in c.targets if t != "*"}
    for key in failed:
        cause = star[0] if star else expected.get(key)
        if cause is None:
            night.problems.append(f"night {night.number} {xml.name}: unexpected failure {key}")
            continue
        classname, name = key.split("::", 1)
        night.labels.append({
            "night": f"night-{night.number:02d}", "file": str(xml.relative_to(HERE)),
            "classname": classname, "name": name, "cause": cause.id,
            "category": cause.category, "team": ROUTING[cause.category],
            "flaky": "true" if cause.flaky else "false"})
    if star and not failed:
        night.problems.append(f"night {night.number} {xml.name}: {star[0].id} broke nothing")
    if attempt == 1:
        missing = sorted(set(expected) - set(failed))
        if missing:
            night.problems.append(f"night {night.number} {xml.name}: declared failures "
                                  f"did not happen: {missing}")
    else:
        flaky = {t for c in night.causes if c.job == job and c.flaky for t in c.targets}
        if flaky & set(failed):
            night.problems.append(f"{xml.name}: flaky tests failed again: {flaky & set(failed)}")
    return failed


def run_night(number: int, seed: int, causes: list[Cause], pythons: dict[str, Path]) -> Night:
    rng = random.Random(seed * 1000 + number)
    night = Night(number, causes, token=uuid.UUID(int=rng.getrandbits(128)).hex[:12],
                  workdir=Path(tempfile.mkdtemp(prefix=f"corpus2-n{number:02d}-", dir="/tmp")),
                  cluster=Cluster(), pythons=pythons)
    shutil.rmtree(RUNS / f"night-{number:02d}", ignore_errors=True)
    print(f"night {number}: {', '.join(c.id for c in causes)}", flush=True)
    assert night.cluster is not None
    night.cluster.start()
    try:
        for role in ("bookings_app", "peewee_app"):
            night.cluster.admin(f"CREATE ROLE {role} LOGIN PASSWORD '{night.token}'")
        for job in JOBS:
            copy = night.workdir / f"{job}-src"
            copy_codebase("bookings" if job == "bookings" else "peewee_suite", copy,
                          [c for c in causes if c.job == job])
            xml = run_job(night, job, 1, copy)
            if attribute(night, job, 1, xml) and job in RERUN_JOBS:
                attribute(night, job, 2, run_job(night, job, 2, copy))
    finally:
        night.cluster.destroy()
        shutil.rmtree(night.workdir, ignore_errors=True)
    return night


def relabel_night(number: int, causes: list[Cause]) -> Night:
    night = Night(number, causes)
    for job in JOBS:
        for attempt in (1, 2):
            xml = RUNS / f"night-{number:02d}" / f"{job}-attempt{attempt}.xml"
            if xml.exists():
                attribute(night, job, attempt, xml)
    return night


# ------------------------------------------------------------------ outputs
def write_outputs(labels: list[dict]) -> None:
    lines = ["# Owning team per failure category (labels.csv's team column follows this).",
             f"default_team: {DEFAULT_TEAM}", "categories:"]
    lines += [f"  {category}: {ROUTING[category]}" for category in CATEGORIES]
    (HERE / "routing.yml").write_text("\n".join(lines) + "\n")
    columns = ["night", "file", "classname", "name", "cause", "category", "team", "flaky"]
    with (HERE / "labels.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, columns)
        writer.writeheader()
        writer.writerows(sorted(labels, key=lambda r: (r["file"], r["classname"], r["name"])))
    split = {"development": sorted({r["cause"] for r in labels}), "heldout": []}
    (HERE / "split.json").write_text(json.dumps(split, indent=2) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=20261203)
    parser.add_argument("--nights", type=int, default=14)
    parser.add_argument("--only", type=int, help="run only this night (labels not written)")
    parser.add_argument("--venvs", type=Path, default=Path("/tmp/corpus2-venvs"))
    parser.add_argument("--relabel", action="store_true",
                        help="run nothing: label the XML already under runs/")
    parser.add_argument("--plan", action="store_true", help="print the nights' causes only")
    args = parser.parse_args()
    plan = plan_nights(args.seed, args.nights)
    if args.plan:
        for n, causes in plan.items():
            print(n, [c.id for c in causes])
        return
    if os.geteuid() != 0:
        raise SystemExit("run as root: the breakages mount tmpfs volumes and run postgres")
    if args.relabel:
        results = [relabel_night(n, plan[n]) for n in sorted(plan)]
    else:
        pythons = make_venvs(args.venvs)
        nights = [args.only] if args.only else sorted(plan)
        results = [run_night(n, args.seed, plan[n], pythons) for n in nights]
    problems = [p for night in results for p in night.problems]
    for problem in problems:
        print("PROBLEM:", problem)
    if problems:
        raise SystemExit(f"{len(problems)} unexplained outcomes; labels not written")
    if args.only:
        return
    labels = [row for night in results for row in night.labels]
    write_outputs(labels)
    print(f"{len(labels)} labelled failures, {len({r['cause'] for r in labels})} causes")


if __name__ == "__main__":
    main()
