"""Regenerate the corpus: build the jobs' environments, break them night by night, run the suites.

Usage (as root, which the outbox mounts need)::

    python make_corpus.py            # environments, plan, all nights, labels, split
    python make_corpus.py --split    # only split.json, from the cause catalogue
    python make_corpus.py --nights 1,4  # rerun some nights (plan from plan.json)

Work files (virtualenvs, the dateutil sdist, per-night trees) go under ``$CORPUS8_WORK``
(default ``/tmp/corpus8-work``); nothing there is committed.
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
import tarfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from causes import AREAS, CATEGORIES, CAUSES, Cause, Night  # noqa: E402
from environment import drops  # noqa: E402

WORK = Path(os.environ.get("CORPUS8_WORK", "/tmp/corpus8-work"))
RUNS = HERE / "runs"
SEED = 80_326
NIGHTS = 12
ACTIVE_SHARE = 0.42
PYTHON = os.environ.get("CORPUS8_PYTHON", "python3.11")

DATEUTIL = "python-dateutil==2.9.0.post0"
COMMON = ["pytest==8.3.5", "pytest-timeout==2.3.1"]
PACKAGES = {
    "parcels": [*COMMON, "requests==2.32.3", "urllib3==2.2.3", "jsonschema==4.23.0"],
    "dateutil": [*COMMON, "freezegun==1.5.1", "hypothesis==6.112.0", "six==1.16.0"],
}
PORTS = {"carrier": 18701, "rates": 18702, "status": 18711}
CARRIER_TOKEN = "ct-2026-03-current"
RATES_KEY = "rk-2026-live"


def sh(cmd: list[str], **kw: object) -> subprocess.CompletedProcess[str]:
    """Run a command, failing loudly."""
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kw)  # type: ignore[call-overload, no-any-return]


def venv(job: str) -> Path:
    return WORK / f"venv-{job}"


def pip(job: str, *args: str) -> None:
    sh([str(venv(job) / "bin" / "python"), "-m", "pip", "-q", "--disable-pip-version-check",
        *args])


def setup_environments() -> None:
    """Create both jobs' virtualenvs and fetch the dateutil sdist with its tests."""
    WORK.mkdir(parents=True, exist_ok=True)
    for job, packages in PACKAGES.items():
        if not (venv(job) / "bin" / "python").exists():
            sh([PYTHON, "-m", "venv", str(venv(job))])
        pip(job, "install", *packages)
    # freezegun pulls a python-dateutil of its own; the suite must import the sdist's source.
    pip("dateutil", "uninstall", "-y", "python-dateutil")
    sdist = WORK / "sdist"
    if not any(sdist.glob("python-dateutil-*.tar.gz")):
        sdist.mkdir(exist_ok=True)
        sh([str(venv("dateutil") / "bin" / "python"), "-m", "pip", "download", "-q",
            "--no-deps", "--no-binary", ":all:", "-d", str(sdist), DATEUTIL])


def make_plan(seed: int) -> list[list[str]]:
    """Pick each night's causes; causes sharing an area of a job never meet on a night.

    Each night considers tonight's one-night causes first, then the causes picked least often so
    far, so that every cause is active on some night and most on several.
    """
    rng = random.Random(seed)
    rare_night = {c.name: rng.randrange(NIGHTS) for c in CAUSES if c.rare}
    seen = dict.fromkeys((c.name for c in CAUSES), 0)
    nights: list[list[str]] = []
    for n in range(NIGHTS):
        keyed = [(rare_night.get(c.name) != n, seen[c.name], rng.random(), c) for c in CAUSES]
        keyed.sort(key=lambda k: k[:3])
        taken: set[tuple[str, str]] = set()
        active: list[str] = []
        for _, count, _, cause in keyed:
            if cause.rare:
                wanted = rare_night[cause.name] == n
            else:
                wanted = count == 0 or rng.random() < ACTIVE_SHARE
            areas = {(cause.job, a) for a in cause.areas}
            if wanted and not areas & taken:
                taken |= areas
                active.append(cause.name)
                seen[cause.name] += 1
        nights.append(sorted(active))
    return nights


def prepare_tree(job: str, dest: Path) -> None:
    """A fresh checkout of a job: the service's code, or the dateutil sdist plus our ini."""
    if job == "parcels":
        shutil.copytree(HERE / "codebases" / "parcels", dest,
                        ignore=shutil.ignore_patterns("__pycache__"))
        return
    archive = next((WORK / "sdist").glob("python-dateutil-*.tar.gz"))
    with tarfile.open(archive) as tar:
        tar.extractall(dest.parent, filter="data")
    unpacked = dest.parent / archive.name.removesuffix(".tar.gz")
    unpacked.rename(dest)
    shutil.copy(HERE / "codebases" / "dateutil" / "pytest.ini", dest / "pytest.ini")


def write_drops(inbox: Path) -> None:
    inbox.mkdir(parents=True, exist_ok=True)
    for part, rows in drops.manifests().items():
        drops.write_manifest(inbox / f"manifest-{part}.csv", rows)
    drops.write_webhooks(inbox / "webhooks-swx.jsonl", drops.webhooks())


def base_env(job: str, tree: Path, work: Path) -> dict[str, str]:
    env = {"PATH": f"{venv(job)}/bin:/usr/bin:/bin", "HOME": str(work), "LANG": "C.UTF-8",
           "TZ": "UTC", "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1"}
    if job == "parcels":
        env.update({
            "PYTHONPATH": str(tree),
            "PARCELS_DEPOT_DB": str(work / "depot" / "depot.db"),
            "PARCELS_CARRIER_URL": f"http://127.0.0.1:{PORTS['carrier']}",
            "PARCELS_CARRIER_TOKEN": CARRIER_TOKEN,
            "PARCELS_RATES_URL": f"http://127.0.0.1:{PORTS['rates']}",
            "PARCELS_RATES_KEY": RATES_KEY,
            "PARCELS_INBOX": str(work / "inbox"),
            "PARCELS_OUTBOX": str(work / "outbox"),
            "PARCELS_STATUS_PORT": str(PORTS["status"]),
        })
    else:
        env["PYTHONPATH"] = str(tree / "src")
    return env


def _migrations(tree: Path) -> list[tuple[int, str]]:
    scope: dict[str, object] = {}
    source = (tree / "parcelhub" / "db.py").read_text(encoding="utf-8")
    exec(compile(source, "db.py", "exec"), scope)  # noqa: S102 - the checkout's own migrations
    return list(scope["MIGRATIONS"])  # type: ignore[call-overload]


def _start(cmd: list[str], env: dict[str, str], wait_ready: bool) -> subprocess.Popen[str]:
    proc = subprocess.Popen(cmd, env=env, cwd=HERE, text=True, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    if wait_ready:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        if line.strip() != "ready":
            raise RuntimeError(f"{cmd} did not start")
    return proc


def _stop(procs: list[subprocess.Popen[str]]) -> None:
    for proc in procs:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    procs.clear()


def _wait_port(port: int) -> None:
    import socket

    for _ in range(200):
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.02)
    raise RuntimeError(f"nothing listens on {port}")


def _mount(path: str, kind: str) -> None:
    Path(path).mkdir(parents=True, exist_ok=True)
    options = "size=64k" if kind == "full" else "ro,size=64k"
    sh(["mount", "-t", "tmpfs", "-o", options, "tmpfs", path])
    if kind == "full":
        _fill(Path(path) / "filler")


def _fill(path: Path) -> None:
    """Write zeros to ``path`` until its file system has no space left."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError as error:
        if error.errno != errno.ENOSPC:
            raise
    finally:
        os.close(fd)


def failed_cases(xml: Path) -> set[tuple[str, str]]:
    """(classname, name) of every test case with a failure or an error."""
    root = ET.parse(xml).getroot()
    return {(tc.get("classname", ""), tc.get("name", "")) for tc in root.iter("testcase")
            if tc.find("failure") is not None or tc.find("error") is not None}


def run_pytest(job: str, tree: Path, env: dict[str, str], xml: Path, rerun: bool) -> None:
    args = [str(venv(job) / "bin" / "python"), "-m", "pytest", "-q", "-o", "junit_family=xunit2",
            "-o", "junit_logging=all", "-o", "junit_log_passing_tests=false",
            "-o", "cache_dir=.pytest_cache", f"--junitxml={xml}",
            "-p", "no:randomly", "--continue-on-collection-errors"]
    if rerun:
        args.append("--lf")
    subprocess.run(args, cwd=tree, env=env, text=True, capture_output=True, timeout=1200,
                   check=False)
    if not xml.exists():
        raise RuntimeError(f"{job}: pytest wrote no JUnit report")


def run_job(n: int, job: str, active: list[Cause]) -> list[Path]:
    """Run one job on one night with its causes applied; return the JUnit files written."""
    work = WORK / f"night-{n:02d}" / job
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    tree = work / "tree"
    prepare_tree(job, tree)
    env = base_env(job, tree, work)
    night = Night(job=job, tree=tree, env=env, inbox=work / "inbox", work=work)
    night.carrier["token"] = CARRIER_TOKEN
    night.rates["key"] = RATES_KEY
    write_drops(night.inbox)
    (work / "outbox").mkdir()
    for cause in active:
        cause.apply(night)
    procs: list[subprocess.Popen[str]] = []
    transient: list[subprocess.Popen[str]] = []
    mounted: list[str] = []
    try:
        for name in night.uninstall:
            pip(job, "uninstall", "-y", name)
        if night.install:
            pip(job, "install", *night.install)
        if job == "parcels":
            (work / "depot").mkdir()
            depot = Path(env["PARCELS_DEPOT_DB"])
            drops.provision_depot(depot, _migrations(tree), night.depot_version)
            import sqlite3

            conn = sqlite3.connect(depot, isolation_level=None)
            for statement in night.depot_sql:
                conn.execute(statement)
            conn.close()
            for service in ("carrier", "rates"):
                if getattr(night, f"start_{service}"):
                    cfg = work / f"{service}.json"
                    cfg.write_text(json.dumps(getattr(night, service)))
                    procs.append(_start([sys.executable, f"environment/{service}_stub.py",
                                         str(PORTS[service]), str(cfg)], env, False))
                    _wait_port(PORTS[service])
        for path, kind, _ in night.mounts:
            mounted.append(path)
            _mount(path, kind)
        holder_env = {**env, "PYTHONPATH": str(HERE)}
        for argv in night.holders:
            procs.append(_start([sys.executable, "-m", "environment.holders", *argv],
                                holder_env, True))
        for argv in night.transient_holders:
            transient.append(_start([sys.executable, "-m", "environment.holders", *argv],
                                    holder_env, True))
        out = RUNS / f"night-{n:02d}"
        out.mkdir(parents=True, exist_ok=True)
        first = out / f"{job}-attempt1.xml"
        run_pytest(job, tree, env, first, rerun=False)
        written = [first]
        _stop(transient)
        if failed_cases(first):
            second = out / f"{job}-attempt2.xml"
            run_pytest(job, tree, env, second, rerun=True)
            written.append(second)
        return written
    finally:
        _stop(transient)
        _stop(procs)
        for path in mounted:
            subprocess.run(["umount", path], check=False)
        if night.install:
            pip(job, "install", *PACKAGES[job])
            if "pyrsistent" in night.install:
                pip(job, "uninstall", "-y", "pyrsistent")
        if night.uninstall:
            pip(job, "install", *PACKAGES[job])
            if job == "dateutil":
                pip(job, "uninstall", "-y", "python-dateutil")


def cause_of(job: str, classname: str, name: str, active: list[Cause]) -> list[Cause]:
    """The active causes of a job whose tests include this test case."""
    full = f"{classname}.{name}".lstrip(".")
    return [c for c in active if c.job == job
            and any(full == s or full.startswith(s + ".") for s in c.selectors())]


def label(plan: list[list[str]]) -> list[dict[str, str]]:
    """One row per failed test case of every JUnit file, naming the cause applied."""
    from causes import BY_NAME

    routing = team_of_category()
    rows: list[dict[str, str]] = []
    for n, names in enumerate(plan, start=1):
        active = [BY_NAME[x] for x in names]
        for job in AREAS:
            first = RUNS / f"night-{n:02d}" / f"{job}-attempt1.xml"
            second = first.with_name(f"{job}-attempt2.xml")
            failed_again = failed_cases(second) if second.exists() else set()
            for xml in (first, second):
                if not xml.exists():
                    continue
                for classname, name in sorted(failed_cases(xml)):
                    found = cause_of(job, classname, name, active)
                    if len(found) != 1:
                        raise RuntimeError(
                            f"night {n} {xml.name} {classname}::{name}: causes {found}")
                    cause = found[0]
                    flaky = (cause.category == "flaky" and xml == first
                             and (classname, name) not in failed_again)
                    rows.append({"night": str(n), "file": str(xml.relative_to(HERE)),
                                 "classname": classname, "name": name, "cause": cause.name,
                                 "category": cause.category, "team": routing[cause.category],
                                 "flaky": "true" if flaky else "false"})
    return rows


def team_of_category() -> dict[str, str]:
    """The routing of categories to teams, read from routing.yml."""
    teams: dict[str, str] = {}
    for line in (HERE / "routing.yml").read_text().splitlines():
        if line.startswith("  ") and ":" in line:
            key, value = line.strip().split(":", 1)
            teams[key] = value.strip()
    missing = set(CATEGORIES) - set(teams)
    if missing:
        raise RuntimeError(f"routing.yml lacks {sorted(missing)}")
    return teams


def split() -> dict[str, list[str]]:
    """Halve the causes: per category (alphabetical), shuffled with Random(8), alternating."""
    rng = random.Random(8)
    halves: dict[str, list[str]] = {"development": [], "heldout": []}
    for category in sorted(CATEGORIES):
        names = sorted(c.name for c in CAUSES if c.category == category)
        rng.shuffle(names)
        for i, name in enumerate(names):
            halves["development" if i % 2 == 0 else "heldout"].append(name)
    return halves


def write_split() -> None:
    (HERE / "split.json").write_text(json.dumps(split(), indent=1) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", action="store_true", help="only write split.json")
    parser.add_argument("--nights", help="comma-separated nights to rerun (1-based)")
    args = parser.parse_args()
    if args.split:
        write_split()
        return
    from causes import BY_NAME

    started = time.monotonic()
    setup_environments()
    if args.nights:
        plan = json.loads((HERE / "plan.json").read_text())["nights"]
        todo = [int(x) for x in args.nights.split(",")]
    else:
        plan = make_plan(SEED)
        (HERE / "plan.json").write_text(json.dumps({"seed": SEED, "nights": plan}, indent=1)
                                        + "\n")
        if RUNS.exists():
            shutil.rmtree(RUNS)
        todo = list(range(1, NIGHTS + 1))
    for n in todo:
        shutil.rmtree(RUNS / f"night-{n:02d}", ignore_errors=True)
        for job in AREAS:
            active = [BY_NAME[x] for x in plan[n - 1] if BY_NAME[x].job == job]
            t0 = time.monotonic()
            run_job(n, job, active)
            print(f"night {n:02d} {job}: {len(active)} causes, {time.monotonic() - t0:.0f}s",
                  flush=True)
    rows = label(plan)
    with (HERE / "labels.csv").open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["night", "file", "classname", "name", "cause",
                                                "category", "team", "flaky"])
        writer.writeheader()
        writer.writerows(rows)
    write_split()
    print(f"{len(rows)} labelled failures in {time.monotonic() - started:.0f}s")


if __name__ == "__main__":
    main()
