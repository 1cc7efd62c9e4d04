"""Generate the fifth independent failure corpus: run the lending service's and
pgspecial's test suites night after night against environments broken on purpose.

Usage (as root, from /work/main):
    .venv/bin/python benchmarks/failure_corpus/independent5/make_corpus.py \
        --seed 20261705 --nights 12
    --plan          print the nights' causes and stop
    --only N        run night N alone (writes only its XML)
    --from N        run nights N to the last, then relabel all
    --relabel       write labels.csv, routing.yml and split.json from runs/ and plan.json
    --try A,B       run the named causes alone in a temporary folder and print what failed
"""

from __future__ import annotations

import argparse
import csv
import fnmatch
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from causes import BY_NAME, CAUSES, TEAMS, Cause  # noqa: E402
from environment.partners import Fault, Partners, Server  # noqa: E402
from environment.postgres import Cluster, free_port  # noqa: E402

VENVS = Path("/tmp/corpus5-venvs")
WORK = Path("/tmp/corpus5-work")
JOBS = ("lending", "pgspecial")
LENDING_PINS = [
    "psycopg[binary]==3.2.3",
    "urllib3==2.2.3",
    "aiohttp==3.10.11",
    "pytest==8.3.4",
    "pytest-timeout==2.3.1",
]
PGSPECIAL_PINS = [
    "pgspecial==2.2.1",
    "psycopg[binary]==3.2.3",
    "click==8.1.7",
    "sqlparse==0.5.2",
    "configobj==5.0.9",
    "pytest==8.3.4",
    "pytest-timeout==2.3.1",
]
VENV_PINS = {
    "lending": LENDING_PINS,
    "lending-noaiohttp": [p for p in LENDING_PINS if not p.startswith("aiohttp")],
    "lending-urllib3-126": [
        *(p for p in LENDING_PINS if not p.startswith("urllib3")),
        "urllib3==1.26.20",
    ],
    "pgspecial": PGSPECIAL_PINS,
    "pgspecial-noconfigobj": [p for p in PGSPECIAL_PINS if not p.startswith("configobj")],
}
BRANCHES = ("central", "harbour", "hillside")
MAX_CAUSES = {"lending": 9, "pgspecial": 1}
PGSPECIAL_NIGHT_SHARE = 0.75
WIDE = 15


def venv(name: str) -> Path:
    """The virtualenv `name`, created with uv from PyPI pins on first use."""
    path = VENVS / name
    if not (path / "bin" / "python").exists():
        subprocess.run(
            ["python3", "-m", "uv", "venv", "-q", "-p", "python3", str(path)], check=True
        )
        subprocess.run(
            [
                "python3",
                "-m",
                "uv",
                "pip",
                "install",
                "-q",
                "--python",
                str(path / "bin" / "python"),
                *VENV_PINS[name],
            ],
            check=True,
        )
    return path / "bin" / "python"


# ---------------------------------------------------------------- test cases and planning


def key(classname: str, name: str) -> str:
    return f"{classname}::{name}"


def nodeid_key(nodeid: str) -> str:
    module, _, name = nodeid.partition("::")
    return key(module.removesuffix(".py").replace("/", "."), name)


def collected(job: str) -> list[str]:
    """Test case keys of a job's clean code base."""
    python = venv(job)
    out = subprocess.run(
        [str(python), "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
        cwd=HERE / "codebases" / suite_dir(job),
        capture_output=True,
        text=True,
        env=base_env(Path("/tmp")),
        timeout=120,
    )
    return [nodeid_key(line) for line in out.stdout.splitlines() if "::" in line]


def suite_dir(job: str) -> str:
    return {"lending": "lending", "pgspecial": "pgspecial_suite"}[job]


def matches(cause: Cause, test: str) -> bool:
    return any(fnmatch.fnmatchcase(test, pattern) for pattern in cause.breaks)


def footprint(cause: Cause, tests: dict[str, list[str]]) -> set[str]:
    found = {t for t in tests[cause.job] if matches(cause, t)}
    if not found:
        raise SystemExit(f"{cause.name}: its patterns match no test of {cause.job}")
    return found


def resources(cause: Cause) -> set[str]:
    """What two causes of one night must not both change."""
    used = {f"route:{f['route']}" for f in cause.faults} | {f"env:{k}" for k in cause.env}
    if cause.venv:
        used.add(f"venv:{cause.job}")
    if cause.migrations != 4:
        used.add("migrations")
    if cause.feed:
        used.add("feed")
    if cause.volume:
        used.add(f"volume:{cause.volume[0]}")
    if cause.server:
        used.add("server")
    return used


def plan(seed: int, nights: int, tests: dict[str, list[str]]) -> list[list[str]]:
    """The causes active each night: causes used in fewer nights first, among the
    unused ones those breaking at least WIDE tests first, otherwise in a drawn order."""
    rng = random.Random(seed)
    feet = {c.name: footprint(c, tests) for c in CAUSES}
    used: Counter[str] = Counter()

    def wide(cause: Cause) -> bool:
        return used[cause.name] == 0 and len(feet[cause.name]) >= WIDE

    schedule = []
    for _ in range(nights):
        night: list[Cause] = []
        draw = {c.name: rng.random() for c in CAUSES}
        order = sorted(CAUSES, key=lambda c: (used[c.name], not wide(c), draw[c.name]))
        pg_tonight = rng.random() < PGSPECIAL_NIGHT_SHARE
        for cause in order:
            same_job = [c for c in night if c.job == cause.job]
            if len(same_job) >= MAX_CAUSES[cause.job] or (
                cause.job == "pgspecial" and not pg_tonight
            ):
                continue
            if any(
                feet[c.name] & feet[cause.name] or resources(c) & resources(cause) for c in same_job
            ):
                continue
            night.append(cause)
            used[cause.name] += 1
        schedule.append(sorted(c.name for c in night))
    return schedule


# ---------------------------------------------------------------- the night's environment


def base_env(root: Path) -> dict[str, str]:
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(root),
        "LANG": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "TZ": "UTC",
    }


@dataclass
class Night:
    number: int
    token: str
    rng: random.Random
    root: Path
    cluster: Cluster

    @property
    def lending_password(self) -> str:
        return f"pw-{self.token}"


def provision(night: Night, migrations: int) -> None:
    cluster = night.cluster
    cluster.sql(
        f"CREATE ROLE lending_app LOGIN PASSWORD '{night.lending_password}';"
        "CREATE DATABASE lending OWNER lending_app;"
        "CREATE ROLE postgres LOGIN SUPERUSER CREATEDB CREATEROLE REPLICATION "
        f"PASSWORD 'ci-{night.token}';"
        "CREATE DATABASE _test_db OWNER postgres ENCODING 'UTF8' TEMPLATE template0;"
    )
    scripts = sorted((HERE / "codebases/lending/lending/migrations").glob("*.sql"))
    with cluster.admin("lending") as conn:
        conn.execute("SET ROLE lending_app")
        conn.execute("CREATE TABLE schema_migrations (name text PRIMARY KEY)")
        for script in scripts:
            if int(script.name[:3]) <= migrations:
                conn.execute(script.read_text())
                conn.execute("INSERT INTO schema_migrations VALUES (%s)", (script.name,))


def write_feed(night: Night, path: Path, variant: str) -> None:
    rng = random.Random(f"{night.token}-feed")
    header = [
        "isbn",
        "title",
        "branch",
        "quantity" if variant == "quantity" else "copies",
        "unit_price",
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        for n in range(20 + rng.randrange(15)):
            price = f"{rng.randrange(600, 4500) / 100:.2f}"
            writer.writerow(
                [
                    f"978{rng.randrange(10**10):010d}",
                    f"Title {n} {night.token[:4]}",
                    rng.choice(BRANCHES),
                    rng.randint(1, 6),
                    f"EUR {price}" if variant == "currency" else price,
                ]
            )


@contextmanager
def volume(path: Path, state: str) -> Iterator[None]:
    """Mount a tmpfs at `path` that is full, read-only or out of inodes."""
    path.mkdir(parents=True, exist_ok=True)
    options = {"full": "size=64k", "readonly": "ro,size=1m", "inodes": "size=4m,nr_inodes=64"}[
        state
    ]
    subprocess.run(["mount", "-t", "tmpfs", "-o", options, "corpus5", str(path)], check=True)
    try:
        if state == "full":
            with suppress(OSError), (path / ".reserve").open("wb", buffering=0) as fh:
                while True:  # until the volume refuses the write: it is full
                    fh.write(b"\0" * 4096)
        elif state == "inodes":
            for n in range(10_000):
                try:
                    (path / f".held-{n}").touch()
                except OSError:
                    break
        yield
    finally:
        subprocess.run(["umount", "-l", str(path)], check=True)


def prepare_code(job: str, active: list[Cause], dest: Path) -> Path:
    code = dest / suite_dir(job)
    shutil.copytree(
        HERE / "codebases" / suite_dir(job),
        code,
        ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"),
    )
    for cause in active:
        for file, old, new in cause.patch:
            target = code / file
            text = target.read_text()
            if text.count(old) != 1:
                raise SystemExit(f"{cause.name}: {old!r} occurs {text.count(old)} times in {file}")
            target.write_text(text.replace(old, new))
        for old_path, new_path in cause.rename:
            (code / old_path).rename(code / new_path)
    return code


def run_pytest(python: Path, code: Path, env: dict[str, str], xml: Path, extra: list[str]) -> None:
    xml.parent.mkdir(parents=True, exist_ok=True)
    cmd = [
        str(python),
        "-m",
        "pytest",
        "-q",
        f"--junitxml={xml}",
        "--continue-on-collection-errors",
        "-o",
        f"cache_dir={code / '.pytest_cache'}",
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


def run_pgspecial(night: Night, active: list[Cause], out: Path) -> None:
    cluster = night.cluster
    for cause in active:
        if cause.sql:
            cluster.sql(
                cause.sql.format(token=night.token), dbname=cause.sql_database or "postgres"
            )
        if cause.hba:
            cluster.prepend_hba(cause.hba)
    code = prepare_code("pgspecial", active, night.root)
    env = {
        **base_env(night.root),
        "PGHOST": "127.0.0.1",
        "PGPORT": str(cluster.port),
        "PGUSER": "postgres",
        "PGPASSWORD": f"ci-{night.token}",
    }
    python = venv(next((c.venv for c in active if c.venv), "pgspecial"))
    run_pytest(python, code, env, out / "pgspecial-attempt1.xml", [])


def run_lending(night: Night, active: list[Cause], out: Path) -> None:
    cluster = night.cluster
    for cause in active:
        if cause.sql:
            cluster.sql(cause.sql.format(token=night.token), dbname=cause.sql_database or "lending")
    code = prepare_code("lending", active, night.root)
    feed = night.root / "feeds" / "acquisitions.csv"
    write_feed(night, feed, next((c.feed for c in active if c.feed), ""))
    partners = Partners(
        f"cat-{night.token}",
        f"ntc-{night.token}",
        night.rng.randrange(10**6),
        [Fault(**spec) for c in active for spec in c.faults],
    )
    closed = free_port()
    with ExitStack() as stack:
        for cause in active:
            if cause.volume:
                stack.enter_context(volume(night.root / cause.volume[0], cause.volume[1]))
        server = stack.enter_context(Server(partners))
        if any(c.server == "stop" for c in active):
            cluster.stop()
        env = {
            **base_env(night.root),
            "PYTHONPATH": str(code),
            "LENDING_DSN": f"host=127.0.0.1 port={cluster.port} dbname=lending "
            f"user=lending_app password={night.lending_password}",
            "CATALOGUE_URL": server.url,
            "CATALOGUE_TOKEN": partners.catalogue_token,
            "NOTICES_URL": server.url,
            "NOTICES_KEY": partners.notices_key,
            "LENDING_EXPORT_DIR": str(night.root / "export"),
            "LENDING_SPOOL_DIR": str(night.root / "spool"),
            "LENDING_FEED": str(feed),
        }
        for cause in active:
            env.update(
                {k: v.format(token=night.token, closed_port=closed) for k, v in cause.env.items()}
            )
        python = venv(next((c.venv for c in active if c.venv), "lending"))
        first = out / "lending-attempt1.xml"
        run_pytest(python, code, env, first, [])
        if failed_passed(first)[0]:
            run_pytest(python, code, env, out / "lending-attempt2.xml", ["--lf"])


def run_night(number: int, names: list[str], seed: int, out: Path) -> None:
    token = f"{random.Random(f'{seed}-{number}').getrandbits(40):010x}"
    root = WORK / f"night-{number:02d}"
    if root.exists():
        subprocess.run(["umount", "-l", str(root / "export")], capture_output=True)
        subprocess.run(["umount", "-l", str(root / "spool")], capture_output=True)
        shutil.rmtree(root)
    root.mkdir(parents=True)
    shutil.chown(root, "postgres")
    active = [BY_NAME[n] for n in names]
    cluster = Cluster(root / "pg").init()
    night = Night(number, token, random.Random(f"{seed}-{number}-rng"), root, cluster)
    if out.exists():
        shutil.rmtree(out)
    try:
        cluster.start()
        provision(
            night,
            min(c.migrations for c in active if c.job == "lending")
            if any(c.job == "lending" for c in active)
            else 4,
        )
        run_pgspecial(night, [c for c in active if c.job == "pgspecial"], out)
        run_lending(night, [c for c in active if c.job == "lending"], out)
    finally:
        cluster.destroy()
        shutil.rmtree(root, ignore_errors=True)


# ---------------------------------------------------------------- labels


def label_night(night: str, names: list[str], folder: Path) -> list[dict[str, str]]:
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
            rows.append(row(night, first, test, cause))
            if cause.flaky and test not in repassed:
                problems.append(f"{night}: flaky {test} did not pass in the rerun")
            if not cause.flaky and rerun.exists() and test not in refailed:
                problems.append(f"{night}: {test} ({cause.name}) passed in the rerun")
            if test in refailed:
                rows.append(row(night, rerun, test, cause))
        for test in sorted(refailed - failed):
            problems.append(f"{night} {job}: {test} failed only in the rerun")
    for cause in active:
        if not hit[cause.name]:
            problems.append(f"{night}: {cause.name} broke nothing")
    if problems:
        raise SystemExit("\n".join(problems))
    return rows


def row(night: str, xml: Path, test: str, cause: Cause) -> dict[str, str]:
    classname, _, name = test.partition("::")
    return {
        "night": night,
        "file": str(xml.relative_to(HERE)),
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
    causes = sorted({r["cause"] for r in rows})
    (HERE / "split.json").write_text(
        json.dumps({"development": [], "heldout": causes}, indent=2) + "\n"
    )
    return rows


def summary(rows: list[dict[str, str]]) -> None:
    per_night: dict[str, Counter[str]] = defaultdict(Counter)
    for r in rows:
        per_night[r["night"]][r["file"].rsplit("/", 1)[1]] += 1
    print(
        json.dumps(
            {
                "failures": len(rows),
                "causes": len({r["cause"] for r in rows}),
                "per_category": Counter(r["category"] for r in rows),
                "per_night": per_night,
            },
            indent=1,
        )
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=20261705)
    parser.add_argument("--nights", type=int, default=12)
    parser.add_argument("--plan", action="store_true")
    parser.add_argument("--only", type=int)
    parser.add_argument("--from", dest="start", type=int, default=1)
    parser.add_argument("--relabel", action="store_true")
    parser.add_argument("--try", dest="trial")
    args = parser.parse_args()
    plan_file = HERE / "plan.json"
    if args.relabel:
        summary(relabel(json.loads(plan_file.read_text())["nights"]))
        return 0
    if args.trial:
        names = args.trial.split(",")
        with tempfile.TemporaryDirectory() as tmp:
            run_night(99, names, args.seed, Path(tmp))
            for xml in sorted(Path(tmp).glob("*.xml")):
                failed, _ = failed_passed(xml)
                print(xml.name, *sorted(failed), sep="\n  ")
        return 0
    tests = {job: collected(job) for job in JOBS}
    schedule = plan(args.seed, args.nights, tests)
    if args.plan:
        for number, names in enumerate(schedule, start=1):
            print(f"night-{number:02d}", *names)
        return 0
    plan_file.write_text(json.dumps({"seed": args.seed, "nights": schedule}, indent=1) + "\n")
    numbers = [args.only] if args.only else range(args.start, args.nights + 1)
    for number in numbers:
        started = time.monotonic()
        night = f"night-{number:02d}"
        run_night(number, schedule[number - 1], args.seed, HERE / "runs" / night)
        label_night(night, schedule[number - 1], HERE / "runs" / night)
        print(
            f"{night}: {len(schedule[number - 1])} causes, {time.monotonic() - started:.0f} s",
            flush=True,
        )
    if not args.only:
        summary(relabel(schedule))
    return 0


if __name__ == "__main__":
    sys.exit(main())
