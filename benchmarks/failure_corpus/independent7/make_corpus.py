"""Generate the seventh independent failure corpus: run the meterhub service's and
sqlite-utils' test suites night after night against environments broken on purpose.

Usage (as root, from /work/main):
    .venv/bin/python benchmarks/failure_corpus/independent7/make_corpus.py \
        --seed 20261807 --nights 10
    --plan          print the nights' causes and stop
    --only N        run night N alone (writes only its XML)
    --relabel       write labels.csv and routing.yml from runs/ and plan.json
    --try A,B       run the named causes alone in a temporary folder and print what failed
    --split         write split.json from the causes in labels.csv (seed 7)
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
import tarfile
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from causes import BY_NAME, CAUSES, TEAMS, Cause  # noqa: E402
from environment import headend  # noqa: E402

VENVS = Path("/tmp/corpus7-venvs")
WORK = Path("/tmp/corpus7-work")
SDIST = Path("/tmp/corpus7-sdist")
SQLITE_UTILS = "3.38"
JOBS = ("meterhub", "sqlite_utils")
TEST_PINS = ["pytest==8.3.4", "pytest-timeout==2.3.1"]
SERVICE_PINS = ["requests==2.32.3", *TEST_PINS]
SU_DEPS = [
    "click==8.1.7", "click-default-group==1.2.4", "tabulate==0.9.0",
    "python-dateutil==2.9.0.post0", "pluggy==1.5.0", "sqlite-fts4==1.0.3",
    *TEST_PINS, "cogapp==3.4.1", "black==24.8.0",
]
VENV_PINS = {
    "meterhub": ["sqlalchemy==2.0.36", "httpx==0.27.2", *SERVICE_PINS],
    "meterhub-sqlalchemy-1.4": ["sqlalchemy==1.4.54", "httpx==0.27.2", *SERVICE_PINS],
    "meterhub-no-httpx": ["sqlalchemy==2.0.36", *SERVICE_PINS],
    "sqlite_utils": [f"sqlite-utils=={SQLITE_UTILS}", *SU_DEPS, "hypothesis==6.112.1"],
    "sqlite_utils-3.36": ["sqlite-utils==3.36", *SU_DEPS, "hypothesis==6.112.1"],
    "sqlite_utils-no-hypothesis": [f"sqlite-utils=={SQLITE_UTILS}", *SU_DEPS],
}
MAX_CAUSES = {"meterhub": 8, "sqlite_utils": 2}
WIDE = 10


def venv(name: str) -> Path:
    """The virtualenv `name`, created with uv from PyPI pins on first use."""
    path = VENVS / name
    if not (path / "bin" / "python").exists():
        uv = ["python3", "-m", "uv"]
        subprocess.run([*uv, "venv", "-q", "-p", "python3", str(path)], check=True)
        subprocess.run(
            [*uv, "pip", "install", "-q", "--python", str(path / "bin" / "python"),
             *VENV_PINS[name]],
            check=True,
        )
    return path / "bin" / "python"


def sqlite_utils_source() -> Path:
    """The unpacked sqlite-utils sdist at the pinned version, fetched from PyPI."""
    folder = SDIST / f"sqlite_utils-{SQLITE_UTILS}"
    if not (folder / "tests").is_dir():
        SDIST.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["python3", "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:",
             f"sqlite-utils=={SQLITE_UTILS}", "-d", str(SDIST)],
            check=True,
        )
        with tarfile.open(SDIST / f"sqlite_utils-{SQLITE_UTILS}.tar.gz") as tar:
            tar.extractall(SDIST, filter="data")
    return folder


# ---------------------------------------------------------------- test cases and planning


def key(classname: str, name: str) -> str:
    return f"{classname}::{name}"


def nodeid_key(nodeid: str) -> str:
    module, _, name = nodeid.partition("::")
    return key(module.removesuffix(".py").replace("/", "."), name)


def collected(job: str) -> list[str]:
    """Test case keys of a job's clean code base."""
    with tempfile.TemporaryDirectory() as tmp:
        code = prepare_code(job, [], Path(tmp))
        out = subprocess.run(
            [str(venv(job)), "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
            cwd=code, capture_output=True, text=True, env=base_env(Path(tmp), code), timeout=120,
        )
    return [nodeid_key(line) for line in out.stdout.splitlines() if "::" in line]


def matches(cause: Cause, test: str) -> bool:
    return any(fnmatch.fnmatchcase(test, pattern) for pattern in cause.breaks)


def footprint(cause: Cause, tests: dict[str, list[str]]) -> set[str]:
    found = {t for t in tests[cause.job] if matches(cause, t)}
    modules = {p for p in cause.breaks if p.startswith("::")}
    if not found and not modules:
        raise SystemExit(f"{cause.name}: its patterns match no test of {cause.job}")
    # a module that fails to collect takes all its test cases with it
    hidden = {t for t in tests[cause.job] if f"::{t.partition('::')[0]}" in modules}
    return found | modules | hidden  # collection errors: test cases named after modules


def resources(cause: Cause) -> set[str]:
    """What two causes of one night must not both change."""
    used = {f"route:{service}" for service in cause.faults} | {f"env:{k}" for k in cause.env}
    used |= {f"file:{p[0]}" for p in cause.patch} | {f"file:{p}" for p in cause.remove}
    used |= {f"route:{cause.down}"} if cause.down else set()
    if cause.venv:
        used.add(f"venv:{cause.job}")
    if cause.migrations != 3 or cause.sql:
        used.add("schema")
    if cause.volume:
        used.add(f"volume:{cause.volume[0]}")
    if cause.setup:
        used.add(f"setup:{cause.setup}")
    if cause.feed:
        used.add("feed")
    return used


def plan(seed: int, nights: int, tests: dict[str, list[str]]) -> list[list[str]]:
    """The causes active each night: causes used in fewer nights first, among the
    unused ones those breaking at least WIDE tests first, otherwise in a drawn order;
    a cause is used in at most `max_nights` nights."""
    rng = random.Random(seed)
    feet = {c.name: footprint(c, tests) for c in CAUSES}
    used: Counter[str] = Counter()
    schedule = []
    for _ in range(nights):
        night: list[Cause] = []
        draw = {c.name: rng.random() for c in CAUSES}
        order = sorted(
            CAUSES,
            key=lambda c: (
                used[c.name],
                not (used[c.name] == 0 and len(feet[c.name]) >= WIDE),
                draw[c.name],
            ),
        )
        for cause in order:
            same_job = [c for c in night if c.job == cause.job]
            if len(same_job) >= MAX_CAUSES[cause.job] or used[cause.name] >= cause.max_nights:
                continue
            if any(
                feet[c.name] & feet[cause.name] or resources(c) & resources(cause)
                for c in same_job
            ):
                continue
            night.append(cause)
            used[cause.name] += 1
        schedule.append(sorted(c.name for c in night))
    return schedule


# ---------------------------------------------------------------- the night's environment


def base_env(root: Path, code: Path) -> dict[str, str]:
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(root),
        "LANG": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONPATH": str(code),
        "TZ": "UTC",
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def volume(path: Path, state: str) -> Iterator[None]:
    """Mount a tmpfs at `path` that is full or read-only."""
    path.mkdir(parents=True, exist_ok=True)
    options = {"full": "size=64k", "readonly": "ro,size=1m"}[state]
    subprocess.run(["mount", "-t", "tmpfs", "-o", options, "corpus7", str(path)], check=True)
    try:
        if state == "full":
            with suppress(OSError), (path / ".reserve").open("wb", buffering=0) as fh:
                while True:  # until the volume refuses the write: it is full
                    fh.write(b"\0" * 4096)
        yield
    finally:
        subprocess.run(["umount", "-l", str(path)], check=True)


@contextmanager
def write_locked(database: Path) -> Iterator[None]:
    """A meter import job of another team holding the write lock (BEGIN IMMEDIATE):
    readers go on, writers wait for the busy timeout."""
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sqlite3, sys, time\n"
         "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
         "c.execute('BEGIN IMMEDIATE')\n"
         "c.execute(\"INSERT INTO meters (serial, site, kind, customer) "
         "VALUES ('IMPORT-1', 'Import', 'gas', 'business')\")\n"
         "print('locked', flush=True)\n"
         "time.sleep(3600)\n",
         str(database)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        yield
    finally:
        holder.kill()
        holder.wait()


@contextmanager
def partner(service: str, secret: str, faults: list[dict]) -> Iterator[str]:
    """One partner service's stub as its own process; yields its URL."""
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "environment" / "stub.py"), service, secret,
         json.dumps(faults)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert proc.stdout is not None
        yield f"http://127.0.0.1:{int(proc.stdout.readline())}"
    finally:
        proc.kill()
        proc.wait()


def prepare_code(job: str, active: list[Cause], dest: Path) -> Path:
    code = dest / job
    if job == "meterhub":
        shutil.copytree(HERE / "codebases" / "meterhub", code,
                        ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"))
    else:
        code.mkdir(parents=True)
        for folder in ("tests", "docs"):
            shutil.copytree(sqlite_utils_source() / folder, code / folder)
        shutil.copy(HERE / "codebases" / "sqlite_utils_suite" / "pytest.ini", code / "pytest.ini")
    for cause in active:
        for file, old, new in cause.patch:
            target = code / file
            text = target.read_text()
            if text.count(old) != 1:
                raise SystemExit(f"{cause.name}: {old!r} occurs {text.count(old)} times in {file}")
            target.write_text(text.replace(old, new))
        for gone in cause.remove:
            if (code / gone).is_dir():
                shutil.rmtree(code / gone)
            else:
                (code / gone).unlink()
    return code


def run_pytest(python: Path, code: Path, env: dict[str, str], xml: Path, extra: list[str]) -> None:
    xml.parent.mkdir(parents=True, exist_ok=True)
    cmd = [
        str(python), "-m", "pytest", "-q", f"--junitxml={xml}",
        "-o", "junit_family=xunit2", "-o", "junit_logging=all",
        "--continue-on-collection-errors", "-o", f"cache_dir={code / '.pytest_cache'}",
        *extra,
    ]
    subprocess.run(cmd, cwd=code, env=env, capture_output=True, timeout=600)
    if not xml.exists():
        raise SystemExit(f"pytest wrote no {xml}")


def failed_passed(xml: Path) -> tuple[set[str], set[str]]:
    failed: set[str] = set()
    passed: set[str] = set()
    for case in ET.parse(xml).getroot().iter("testcase"):
        bad = case.find("failure") is not None or case.find("error") is not None
        (failed if bad else passed).add(key(case.get("classname", ""), case.get("name", "")))
    return failed, passed - failed


def run_sqlite_utils(root: Path, active: list[Cause], out: Path) -> None:
    code = prepare_code("sqlite_utils", active, root)
    (root / "ci-tmp").mkdir()
    env = {**base_env(root, code), "PYTEST_ADDOPTS": f"--basetemp={root}/ci-tmp/sqlite-utils"}
    for cause in active:
        env.update(cause.env)
    with ExitStack() as stack:
        for cause in active:
            if cause.volume:
                stack.enter_context(volume(root / cause.volume[0], cause.volume[1]))
        python = venv(next((c.venv for c in active if c.venv), "sqlite_utils"))
        run_pytest(python, code, env, out / "sqlite_utils-attempt1.xml", [])


def run_meterhub(root: Path, token: str, active: list[Cause], out: Path) -> None:
    code = prepare_code("meterhub", active, root)
    python = venv(next((c.venv for c in active if c.venv), "meterhub"))
    deploy = venv("meterhub")
    database = root / "data" / "meters.sqlite"
    database.parent.mkdir(parents=True)
    level = min([c.migrations for c in active] or [3])
    subprocess.run(  # the deploy step applies the migrations
        [str(deploy), "-c",
         "import sys; from meterhub.db import migrate; migrate(sys.argv[1], int(sys.argv[2]))",
         str(database), str(level)],
        check=True, env=base_env(root, HERE / "codebases" / "meterhub"),
    )
    for cause in active:
        if cause.sql:
            subprocess.run(
                [str(deploy), "-c",
                 "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
                 "c.executescript(sys.argv[2]); c.close()",
                 str(database), cause.sql],
                check=True,
            )
    style = next((c.feed for c in active if c.feed), "")
    late_feed = any(c.setup == "feed_late" for c in active)
    if not late_feed:
        headend.write(root / "inbox", style)
    else:
        (root / "inbox").mkdir()
    for folder in ("outbox", "spool"):
        (root / folder).mkdir()
    db_path = database
    if any(c.setup == "dangling_db_link" for c in active):
        (root / "volumes").mkdir()
        (root / "volumes" / "meters").symlink_to(root / "volumes" / "meters-2026-11")
        db_path = root / "volumes" / "meters" / "meters.sqlite"
    faults: dict[str, list[dict]] = defaultdict(list)
    for cause in active:
        for service, service_faults in cause.faults.items():
            faults[service] += service_faults
    closed = free_port()
    with ExitStack() as stack:
        for cause in active:
            if cause.volume:
                stack.enter_context(volume(root / cause.volume[0], cause.volume[1]))
            if cause.setup == "write_lock":
                stack.enter_context(write_locked(database))
        urls = {}
        for service in ("tariffs", "registry"):
            if any(c.down == service for c in active):
                urls[service] = f"http://127.0.0.1:{closed}"
            else:
                secret = f"{service[:2]}-{token}"
                urls[service] = stack.enter_context(partner(service, secret, faults[service]))
        env = {
            **base_env(root, code),
            "METERHUB_DB": str(db_path),
            "METERHUB_INBOX": str(root / "inbox"),
            "METERHUB_OUTBOX": str(root / "outbox"),
            "METERHUB_SPOOL": str(root / "spool"),
            "TARIFF_URL": urls["tariffs"],
            "TARIFF_KEY": f"ta-{token}",
            "REGISTRY_URL": urls["registry"],
            "REGISTRY_TOKEN": f"re-{token}",
        }
        for cause in active:
            env.update({k: v.format(token=token) for k, v in cause.env.items()})
        first = out / "meterhub-attempt1.xml"
        run_pytest(python, code, env, first, [])
        if late_feed:  # the head-end export has arrived by the time of the rerun
            headend.write(root / "inbox", style)
        if failed_passed(first)[0]:
            run_pytest(python, code, env, out / "meterhub-attempt2.xml", ["--lf"])


def run_night(number: int, names: list[str], seed: int, out: Path) -> None:
    token = f"{random.Random(f'{seed}-{number}').getrandbits(40):010x}"
    root = WORK / f"night-{number:02d}"
    if root.exists():
        for folder in ("outbox", "spool", "ci-tmp"):
            subprocess.run(["umount", "-l", str(root / folder)], capture_output=True)
        shutil.rmtree(root)
    root.mkdir(parents=True)
    active = [BY_NAME[n] for n in names]
    if out.exists():
        shutil.rmtree(out)
    try:
        run_sqlite_utils(root, [c for c in active if c.job == "sqlite_utils"], out)
        run_meterhub(root, token, [c for c in active if c.job == "meterhub"], out)
    finally:
        shutil.rmtree(root, ignore_errors=True)


# ---------------------------------------------------------------- labels


def label_night(
    night: str, names: list[str], folder: Path, base: Path = HERE
) -> list[dict[str, str]]:
    """Rows of labels.csv for one night; raise when the XML disagrees with the causes."""
    active = [BY_NAME[n] for n in names]
    rows, problems = [], []
    hit: Counter[str] = Counter()
    for job in JOBS:
        causes = [c for c in active if c.job == job]
        first = folder / f"{job}-attempt1.xml"
        failed, _ = failed_passed(first)
        rerun = folder / f"{job}-attempt2.xml"
        refailed, repassed = failed_passed(rerun) if rerun.exists() else (set(), set())
        for test in sorted(failed):
            owners = [c for c in causes if matches(c, test)]
            if len(owners) != 1:
                problems.append(f"{night} {job}: {test} matches {[c.name for c in owners]}")
                continue
            cause = owners[0]
            hit[cause.name] += 1
            rows.append(row(night, first, test, cause, base))
            if cause.flaky and test not in repassed:
                problems.append(f"{night}: flaky {test} did not pass in the rerun")
            if not cause.flaky and rerun.exists() and test not in refailed:
                problems.append(f"{night}: {test} ({cause.name}) passed in the rerun")
            if test in refailed:
                rows.append(row(night, rerun, test, cause, base))
        for test in sorted(refailed - failed):
            problems.append(f"{night} {job}: {test} failed only in the rerun")
    for cause in active:
        if not hit[cause.name]:
            problems.append(f"{night}: {cause.name} broke nothing")
    if problems:
        raise SystemExit("\n".join(problems))
    return rows


def row(night: str, xml: Path, test: str, cause: Cause, base: Path = HERE) -> dict[str, str]:
    classname, _, name = test.partition("::")
    return {
        "night": night,
        "file": str(xml.relative_to(base)),
        "classname": classname,
        "name": name,
        "cause": cause.name,
        "category": cause.category,
        "team": cause.team,
        "flaky": "true" if cause.flaky else "false",
    }


def relabel(schedule: list[list[str]]) -> list[dict[str, str]]:
    rows = []
    for number, names in enumerate(schedule, start=1):
        night = f"night-{number:02d}"
        rows += label_night(night, names, HERE / "runs" / night)
    with (HERE / "labels.csv").open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    routing = [
        "# Owning team per failure category (labels.csv's team column follows this).",
        "default_team: qa",
        "categories:",
    ]
    routing += [f"  {category}: {team}" for category, team in TEAMS.items()]
    (HERE / "routing.yml").write_text("\n".join(routing) + "\n")
    return rows


def split() -> dict[str, list[str]]:
    """Split the labelled causes by category, reading no failure: category after
    category (in the order of TEAMS), the category's causes, sorted by name and then
    shuffled with one random.Random(7), are dealt to development and heldout in turn,
    the dealing going on from one category to the next."""
    with (HERE / "labels.csv").open() as fh:
        category = {r["cause"]: r["category"] for r in csv.DictReader(fh)}
    rng = random.Random(7)
    halves: dict[str, list[str]] = {"development": [], "heldout": []}
    dealt = 0
    for kind in TEAMS:
        causes = sorted(c for c, k in category.items() if k == kind)
        rng.shuffle(causes)
        for cause in causes:
            halves["development" if dealt % 2 == 0 else "heldout"].append(cause)
            dealt += 1
    (HERE / "split.json").write_text(json.dumps(halves, indent=1) + "\n")
    return halves


def summary(rows: list[dict[str, str]]) -> None:
    per_night: dict[str, Counter[str]] = defaultdict(Counter)
    for r in rows:
        per_night[r["night"]][r["file"].rsplit("/", 1)[1]] += 1
    print(json.dumps({
        "failures": len(rows),
        "causes": len({r["cause"] for r in rows}),
        "per_category": Counter(r["category"] for r in rows),
        "per_cause": Counter(r["cause"] for r in rows).most_common(),
        "per_night": per_night,
    }, indent=1))


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seed", type=int, default=20261807)
    parser.add_argument("--nights", type=int, default=10)
    parser.add_argument("--plan", action="store_true")
    parser.add_argument("--only", type=int)
    parser.add_argument("--relabel", action="store_true")
    parser.add_argument("--split", action="store_true")
    parser.add_argument("--try", dest="trial")
    args = parser.parse_args()
    if os.geteuid() != 0:
        raise SystemExit("run as root: the breakages mount tmpfs volumes")
    plan_file = HERE / "plan.json"
    if args.relabel:
        summary(relabel(json.loads(plan_file.read_text())["nights"]))
        return 0
    if args.split:
        print(json.dumps(split(), indent=1))
        return 0
    if args.trial:
        with tempfile.TemporaryDirectory() as tmp:
            run_night(99, args.trial.split(",") if args.trial != "-" else [], args.seed, Path(tmp))
            for xml in sorted(Path(tmp).glob("*.xml")):
                failed, _ = failed_passed(xml)
                print(xml.name, *sorted(failed), sep="\n  ")
            shutil.copytree(tmp, WORK / "last-try", dirs_exist_ok=True)  # to read afterwards
            names = [] if args.trial == "-" else args.trial.split(",")
            try:
                rows = label_night("night-99", names, Path(tmp), Path(tmp))
            except SystemExit as problems:
                print("PROBLEMS:", problems)
            else:
                print("labels agree:", Counter(r["cause"] for r in rows))
        return 0
    tests = {job: collected(job) for job in JOBS}
    schedule = plan(args.seed, args.nights, tests)
    if args.plan:
        for number, names in enumerate(schedule, start=1):
            print(f"night-{number:02d}", *names)
        return 0
    plan_file.write_text(json.dumps({"seed": args.seed, "nights": schedule}, indent=1) + "\n")
    numbers = [args.only] if args.only else range(1, args.nights + 1)
    for number in numbers:
        started = time.monotonic()
        night = f"night-{number:02d}"
        run_night(number, schedule[number - 1], args.seed, HERE / "runs" / night)
        label_night(night, schedule[number - 1], HERE / "runs" / night)
        print(f"{night}: {len(schedule[number - 1])} causes, {time.monotonic() - started:.0f} s",
              flush=True)
    if not args.only:
        summary(relabel(schedule))
        split()
    return 0


if __name__ == "__main__":
    sys.exit(main())
