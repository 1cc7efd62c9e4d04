"""Regenerate the third corpus: run two code bases' tests for N nights in a broken environment.

Usage (as root, from /work/main, about 10 minutes):

    .venv/bin/python benchmarks/failure_corpus/independent3/make_corpus.py [--seed 20261356]
        [--nights 21] [--only NIGHT] [--plan] [--relabel]

Each night picks a random, non-overlapping set of root causes from causes.py,
starts a fresh Redis server, an S3 API (moto_server) and the supplier stub,
provisions the ledger's SQLite database, applies the causes and runs each job's
pytest with --junitxml. The ledger job is rerun once with --lf (attempt 2) when
it failed, without the flaky causes; the redis-py job has no rerun step. Every
failed test case must be declared by exactly one active cause and every declared
one must fail, otherwise the script stops and writes no labels.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "environment"))
sys.path.insert(0, str(HERE))

import breakages  # noqa: E402
from services import RedisServer, free_port, moto, supplier_stub  # noqa: E402

from causes import ALL_CAUSES, CATEGORIES, Cause  # noqa: E402

CODEBASES = HERE / "codebases"
RUNS = HERE / "runs"
JOBS = ("ledger", "redis-py")
RERUN_JOBS = ("ledger",)
TEST_TIMEOUT = 5
REDIS_PY_MODULES = ("tests/test_lock.py", "tests/test_pipeline.py", "tests/test_hash.py",
                    "tests/test_encoding.py")
VENV_PACKAGES = ("redis==5.0.8", "boto3==1.35.99", "urllib3==2.2.3", "attrs==24.2.0",
                 "cattrs==24.1.2", "pytest==8.3.4", "pytest-timeout==2.3.1")
VENVS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "base": ((), ()), "nocattrs": (("cattrs",), ()),
    "urllib3v1": ((), ("urllib3==1.26.20",))}
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
        order = sorted(ALL_CAUSES, key=lambda c: (usage[c.id], rng.random()))
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
    """One virtualenv per variant: the packages, minus or plus a few."""
    pythons = {}
    uv = ["python3", "-m", "uv"]
    for name, (remove, add) in VENVS.items():
        python = root / name / "bin" / "python"
        if not python.exists():
            subprocess.run([*uv, "venv", "-q", "-p", sys.executable, str(root / name)],
                           check=True)
            subprocess.run([*uv, "pip", "install", "-q", "--python", str(python),
                            *VENV_PACKAGES], check=True)
            if remove:
                subprocess.run([*uv, "pip", "uninstall", "-q", "--python", str(python),
                                *remove], check=True)
            if add:
                subprocess.run([*uv, "pip", "install", "-q", "--python", str(python), *add],
                               check=True)
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


@dataclass
class Night:
    number: int
    causes: list[Cause]
    token: str = ""
    workdir: Path = HERE
    redis: RedisServer | None = None
    s3_port: int = 0
    pythons: dict[str, Path] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    labels: list[dict] = field(default_factory=list)

    @property
    def database(self) -> Path:
        return self.workdir / "ledger-db" / "ledger.db"


def stub_config(night: Night, causes: list[Cause], seed: int) -> dict:
    config = {"key": f"sk-{night.token}", "seed": seed,
              "faults": [f for c in causes for f in c.faults]}
    for cause in causes:
        if cause.supplier_key:
            config["key"] = cause.supplier_key.format(token=night.token)
        if cause.reorder_key:
            config["reorder_key"] = cause.reorder_key.format(token=night.token)
    return config


def job_env(night: Night, causes: list[Cause], stub_port: int) -> dict[str, str]:
    assert night.redis is not None
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "TZ": "UTC",
           "HOME": str(night.workdir),
           "LEDGER_DATABASE": str(night.database),
           "LEDGER_REDIS_URL": f"redis://127.0.0.1:{night.redis.port}/0",
           "LEDGER_SUPPLIER_URL": f"http://127.0.0.1:{stub_port}",
           "LEDGER_SUPPLIER_KEY": f"sk-{night.token}",
           "LEDGER_S3_ENDPOINT": f"http://127.0.0.1:{night.s3_port}",
           "LEDGER_BUCKET": f"ledger-snapshots-{night.token[:6]}",
           "LEDGER_SPOOL_DIR": str(night.workdir / f"spool-{uuid.uuid4().hex[:6]}"),
           "LEDGER_HTTP_TIMEOUT": "0.5"}
    closed = str(free_port())
    for cause in causes:
        env.update({k: v.format(token=night.token, closed_port=closed)
                    for k, v in cause.env.items()})
    return env


def provision(night: Night, causes: list[Cause]) -> None:
    """A fresh ledger database: the schema files (up to a cause's limit), then its SQL."""
    shutil.rmtree(night.database.parent, ignore_errors=True)
    night.database.parent.mkdir(parents=True)
    upto = min((c.schema_upto for c in causes if c.schema_upto), default=None)
    conn = sqlite3.connect(night.database, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    for n, script in enumerate(sorted((CODEBASES / "ledger" / "schema").glob("*.sql")),
                               start=1):
        if upto is None or n <= upto:
            conn.executescript(script.read_text())
    for cause in causes:
        for statement in cause.sql:
            conn.execute(statement)
    conn.close()


def active(night: Night, job: str, attempt: int) -> list[Cause]:
    return [c for c in night.causes if c.job == job and (attempt == 1 or not c.flaky)]


def run_job(night: Night, job: str, attempt: int, copy: Path) -> Path:
    causes = active(night, job, attempt)
    out = RUNS / f"night-{night.number:02d}" / f"{job}-attempt{attempt}.xml"
    out.parent.mkdir(parents=True, exist_ok=True)
    assert night.redis is not None
    config = stub_config(night, causes, night.number * 10 + attempt)
    with supplier_stub(night.workdir, config) as stub_port:
        env = job_env(night, causes, stub_port)
        env["PYTHONPATH"] = str(copy)
        if job == "ledger" and attempt == 1:
            provision(night, causes)
        venv = next((c.venv for c in causes if c.venv), "base")
        ctx = breakages.Context(night.redis, night.token, env)
        command = [str(night.pythons[venv]), "-m", "pytest", f"--timeout={TEST_TIMEOUT}", "-q",
                   "-p", "no:randomly", f"--junitxml={out}", "-o", "junit_family=xunit2",
                   "-o", "junit_logging=all", "-o", "junit_log_passing_tests=false",
                   "-o", f"junit_suite_name={job}"]
        if job == "ledger":
            command.append("--continue-on-collection-errors")
        if job == "redis-py":
            command += [f"--redis-url=redis://127.0.0.1:{night.redis.port}/9", "--tb=short",
                        *REDIS_PY_MODULES]
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
    workdir = Path(tempfile.mkdtemp(prefix=f"corpus3-n{number:02d}-", dir="/tmp"))
    night = Night(number, causes, token=uuid.UUID(int=rng.getrandbits(128)).hex[:12],
                  workdir=workdir, redis=RedisServer(workdir), pythons=pythons)
    shutil.rmtree(RUNS / f"night-{number:02d}", ignore_errors=True)
    print(f"night {number}: {', '.join(c.id for c in causes)}", flush=True)
    assert night.redis is not None
    night.redis.start()
    try:
        with moto(workdir) as s3_port:
            night.s3_port = s3_port
            for job in JOBS:
                copy = workdir / f"{job}-src"
                copy_codebase("ledger" if job == "ledger" else "redis_py_suite", copy,
                              [c for c in causes if c.job == job])
                xml = run_job(night, job, 1, copy)
                if attribute(night, job, 1, xml) and job in RERUN_JOBS:
                    attribute(night, job, 2, run_job(night, job, 2, copy))
    finally:
        night.redis.stop()
        shutil.rmtree(workdir, ignore_errors=True)
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
    parser.add_argument("--seed", type=int, default=20261356)
    parser.add_argument("--nights", type=int, default=21)
    parser.add_argument("--only", type=int, help="run only this night (labels not written)")
    parser.add_argument("--venvs", type=Path, default=Path("/tmp/corpus3-venvs"))
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
        raise SystemExit("run as root: the breakages mount tmpfs and bind-mount volumes")
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
