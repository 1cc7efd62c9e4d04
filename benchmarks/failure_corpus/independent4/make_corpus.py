"""Regenerate the fourth corpus: run two code bases' tests for N nights in a broken environment.

Usage (as root, from /work/main, about 12 minutes on two cores):

    .venv/bin/python benchmarks/failure_corpus/independent4/make_corpus.py [--seed 20261404]
        [--nights 15] [--only NIGHT] [--plan] [--relabel] [--try CAUSE,...]

Each night picks a random, non-overlapping set of root causes from causes.py,
starts a fresh PostgreSQL cluster and the partner stub, provisions the clinic's
database from its migrations, writes the night's referral feed, applies the
causes and runs each job's pytest with --junitxml. The clinic job is rerun once
with --lf (attempt 2) when it failed, without the flaky causes; the pg8000 job
has no rerun step. Every failed test case must be declared by exactly one active
cause and every declared one must fail, otherwise the script stops and writes no
labels. ``--try`` runs the given causes alone as one night into a temporary folder
and prints what failed (for writing a new cause's declaration).
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
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "environment"))
sys.path.insert(0, str(HERE))

import breakages  # noqa: E402
from services import Postgres, free_port, partner_stub  # noqa: E402

from causes import ALL_CAUSES, CATEGORIES, Cause  # noqa: E402

CODEBASES = HERE / "codebases"
JOBS = ("clinic", "pg8000")
RERUN_JOBS = ("clinic",)
TEST_TIMEOUT = 5
PG8000_MODULES = ("test/dbapi/test_query.py", "test/dbapi/test_dbapi.py",
                  "test/dbapi/test_dbapi20.py", "test/dbapi/test_copy.py")
VENV_PACKAGES = ("psycopg2-binary==2.9.10", "requests==2.32.3", "httpx==0.28.1",
                 "pydantic==2.10.6", "jsonschema==4.23.0", "pg8000==1.31.2",
                 "pytest==8.3.4", "pytest-timeout==2.3.1", "pytest-mock==3.14.0")
MEDCODES = CODEBASES / "medcodes"
VENVS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "base": ((), ()), "nomedcodes": (("medcodes",), ()), "medcodes2": ((), ("<medcodes 2>",)),
    "jsonschema3": ((), ("jsonschema==3.2.0",)), "pydantic1": ((), ("pydantic==1.10.19",)),
    "scramp12": ((), ("scramp==1.2.0",))}
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
RUNS = HERE / "runs"


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
        return bool(set(a.hooks) & set(b.hooks))
    if a.targets == ("*",) or b.targets == ("*",) or (a.venv and b.venv):
        return True
    if a.migrations_upto and b.migrations_upto:
        return True
    modules = {s.split("|module ")[1] for s in scopes(a) | scopes(b) if "|module " in s}
    touched = {t.split("::")[0] for t in a.targets + b.targets if not t.startswith("::")}
    if modules & touched:
        return True
    return bool(scopes(a) & scopes(b))


def wide(cause: Cause) -> bool:
    """A cause that breaks a whole job or at least ten of its tests (it overlaps with many)."""
    return cause.targets == ("*",) or len(cause.targets) >= 10


def plan_nights(seed: int, nights: int) -> dict[int, list[Cause]]:
    """Per night a random, non-overlapping set; causes seen in fewer nights go first, and
    among those the wide ones (which would otherwise rarely find a free night)."""
    usage = {c.id: 0 for c in ALL_CAUSES}
    plan = {}
    for night in range(1, nights + 1):
        rng = random.Random(seed * 100 + night)
        order = sorted(ALL_CAUSES, key=lambda c: (usage[c.id], not wide(c), rng.random()))
        chosen: list[Cause] = []
        for cause in order:
            if rng.random() < (1.0 if usage[cause.id] == 0 else 0.35) and not any(
                    conflicts(cause, other) for other in chosen):
                chosen.append(cause)
                usage[cause.id] += 1
        plan[night] = sorted(chosen, key=lambda c: c.id)
    return plan


# ------------------------------------------------------------------ provisioning
def _medcodes(root: Path, version: str = "1.4.0") -> Path:
    """A copy of medcodes to install (building it leaves build/ beside the sources);
    2.0.0 is the platform team's release that renamed fee_cents to tariff_cents."""
    source = root / f"medcodes-{version}"
    shutil.rmtree(source, ignore_errors=True)
    shutil.copytree(MEDCODES, source, ignore=shutil.ignore_patterns("*.egg-info", "build"))
    if version != "1.4.0":
        for path in (source / "pyproject.toml", source / "medcodes" / "__init__.py"):
            text = path.read_text().replace("1.4.0", version)
            path.write_text(text.replace("fee_cents", "tariff_cents"))
    return source


def make_venvs(root: Path) -> dict[str, Path]:
    """One virtualenv per variant: the packages, minus or plus a few."""
    pythons = {}
    uv = ["python3", "-m", "uv"]
    root.mkdir(parents=True, exist_ok=True)
    for name, (remove, add) in VENVS.items():
        python = root / name / "bin" / "python"
        if not python.exists():
            subprocess.run([*uv, "venv", "-q", "-p", sys.executable, str(root / name)],
                           check=True)
            pip = [*uv, "pip", "install", "-q", "--python", str(python)]
            subprocess.run([*pip, *VENV_PACKAGES, str(_medcodes(root))], check=True)
            if remove:
                subprocess.run([*uv, "pip", "uninstall", "-q", "--python", str(python),
                                *remove], check=True)
            if add:
                packages = [str(_medcodes(root, "2.0.0")) if p == "<medcodes 2>" else p
                            for p in add]
                subprocess.run([*pip, *packages], check=True)
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
    pg: Postgres | None = None
    pythons: dict[str, Path] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    labels: list[dict] = field(default_factory=list)


def stub_config(night: Night, causes: list[Cause], seed: int) -> dict:
    config = {"insurer_key": f"ins-{night.token}", "notify_token": f"ntf-{night.token}",
              "lab_token": f"lab-{night.token}", "seed": seed,
              "faults": [f for c in causes for f in c.faults],
              "forbid": [p for c in causes for p in c.forbid]}
    for cause in causes:
        config.update({k: v.format(token=night.token) for k, v in cause.keys.items()})
    return config


def job_env(night: Night, job: str, causes: list[Cause], stub_port: int) -> dict[str, str]:
    assert night.pg is not None
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "TZ": "UTC",
           "HOME": str(night.workdir)}
    if job == "pg8000":
        env.update({"PGHOST": "127.0.0.1", "PGPORT": str(night.pg.port),
                    "PGPASSWORD": f"pg-{night.token}"})
        return env
    stub = f"http://127.0.0.1:{stub_port}"
    env.update({
        "CLINIC_DSN": f"host=127.0.0.1 port={night.pg.port} dbname=clinic user=clinic_app "
                      f"password=app-{night.token}",
        "CLINIC_INSURER_URL": stub, "CLINIC_INSURER_KEY": f"ins-{night.token}",
        "CLINIC_NOTIFY_URL": stub, "CLINIC_NOTIFY_TOKEN": f"ntf-{night.token}",
        "CLINIC_LAB_URL": stub, "CLINIC_LAB_TOKEN": f"lab-{night.token}",
        "CLINIC_OUTBOX": str(night.workdir / "outbox" / "reminders.db"),
        "CLINIC_EXPORT_DIR": str(night.workdir / f"exports-{uuid.uuid4().hex[:6]}"),
        "CLINIC_FEED_DIR": str(night.workdir / "feed"),
        "CLINIC_HTTP_TIMEOUT": "0.5", "CLINIC_API_PORT": str(free_port())})
    closed = str(free_port())
    for cause in causes:
        env.update({k: v.format(token=night.token, closed_port=closed)
                    for k, v in cause.env.items()})
    return env


def provision(night: Night, causes: list[Cause]) -> None:
    """Roles, a fresh clinic database (its migrations, then the DBA's SQL), the outbox
    folder and the night's referral feed."""
    pg = night.pg
    assert pg is not None
    pg.execute(f"ALTER ROLE postgres PASSWORD 'pg-{night.token}'")
    pg.execute("DROP DATABASE IF EXISTS clinic")
    pg.execute("DROP ROLE IF EXISTS clinic_app")
    pg.execute(f"CREATE ROLE clinic_app LOGIN PASSWORD 'app-{night.token}'")
    pg.execute("CREATE DATABASE clinic OWNER clinic_app")
    upto = min((c.migrations_upto for c in causes if c.migrations_upto), default=None)
    conn = pg.connect("clinic")
    try:
        with conn.cursor() as cur:
            cur.execute("SET ROLE clinic_app")
            migrations = sorted((CODEBASES / "clinic" / "migrations").glob("*.sql"))
            for n, script in enumerate(migrations, start=1):
                if upto is None or n <= upto:
                    cur.execute(script.read_text())
            cur.execute("RESET ROLE")
            for cause in causes:
                for statement in cause.sql:
                    cur.execute(statement)
    finally:
        conn.close()
    (night.workdir / "outbox").mkdir(exist_ok=True)
    write_feed(night, causes)


def write_feed(night: Night, causes: list[Cause]) -> None:
    """30 referrals from general practices; three break the contract."""
    rng = random.Random(night.token)
    practices = ("Praxis am Markt", "Hausarztzentrum Nord", "Gemeinschaftspraxis Lindenhof",
                 "Dr. Okafor & Kollegen")
    rows = []
    for n in range(30):
        rows.append({"referral_id": f"REF-{rng.getrandbits(32):08X}",
                     "practice": rng.choice(practices),
                     "speciality": rng.choice(("cardiology", "dermatology", "general")),
                     "urgency": "emergency" if n == 7 else rng.choice(("routine", "urgent")),
                     "received": f"2026-03-{rng.randint(1, 8):02d}"})
    rows[3]["urgency"] = "asap"
    rows[11]["speciality"] = "neurology"
    rows[20]["referral_id"] = f"ref-{rng.getrandbits(16):x}"
    drop = {c.feed["drop"] for c in causes if c.feed.get("drop")}
    columns = [c for c in rows[0] if c not in drop]
    folder = night.workdir / "feed"
    folder.mkdir(exist_ok=True)
    with (folder / "referrals.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def active(night: Night, job: str, attempt: int) -> list[Cause]:
    return [c for c in night.causes if c.job == job and (attempt == 1 or not c.flaky)]


def run_job(night: Night, job: str, attempt: int, copy: Path) -> Path:
    causes = active(night, job, attempt)
    out = RUNS / f"night-{night.number:02d}" / f"{job}-attempt{attempt}.xml"
    out.parent.mkdir(parents=True, exist_ok=True)
    config = stub_config(night, causes, night.number * 10 + attempt)
    with partner_stub(night.workdir, config) as stub_port:
        env = job_env(night, job, causes, stub_port)
        env["PYTHONPATH"] = str(copy)
        if job == "clinic" and attempt == 1:
            provision(night, causes)
        venv = next((c.venv for c in causes if c.venv), "base")
        assert night.pg is not None
        ctx = breakages.Context(night.pg, night.token, env)
        command = [str(night.pythons[venv]), "-m", "pytest", f"--timeout={TEST_TIMEOUT}", "-q",
                   "-p", "no:randomly", f"--junitxml={out}", "-o", "junit_family=xunit2",
                   "-o", "junit_logging=all", "-o", "junit_log_passing_tests=false",
                   "-o", f"junit_suite_name={job}"]
        fsize = next((c.fsize for c in causes if c.fsize), None)
        if fsize:
            command = ["prlimit", f"--fsize={fsize}", "--", *command]
        if job == "clinic":
            command.append("--continue-on-collection-errors")
        if job == "pg8000":
            command += ["--tb=short", *PG8000_MODULES]
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
            "night": f"night-{night.number:02d}", "file": str(xml.relative_to(RUNS.parent)),
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
    workdir = Path(tempfile.mkdtemp(prefix=f"corpus4-n{number:02d}-", dir="/tmp"))
    night = Night(number, causes, token=uuid.UUID(int=rng.getrandbits(128)).hex[:12],
                  workdir=workdir, pg=Postgres(), pythons=pythons)
    shutil.rmtree(RUNS / f"night-{number:02d}", ignore_errors=True)
    print(f"night {number}: {', '.join(c.id for c in causes)}", flush=True)
    assert night.pg is not None
    try:
        night.pg.start()
        for job in JOBS:
            copy = workdir / f"{job}-src"
            copy_codebase("clinic" if job == "clinic" else "pg8000_suite", copy,
                          [c for c in causes if c.job == job])
            xml = run_job(night, job, 1, copy)
            if attribute(night, job, 1, xml) and job in RERUN_JOBS:
                attribute(night, job, 2, run_job(night, job, 2, copy))
    finally:
        night.pg.destroy()
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


def try_causes(ids: list[str], seed: int, pythons: dict[str, Path]) -> None:
    """Run the named causes alone as one night into a temporary folder; print the failures."""
    global RUNS
    by_id = {c.id: c for c in ALL_CAUSES}
    causes = [by_id[i] for i in ids]
    RUNS = Path(tempfile.mkdtemp(prefix="corpus4-try-", dir="/tmp"))
    try:
        night = run_night(99, seed, causes, pythons)
        for path in sorted(RUNS.glob("night-*/*.xml")):
            print(path.name, json.dumps(failed_cases(path), indent=1))
        for problem in night.problems:
            print("PROBLEM:", problem)
    finally:
        shutil.rmtree(RUNS, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=20261404)
    parser.add_argument("--nights", type=int, default=15)
    parser.add_argument("--only", type=int, help="run only this night (labels not written)")
    parser.add_argument("--venvs", type=Path, default=Path("/tmp/corpus4-venvs"))
    parser.add_argument("--relabel", action="store_true",
                        help="run nothing: label the XML already under runs/")
    parser.add_argument("--plan", action="store_true", help="print the nights' causes only")
    parser.add_argument("--try", dest="trial", help="comma-separated causes to run alone")
    args = parser.parse_args()
    plan = plan_nights(args.seed, args.nights)
    if args.plan:
        for n, causes in plan.items():
            print(n, [c.id for c in causes])
        return
    if os.geteuid() != 0:
        raise SystemExit("run as root: the breakages mount tmpfs and run PostgreSQL as postgres")
    if args.trial is not None:
        try_causes([i for i in args.trial.split(",") if i], args.seed, make_venvs(args.venvs))
        return
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
