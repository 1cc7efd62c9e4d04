"""Regenerate the corpus: run every code base's tests for N nights against a broken environment.

Usage (as root, from /work/main, about 10 minutes):

    .venv/bin/python benchmarks/failure_corpus/independent/make_corpus.py [--seed 20261253]
        [--nights 7] [--only NIGHT]

Each night picks a random, non-overlapping set of root causes from causes.py
(seeded by --seed and the night number), provisions a fresh PostgreSQL cluster,
the upstream stub, the ingest warehouse and feeds, applies the causes, and runs
each job's pytest with --junitxml. Jobs with failures are rerun once with
--lf (attempt 2) without the flaky causes. Every failed test case must be
explained by exactly one active cause and every declared target must fail,
otherwise the script stops. Then labels.csv, routing.yml and split.json are
written.
"""

from __future__ import annotations

import argparse
import contextlib
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
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "environment"))
sys.path.insert(0, str(HERE))

import breakages  # noqa: E402
from postgres import Cluster, free_port  # noqa: E402

from causes import ALL_CAUSES, CATEGORIES, Cause  # noqa: E402

CODEBASES = HERE / "codebases"
RUNS = HERE / "runs"
JOBS = ("shop", "ingest", "dataset-postgres", "dataset-sqlite")
RERUN_JOBS = ("shop", "ingest")  # the dataset jobs have no rerun-on-failure step
FIRST_NIGHT = date(2026, 11, 23)
TEST_TIMEOUT = 5

ROUTING = {
    "schema_drift": "platform-data",
    "integrity_violation": "platform-data",
    "database_unavailable": "platform-data",
    "missing_dependency": "release-engineering",
    "product_bug": "product-dev",
    "wrong_behaviour": "product-dev",
    "hang": "product-dev",
    "data_contract": "data-engineering",
    "slow_upstream": "integrations",
    "upstream_5xx": "integrations",
    "upstream_unreachable": "integrations",
    "credentials_refused": "integrations",
    "test_harness": "qa",
    "flaky": "qa",
    "infrastructure": "ci-infra",
}
DEFAULT_TEAM = "qa"
DATASET_VENVS = {
    "base": [],
    "sqlalchemy2": ["sqlalchemy==2.0.36"],
    "nobanal": ["-banal"],
}


# ------------------------------------------------------------------ selection
def applies(cause: Cause, job: str) -> bool:
    return cause.job == job or (cause.job == "dataset" and job.startswith("dataset-"))


def claims(cause: Cause) -> set[str]:
    jobs = [j for j in JOBS if applies(cause, j)]
    return {f"{job}:{target}" for job in jobs for target in cause.targets} | (
        {f"{job}:*" for job in jobs} if cause.targets == ("*",) else set())


def conflicts(a: set[str], b: set[str]) -> bool:
    """Two claims overlap: a shared test, a whole job ("*") or a whole module (collection error)."""
    def wide(keys: set[str]) -> set[str]:
        found = set()
        for key in keys:
            job, target = key.split(":", 1)
            if target == "*":
                found.add(job)
            elif target.startswith("::tests."):
                found.add(f"{job}:{target.removeprefix('::tests.')}")
        return found

    def scopes(keys: set[str]) -> set[str]:
        found = set()
        for key in keys:
            job, target = key.split(":", 1)
            found |= {job, f"{job}:{target.split('::')[0] or target.removeprefix('::tests.')}"}
        return found

    return bool(a & b or wide(a) & scopes(b) or wide(b) & scopes(a))


def select_causes(rng: random.Random, usage: dict[str, int]) -> list[Cause]:
    """A random, non-overlapping set of causes; causes seen in fewer nights go first."""
    chosen: list[Cause] = []
    taken: list[set[str]] = []
    order = sorted(ALL_CAUSES, key=lambda c: (min(usage.get(c.id, 0), 2), rng.random()))
    for cause in order:
        chance = cause.weight if usage.get(c_id := cause.id, 0) else max(cause.weight, 0.7)
        if rng.random() >= chance:
            continue
        mine = claims(cause)
        if any(conflicts(mine, other) for other in taken):
            continue
        if cause.venv and any(c.venv for c in chosen):
            continue
        chosen.append(cause)
        taken.append(mine)
        usage[c_id] = usage.get(c_id, 0) + 1
    return sorted(chosen, key=lambda c: c.id)


# ------------------------------------------------------------------ provisioning
def make_venvs(root: Path) -> dict[str, Path]:
    """Temporary virtualenvs with dataset 1.6.2 from PyPI (and the broken variants)."""
    pythons = {}
    for name, change in DATASET_VENVS.items():
        venv = root / f"dataset-{name}"
        python = venv / "bin" / "python"
        if not python.exists():
            subprocess.run(["python3", "-m", "uv", "venv", "-q", "-p", sys.executable,
                            str(venv)], check=True)
            uv = ["python3", "-m", "uv", "pip"]
            subprocess.run([*uv, "install", "-q", "--python", str(python), "dataset==1.6.2",
                            "pytest==8.3.4", "pytest-timeout==2.3.1", "psycopg2-binary"],
                           check=True)
            for item in change:
                if item.startswith("-"):
                    subprocess.run([*uv, "uninstall", "-q", "--python", str(python), item[1:]],
                                   check=True)
                else:
                    subprocess.run([*uv, "install", "-q", "--python", str(python), item],
                                   check=True)
        pythons[name] = python
    return pythons


def write_feeds(feed_dir: Path, rng: random.Random, day: date, defects: set[str]) -> None:
    feed_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    count = rng.randint(24, 40)
    for n in range(count):
        currency = ["USD", "GBP"][n] if n < 2 else rng.choice(["EUR", "EUR", "USD", "GBP"])
        rows.append({
            "event_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "occurred_at": f"{day.isoformat()}T{rng.randint(0, 23):02d}:"
                           f"{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}Z",
            "customer_id": "" if n == 3 or rng.random() < 0.15 else str(rng.randint(1000, 99999)),
            "amount": f"{rng.uniform(1, 600):.2f}",
            "currency": currency,
            "channel": rng.choice(["web", "web", "app", "store"]),
        })
    columns = ["event_id", "occurred_at", "customer_id", "amount", "currency", "channel"]
    if "no_currency" in defects:
        columns.remove("currency")
    if "decimal_comma" in defects:
        for row in rows:
            row["amount"] = row["amount"].replace(".", ",")
    with (feed_dir / "orders.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    carriers = ["postnl", "dhl", "ups", "dpd"]
    with (feed_dir / "shipments.jsonl").open("w") as handle:
        shipped = [row for row in rows if rng.random() < 0.6] or rows[:1]
        for n, row in enumerate(shipped):
            carrier = "dhl-express" if "unknown_carrier" in defects and n % 4 == 1 else \
                rng.choice(carriers)
            handle.write(json.dumps({"shipment_id": f"SHP-{rng.getrandbits(32):08X}",
                                     "event_id": row["event_id"], "carrier": carrier,
                                     "parcels": rng.randint(1, 3)}) + "\n")


def copy_codebase(name: str, target: Path, causes: list[Cause]) -> None:
    shutil.copytree(CODEBASES / name, target, ignore=shutil.ignore_patterns(
        "__pycache__", ".pytest_cache"))
    for cause in causes:
        for relpath, old, new in cause.patches:
            path = target / relpath
            text = path.read_text()
            if text.count(old) != 1:
                raise SystemExit(f"{cause.id}: patch text found {text.count(old)} times in "
                                 f"{relpath}; fix the patch in causes.py")
            path.write_text(text.replace(old, new))


@contextlib.contextmanager
def upstream_stub(workdir: Path, causes: list[Cause], token: str, seed: int) -> Iterator[int]:
    routes: dict[str, dict] = {}
    api_key = f"pk_staging_{token[:6]}"
    for cause in causes:
        routes.update(cause.routes)
    config = {"api_key": api_key, "routes": routes, "seed": seed}
    for cause in causes:
        if cause.api_key:
            config["api_key"] = cause.api_key.format(token=token)
    cfg = workdir / f"stub-{uuid.uuid4().hex[:6]}.json"
    cfg.write_text(json.dumps(config))
    port_file = cfg.with_suffix(".port")
    stub = subprocess.Popen([sys.executable, str(HERE / "environment" / "upstream_stub.py"),
                             str(cfg), str(port_file)])
    try:
        deadline = time.monotonic() + 20
        while not (port_file.exists() and port_file.read_text()):
            if time.monotonic() > deadline:
                raise RuntimeError("upstream stub did not start")
            time.sleep(0.05)
        yield int(port_file.read_text())
    finally:
        stub.terminate()
        stub.wait()


# ------------------------------------------------------------------ one night
@dataclass
class Night:
    number: int
    seed: int
    causes: list[Cause]
    workdir: Path
    token: str
    cluster: Cluster
    pythons: dict[str, Path]
    problems: list[str] = field(default_factory=list)
    labels: list[dict] = field(default_factory=list)

    @property
    def day(self) -> date:
        return FIRST_NIGHT + timedelta(days=7 * (self.number - 1) + self.number % 3)


def fill(value: str, night: Night, extra: dict[str, str]) -> str:
    return value.format(token=night.token, closed_port=extra["closed_port"],
                        tmpfs=extra["CORPUS_TMPFS"])


def job_env(night: Night, job: str, causes: list[Cause], stub_port: int) -> dict[str, str]:
    base = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8",
            "HOME": str(night.workdir), "TZ": "UTC",
            "CORPUS_TMPFS": str(night.workdir / f"scratch-{uuid.uuid4().hex[:6]}")}
    extra = {"closed_port": str(free_port()), "CORPUS_TMPFS": base["CORPUS_TMPFS"]}
    stub = f"http://127.0.0.1:{stub_port}"
    if job == "shop":
        base.update(SHOP_DATABASE_URL=night.cluster.url("shop", "shop_app", night.token),
                    SHOP_PAYMENTS_URL=stub, SHOP_INVENTORY_URL=stub,
                    SHOP_PAYMENTS_API_KEY=f"pk_staging_{night.token[:6]}",
                    SHOP_HTTP_TIMEOUT="0.5",
                    SHOP_EXPORT_DIR=str(night.workdir / f"exports-{uuid.uuid4().hex[:6]}"))
    elif job == "ingest":
        base.update(INGEST_FEED_DIR=str(night.workdir / "feeds"),
                    INGEST_WAREHOUSE=str(night.workdir / "warehouse" / "sales.db"),
                    INGEST_RATES_URL=stub, INGEST_RATES_TOKEN=f"rt-{night.token}",
                    INGEST_SPOOL_DIR=str(night.workdir / f"spool-{uuid.uuid4().hex[:6]}"))
    elif job == "dataset-postgres":
        base["DATABASE_URL"] = night.cluster.url("weather", "dataset_app", night.token)
    else:
        base["DATABASE_URL"] = (f"sqlite:///{night.workdir}/lite-{uuid.uuid4().hex[:6]}/"
                                "weather.db?timeout=0.2")
        Path(base["DATABASE_URL"][10:].split("?")[0]).parent.mkdir(parents=True)
    for cause in causes:
        base.update({k: fill(v, night, extra) for k, v in cause.env.items()})
    return base


def provision(night: Night, job: str, causes: list[Cause], env: dict[str, str]) -> None:
    cluster = night.cluster
    if job == "shop":
        cluster.admin("DROP DATABASE IF EXISTS shop WITH (FORCE)")
        cluster.admin("CREATE DATABASE shop OWNER shop_app")
        upto = min((c.migrate_upto for c in causes if c.migrate_upto), default=None)
        migrate = [sys.executable, "-m", "shop.db", cluster.url("shop", "shop_app", night.token)]
        subprocess.run(migrate + ([str(upto)] if upto else []), check=True, env={
            **env, "PYTHONPATH": str(CODEBASES / "shop")}, capture_output=True)
        for cause in causes:
            for statement in cause.sql:
                cluster.admin(statement, database="shop")
    elif job == "ingest":
        warehouse = night.workdir / "warehouse" / "sales.db"  # where the platform puts it
        if warehouse.parent.exists():
            shutil.rmtree(warehouse.parent)
        warehouse.parent.mkdir(parents=True)
        ddl = (CODEBASES / "ingest" / "ingest" / "ddl" / "warehouse.sql").read_text()
        for cause in causes:
            for old, new in cause.ddl_edits:
                assert ddl.count(old) == 1, cause.id
                ddl = ddl.replace(old, new)
        import sqlite3
        with contextlib.closing(sqlite3.connect(warehouse)) as conn:
            conn.executescript(ddl)
        defects = {c.feed for c in causes if c.feed}
        write_feeds(Path(env["INGEST_FEED_DIR"]), random.Random(night.seed * 7 + 1), night.day,
                    defects)
    elif job == "dataset-postgres":
        cluster.admin("DROP DATABASE IF EXISTS weather WITH (FORCE)")
        cluster.admin(f"ALTER ROLE dataset_app PASSWORD '{night.token}'")
        cluster.admin("CREATE DATABASE weather OWNER dataset_app")


def run_job(night: Night, job: str, attempt: int, copy: Path) -> Path:
    causes = [c for c in night.causes if applies(c, job) and (attempt == 1 or not c.flaky)]
    out = RUNS / f"night-{night.number:02d}" / f"{job}-attempt{attempt}.xml"
    out.parent.mkdir(parents=True, exist_ok=True)
    with upstream_stub(night.workdir, causes, night.token, night.seed + attempt) as port:
        env = job_env(night, job, causes, port)
        if job == "ingest":
            site = next((c.feedformats for c in causes if c.feedformats != "feedformats-1.4"),
                        "feedformats-1.4")
            paths = [str(copy)] + ([str(HERE / "environment" / "site" / site)] if site else [])
            env["PYTHONPATH"] = os.pathsep.join(paths)
        else:
            env["PYTHONPATH"] = str(copy)
        provision(night, job, causes, env)
        venv = next((c.venv for c in causes if c.venv), "base")
        python = str(night.pythons[venv]) if job.startswith("dataset-") else sys.executable
        ctx = breakages.Context(night.cluster, night.workdir, night.token, env,
                                database="weather" if job == "dataset-postgres" else None,
                                role="dataset_app")
        # the dataset jobs run without pytest-timeout: formatting SQLAlchemy's long
        # tracebacks can itself take seconds, and a timeout there crashes pytest
        limit = [] if job.startswith("dataset-") else [f"--timeout={TEST_TIMEOUT}"]
        command = [python, "-m", "pytest", *limit, "-q",
                   f"--junitxml={out}", "-o", "junit_family=xunit2", "-o", "junit_logging=all",
                   "-o", "junit_log_passing_tests=false", "-o", f"junit_suite_name={job}",
                   "-p", "no:randomly"]
        if attempt > 1:
            command += ["--lf", "--lfnf=none"]
        if job.startswith("dataset-"):
            command += ["--tb=short"]
        with contextlib.ExitStack() as stack:
            for cause in causes:
                for hook in cause.hooks:
                    stack.enter_context(breakages.HOOKS[hook](ctx))
            done = subprocess.run(command, cwd=copy, env=env, capture_output=True, text=True,
                                  timeout=900)
        summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr
        print(f"  night {night.number} {job} attempt {attempt}: {summary[-300:]}", flush=True)
    return out


def failed_cases(xml: Path) -> list[tuple[str, str]]:
    failed = []
    for case in ET.parse(xml).getroot().iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            key = (case.get("classname", ""), case.get("name", ""))
            if key not in failed:
                failed.append(key)
    return failed


def target_key(classname: str, name: str) -> str:
    return f"{classname.removeprefix('tests.')}::{name}"


def attribute(night: Night, job: str, attempt: int, xml: Path) -> list[tuple[str, str]]:
    causes = [c for c in night.causes if applies(c, job) and (attempt == 1 or not c.flaky)]
    failed = failed_cases(xml)
    star = [c for c in causes if c.targets == ("*",)]
    expected: dict[str, Cause] = {}
    for cause in causes:
        for target in cause.targets:
            if target != "*":
                expected[target] = cause
    seen = set()
    for classname, name in failed:
        key = target_key(classname, name)
        cause = star[0] if star else expected.get(key)
        if cause is None:
            night.problems.append(f"{xml.name}: unexpected failure {key}")
            continue
        seen.add(key)
        night.labels.append({
            "night": f"night-{night.number:02d}", "file": str(xml.relative_to(HERE)),
            "classname": classname, "name": name, "cause": cause.id,
            "category": cause.category, "team": ROUTING[cause.category],
            "flaky": "true" if cause.flaky else "false"})
    if star and not failed:
        night.problems.append(f"{xml.name}: {star[0].id} broke nothing")
    missing = set(expected) - seen
    if missing and not star:
        night.problems.append(f"{xml.name}: expected failures did not happen: {sorted(missing)}")
    if attempt == 2:
        flaky = [c for c in night.causes if applies(c, job) and c.flaky]
        still = [target_key(*k) for k in failed for c in flaky if target_key(*k) in c.targets]
        if still:
            night.problems.append(f"{xml.name}: flaky tests failed again: {still}")
    return failed


def run_night(number: int, seed: int, pythons: dict[str, Path],
              causes: list[Cause]) -> Night:
    rng = random.Random(seed * 100 + number)
    token = uuid.UUID(int=rng.getrandbits(128)).hex[:12]
    workdir = Path(tempfile.mkdtemp(prefix=f"corpus-night{number:02d}-", dir="/tmp"))
    night_dir = RUNS / f"night-{number:02d}"
    shutil.rmtree(night_dir, ignore_errors=True)
    cluster = Cluster()
    night = Night(number, seed * 100 + number, causes, workdir, token, cluster, pythons)
    print(f"night {number} ({night.day}): {', '.join(c.id for c in causes)}", flush=True)
    cluster.start()
    try:
        cluster.admin(f"CREATE ROLE shop_app LOGIN PASSWORD '{token}'")
        cluster.admin(f"CREATE ROLE dataset_app LOGIN PASSWORD '{token}'")
        for job in JOBS:
            source = {"shop": "shop", "ingest": "ingest"}.get(job, "dataset_suite")
            copy = workdir / f"{job}-src"
            copy_codebase(source, copy, [c for c in causes if applies(c, job)])
            xml = run_job(night, job, 1, copy)
            if attribute(night, job, 1, xml) and job in RERUN_JOBS:
                xml = run_job(night, job, 2, copy)
                attribute(night, job, 2, xml)
    finally:
        cluster.destroy()
        subprocess.run(["umount", "-l", *map(str, workdir.glob("*/"))], capture_output=True)
        shutil.rmtree(workdir, ignore_errors=True)
    return night


def relabel_night(number: int, seed: int, causes: list[Cause]) -> Night:
    """Attribute the failures of a night's existing XML files (no test is run)."""
    night = Night(number, seed * 100 + number, causes, HERE, "", None, {})  # type: ignore[arg-type]
    for job in JOBS:
        for attempt in (1, 2):
            xml = RUNS / f"night-{number:02d}" / f"{job}-attempt{attempt}.xml"
            if xml.exists():
                attribute(night, job, attempt, xml)
    return night


# ------------------------------------------------------------------ outputs
def write_routing() -> None:
    lines = ["# Owning team per failure category (labels.csv's team column follows this).",
             f"default_team: {DEFAULT_TEAM}", "categories:"]
    lines += [f"  {category}: {ROUTING[category]}" for category in CATEGORIES]
    (HERE / "routing.yml").write_text("\n".join(lines) + "\n")


def write_labels(labels: list[dict]) -> None:
    columns = ["night", "file", "classname", "name", "cause", "category", "team", "flaky"]
    with (HERE / "labels.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, columns)
        writer.writeheader()
        writer.writerows(sorted(labels, key=lambda r: (r["file"], r["classname"], r["name"])))


def write_split(labels: list[dict], seed: int) -> None:
    """Half the causes of each category to development, half held out (seeded)."""
    rng = random.Random(seed)
    by_category: dict[str, list[str]] = {}
    for row in labels:
        by_category.setdefault(row["category"], [])
        if row["cause"] not in by_category[row["category"]]:
            by_category[row["category"]].append(row["cause"])
    split: dict[str, list[str]] = {"development": [], "heldout": []}
    for category in sorted(by_category):
        causes = sorted(by_category[category])
        rng.shuffle(causes)
        half = len(causes) // 2
        if len(causes) % 2:
            smaller = min(split, key=lambda k: (len(split[k]), rng.random()))
            first, second = (causes[:half + 1], causes[half + 1:]) if smaller == "development" \
                else (causes[:half], causes[half:])
        else:
            first, second = causes[:half], causes[half:]
        split["development"] += first
        split["heldout"] += second
    split = {k: sorted(v) for k, v in split.items()}
    (HERE / "split.json").write_text(json.dumps(split, indent=2) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=20261253)
    parser.add_argument("--nights", type=int, default=7)
    parser.add_argument("--only", type=int, help="run only this night (labels not written)")
    parser.add_argument("--venvs", type=Path, default=Path("/tmp/corpus-venvs"))
    parser.add_argument("--relabel", action="store_true",
                        help="do not run anything: label the XML already under runs/")
    args = parser.parse_args()
    if os.geteuid() != 0:
        raise SystemExit("run as root: the breakages mount tmpfs volumes and run postgres")
    usage: dict[str, int] = {}
    plan = {n: select_causes(random.Random(args.seed * 100 + n), usage)
            for n in range(1, args.nights + 1)}
    if args.relabel:
        results = [relabel_night(n, args.seed, plan[n]) for n in sorted(plan)]
    else:
        pythons = make_venvs(args.venvs)
        nights = [args.only] if args.only else sorted(plan)
        results = [run_night(n, args.seed, pythons, plan[n]) for n in nights]
    problems = [p for night in results for p in night.problems]
    for problem in problems:
        print("PROBLEM:", problem)
    if problems:
        raise SystemExit(f"{len(problems)} unexplained outcomes; labels not written")
    if args.only:
        return
    labels = [row for night in results for row in night.labels]
    write_routing()
    write_labels(labels)
    write_split(labels, args.seed)
    print(f"{len(labels)} labelled failures, {len({r['cause'] for r in labels})} causes")


if __name__ == "__main__":
    _ = socket
    main()
