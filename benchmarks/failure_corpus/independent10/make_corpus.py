"""Regenerate the corpus: environments, nightly plan, broken runs, JUnit files, labels and split.

Usage: python make_corpus.py [--plan] [--split] [--night N] [--try CAUSE]
Without options every step runs. ``CORPUS_WORK`` names the scratch folder (default
/tmp/independent10-work) that holds the virtualenvs, the cachetools sdist and the nights' copies.
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
import sqlite3
import subprocess
import sys
import tarfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from causes import BY_NAME, CACHETOOLS, CAUSES, JOBS, Cause, conflict, matches

HERE = Path(__file__).resolve().parent
RUNS = HERE / "runs"
WORK = Path(os.environ.get("CORPUS_WORK", "/tmp/independent10-work"))
SEED = 1010
NIGHTS = 10
ACTIVE_P = 0.5
SPLIT_SEED = 10
PYTEST = ("pytest==8.3.3", "pytest-timeout==2.3.1")
REQUESTS = "requests==2.32.3"
CACHETOOLS_SDIST = "cachetools==5.5.0"
FRAUD_KEY = "fraud-key-2026"
PAYMENTS_TOKEN = "payments-token-2026"
OLD_AUDIT_SCHEMA = """CREATE TABLE audit_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT, at REAL NOT NULL, user TEXT NOT NULL,
    action TEXT NOT NULL, claim_number TEXT NOT NULL)"""


def venv(name: str, packages: tuple[str, ...]) -> Path:
    """A virtualenv under WORK with exactly these packages, created when missing."""
    path = WORK / name
    python = path / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(path)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *packages], check=True)
    return python


def cachetools_source() -> Path:
    """The unpacked cachetools sdist (its own src and tests)."""
    name, version = CACHETOOLS_SDIST.split("==")
    root = WORK / f"{name}-{version}"
    if not root.exists():
        dl = WORK / "dl"
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-binary", ":all:",
            "--no-deps",
                        CACHETOOLS_SDIST, "-d", str(dl)], check=True)
        with tarfile.open(dl / f"{name}-{version}.tar.gz") as tar:
            tar.extractall(WORK, filter="data")
    return root


def make_plan() -> list[list[str]]:
    """Seeded choice of causes per night, least used first; overlapping causes never share one."""
    rng = random.Random(SEED)
    nights: list[list[Cause]] = []
    uses = dict.fromkeys(BY_NAME, 0)
    for _ in range(NIGHTS):
        order = sorted(CAUSES, key=lambda c: c.name)
        rng.shuffle(order)
        order.sort(key=lambda c: uses[c.name])
        chosen: list[Cause] = []
        for cause in order:
            if rng.random() < ACTIVE_P and not any(conflict(cause, o) for o in chosen):
                chosen.append(cause)
                uses[cause.name] += 1
        nights.append(chosen)
    for cause in sorted(CAUSES, key=lambda c: c.name):
        if any(cause in night for night in nights):
            continue
        order_nights = rng.sample(range(NIGHTS), NIGHTS)
        free = [n for n in order_nights if not any(conflict(cause, o) for o in nights[n])]
        if not free:
            for n in order_nights:
                clashing = [o for o in nights[n] if conflict(cause, o)]
                if all(sum(o in night for night in nights) > 1 for o in clashing):
                    nights[n] = [o for o in nights[n] if o not in clashing]
                    free = [n]
                    break
        if not free:
            raise SystemExit(f"cause {cause.name} fits on no night")
        nights[free[0]].append(cause)
    return [sorted(c.name for c in night) for night in nights]


def make_split(names: list[str]) -> dict[str, list[str]]:
    """Split causes by category: shuffled with Random(10), alternating from development."""
    rng = random.Random(SPLIT_SEED)
    split: dict[str, list[str]] = {"development": [], "heldout": []}
    for category in sorted({BY_NAME[n].category for n in names}):
        members = sorted(n for n in names if BY_NAME[n].category == category)
        rng.shuffle(members)
        for i, name in enumerate(members):
            split["development" if i % 2 == 0 else "heldout"].append(name)
    return {k: sorted(v) for k, v in split.items()}


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_port(port: int) -> None:
    """Wait until a local port accepts connections."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port}")


def apply_changes(folder: Path, causes: list[Cause]) -> None:
    """Apply the patches, deletions and additions of the causes to a night's copy."""
    for cause in causes:
        for patch in cause.patches:
            target = folder / patch.path
            text = target.read_text()
            if text.count(patch.old) != 1:
                raise RuntimeError(f"{cause.name}: patch text occurs {text.count(patch.old)}"
                                   f" times in {patch.path}")
            target.write_text(text.replace(patch.old, patch.new))
        for rel in cause.deletes:
            (folder / rel).unlink()
        for rel, content in cause.adds.items():
            (folder / rel).write_text(content)


def prepare(folder: Path, causes: list[Cause]) -> None:
    """Fresh copies of both code bases and the partner feeds, with the causes applied."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    shutil.copytree(HERE / "codebases" / "claims", folder / "claims",
                    ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"))
    shutil.copytree(HERE / "environment" / "feeds", folder / "feeds")
    source = cachetools_source()
    (folder / "cachetools").mkdir()
    shutil.copytree(source / "src", folder / "cachetools" / "src")
    shutil.copytree(source / "tests", folder / "cachetools" / "tests")
    shutil.copy(HERE / "codebases" / "cachetools" / "pytest.ini",
        folder / "cachetools" / "pytest.ini")
    apply_changes(folder, causes)


@contextmanager
def partners(folder: Path, causes: list[Cause]) -> Iterator[dict[str, str]]:
    """Start the partner stubs and database holders the night needs; yield the job's environment."""
    volumes = folder / "volumes"
    (volumes / "documents").mkdir(parents=True)
    ledger = sqlite3.connect(volumes / "ledger.db")
    ledger.execute("CREATE TABLE reserves (claim TEXT NOT NULL, delta_cents INTEGER NOT NULL)")
    ledger.commit()
    ledger.close()
    if any(c.old_audit_schema for c in causes):
        audit = sqlite3.connect(volumes / "audit.db")
        audit.execute(OLD_AUDIT_SCHEMA)
        audit.commit()
        audit.close()
    procs: list[subprocess.Popen[bytes]] = []
    urls: dict[str, str] = {}
    secrets = {"fraud": FRAUD_KEY, "payments": PAYMENTS_TOKEN}
    try:
        for service in ("fraud", "payments"):
            port = free_port()
            urls[service] = f"http://127.0.0.1:{port}"
            if any(service in c.stub_down for c in causes):
                continue
            args = [a for c in causes for a in c.stub.get(service, ())]
            procs.append(subprocess.Popen(
                [sys.executable, str(HERE / "environment" / "partner_stub.py"), "--service",
                    service,
                 "--port", str(port), "--secret", secrets[service], *args]))
            wait_port(port)
        for cause in causes:
            if cause.holder:
                db, mode = cause.holder
                holder = subprocess.Popen(
                    [sys.executable, str(HERE / "environment" / "db_holder.py"),
                        str(volumes / f"{db}.db"),
                     "--mode", mode], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
                assert holder.stdout is not None
                holder.stdout.readline()
                procs.append(holder)
        env = {
            "PATH": "/usr/bin:/bin", "HOME": str(folder), "LANG": "C.UTF-8",
                "PYTHONDONTWRITEBYTECODE": "1",
            "CLAIMS_FRAUD_URL": urls["fraud"], "CLAIMS_FRAUD_KEY": FRAUD_KEY,
            "CLAIMS_PAYMENTS_URL": urls["payments"], "CLAIMS_PAYMENTS_TOKEN": PAYMENTS_TOKEN,
            "CLAIMS_HTTP_TIMEOUT": "1.0", "CLAIMS_SPOOL": str(volumes / "spool.jsonl"),
            "CLAIMS_DOCUMENT_ROOT": str(volumes / "documents"),
                "CLAIMS_AUDIT_DB": str(volumes / "audit.db"),
            "CLAIMS_LEDGER_DB": str(volumes / "ledger.db"),
                "CLAIMS_POLICY_FEED": str(folder / "feeds" / "policies.csv"),
            "CLAIMS_WORKER_MEMORY_MB": "512",
        }
        for cause in causes:
            env.update(cause.env)
        yield env
    finally:
        for proc in procs:
            if proc.stdin:
                proc.stdin.close()
            proc.terminate()
            proc.wait(timeout=10)


def run_job(job: str, folder: Path, env: dict[str, str], python: Path, out_dir: Path,
    tag: str) -> list[Path]:
    """Run a job's suite; rerun the failed tests once. Return the JUnit files written."""
    cwd = folder / job
    job_env = dict(env)
    if job == CACHETOOLS:
        job_env["PYTHONPATH"] = str(cwd / "src")
    written: list[Path] = []
    for attempt in (1, 2):
        xml = out_dir / f"{tag}-attempt{attempt}.xml"
        cmd = [str(python), "-m", "pytest", "-q", "--continue-on-collection-errors",
               "-o", "junit_family=xunit2", "-o", "junit_logging=all",
               "-o", f"junit_suite_name={tag}", "-o", f"cache_dir={folder / ('.cache-' + job)}",
               f"--junitxml={xml}"]
        if attempt == 2:
            cmd.append("--lf")
        proc = subprocess.run(cmd, cwd=cwd, env=job_env, capture_output=True, text=True,
            timeout=1200)
        written.append(xml)
        if proc.returncode == 0 or attempt == 2:
            break
        if proc.returncode not in (1, 2):
            raise RuntimeError(f"{tag} attempt {attempt} ended with {proc.returncode}:"
                               f" {proc.stdout[-2000:]}")
    return written


def run_night(number: int, names: list[str], only_job: str | None = None) -> list[Path]:
    """Apply a night's causes and run both jobs; return the JUnit files."""
    causes = [BY_NAME[n] for n in names]
    folder = WORK / "nights" / f"night-{number:02d}"
    out_dir = RUNS / f"night-{number:02d}"
    out_dir.mkdir(parents=True, exist_ok=True)
    prepare(folder, causes)
    written: list[Path] = []
    with partners(folder, causes) as env:
        for job in JOBS:
            if only_job and job != only_job:
                continue
            lean = job == CACHETOOLS or any(c.lean_venv for c in causes if c.job == job)
            python = venv("venv-cache", PYTEST) if lean else venv("venv-claims", (*PYTEST,
                REQUESTS))
            written += run_job(job, folder, env, python, out_dir, job)
    return written


def testcases(xml: Path) -> dict[str, tuple[str, str, bool]]:
    """Dotted test id -> (classname, name, failed) for every testcase of a JUnit file."""
    cases: dict[str, tuple[str, str, bool]] = {}
    for case in ET.parse(xml).getroot().iter("testcase"):
        classname, name = case.get("classname", ""), case.get("name", "")
        test_id = f"{classname}.{name}" if classname else name
        failed = case.find("failure") is not None or case.find("error") is not None
        previous = cases.get(test_id)
        cases[test_id] = (classname, name, failed or (previous is not None and previous[2]))
    return cases


def read_routing() -> dict[str, str]:
    """Category -> team from routing.yml (and the default under the key ``default``)."""
    teams: dict[str, str] = {}
    for line in (HERE / "routing.yml").read_text().splitlines():
        if line.startswith("default_team:"):
            teams["default"] = line.split(":", 1)[1].strip()
        elif line.startswith("  ") and ":" in line:
            key, value = line.strip().split(":", 1)
            teams[key] = value.strip()
    return teams


def label_night(number: int, names: list[str]) -> tuple[list[dict[str, str]], list[str]]:
    """Labels of every failed test case of a night, and the inconsistencies found."""
    teams = read_routing()
    active = [BY_NAME[n] for n in names]
    rows: list[dict[str, str]] = []
    problems: list[str] = []
    hit: set[str] = set()
    night = f"night-{number:02d}"
    for job in JOBS:
        first = RUNS / night / f"{job}-attempt1.xml"
        second = RUNS / night / f"{job}-attempt2.xml"
        if not first.exists():
            continue
        rerun = testcases(second) if second.exists() else {}
        for xml, attempt in ((first, 1), (second, 2)):
            if not xml.exists():
                continue
            for test_id, (classname, name, failed) in sorted(testcases(xml).items()):
                if not failed:
                    continue
                owners = [c for c in active if c.job == job and matches(test_id, c)]
                if len(owners) != 1:
                    names_found = [c.name for c in owners]
                    problems.append(f"{night} {xml.name} {test_id}: causes {names_found}")
                    continue
                cause = owners[0]
                hit.add(cause.name)
                flaky = False
                if attempt == 1:
                    again = rerun.get(test_id)
                    passed_again = again is not None and not again[2]
                    if cause.category == "flaky" and not passed_again:
                        problems.append(f"{night} {test_id}: flaky cause {cause.name}"
                                        " did not pass on rerun")
                    if cause.category != "flaky" and passed_again:
                        problems.append(f"{night} {test_id}: {cause.name} passed on rerun")
                    flaky = cause.category == "flaky" and passed_again
                rows.append({"night": night, "file": f"runs/{night}/{xml.name}",
                    "classname": classname,
                             "name": name, "cause": cause.name, "category": cause.category,
                             "team": teams.get(cause.category, teams["default"]),
                             "flaky": "true" if flaky else "false"})
    for cause in active:
        if cause.name not in hit:
            problems.append(f"{night}: active cause {cause.name} broke no test")
    return rows, problems


def write_labels(plan: list[list[str]]) -> list[str]:
    """Write labels.csv for the whole plan; return the inconsistencies."""
    rows: list[dict[str, str]] = []
    problems: list[str] = []
    for number, names in enumerate(plan, start=1):
        night_rows, night_problems = label_night(number, names)
        rows += night_rows
        problems += night_problems
    with (HERE / "labels.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, ["night", "file", "classname", "name", "cause", "category",
            "team", "flaky"])
        writer.writeheader()
        writer.writerows(rows)
    return problems


def try_cause(name: str) -> None:
    """Run one cause alone on a scratch night and list the tests it broke."""
    global RUNS
    RUNS = WORK / "try-runs"
    shutil.rmtree(RUNS, ignore_errors=True)
    cause = BY_NAME[name]
    files = run_night(99, [name], only_job=cause.job)
    for xml in files:
        for test_id, (_, _, failed) in testcases(xml).items():
            if failed:
                mark = "" if matches(test_id, cause) else "   <-- outside targets"
                print(f"{xml.name}: {test_id}{mark}")


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--plan", action="store_true", help="only write plan.json")
    parser.add_argument("--split", action="store_true", help="only write split.json")
    parser.add_argument("--labels", action="store_true", help="only relabel the existing runs")
    parser.add_argument("--night", type=int, help="only run this night")
    parser.add_argument("--try", dest="try_cause",
        help="run one cause alone and list what it broke")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    WORK.mkdir(parents=True, exist_ok=True)
    if args.try_cause:
        try_cause(args.try_cause)
        return
    plan = make_plan()
    if args.split:
        (HERE / "split.json").write_text(json.dumps(make_split(sorted(BY_NAME)), indent=2) + "\n")
        return
    (HERE / "plan.json").write_text(json.dumps({"seed": SEED, "nights": plan}, indent=1) + "\n")
    if args.plan:
        return
    if not args.labels:
        started = time.monotonic()
        for number, names in enumerate(plan, start=1):
            if args.night and number != args.night:
                continue
            shutil.rmtree(RUNS / f"night-{number:02d}", ignore_errors=True)
            run_night(number, names)
            print(f"night {number}: {len(names)} causes, {time.monotonic() - started:.0f} s",
                flush=True)
    (HERE / "split.json").write_text(json.dumps(make_split(sorted(BY_NAME)), indent=2) + "\n")
    problems = write_labels(plan)
    for problem in problems:
        print("PROBLEM", problem)
    if problems:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
