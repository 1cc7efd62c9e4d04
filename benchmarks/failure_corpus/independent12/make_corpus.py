"""Regenerate the corpus: environments, nightly breakages, pytest runs, labels, plan and split.

Usage: ``python make_corpus.py [--nights 9] [--seed 1212] [--work /tmp/fleet-corpus]``
or ``python make_corpus.py --split`` (rewrite split.json from the catalogue only).
Needs ``uv``, ``redis-server``, ``gzip`` and network access to PyPI on the first run.
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
import subprocess
import sys
import tarfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from causes import BY_NAME, CAUSES, FLEET, MOREIT, Cause, Edit, overlaps  # noqa: E402

PY = "3.11"
SERVICE_PINS = ["sqlalchemy==2.0.36", "redis==5.2.1", "requests==2.32.3", "urllib3==2.2.3",
                "pytest==8.3.4", "pytest-timeout==2.3.1"]
OSS_PINS = ["pytest==8.3.4", "pytest-timeout==2.3.1"]
MOREIT_VERSION = "10.5.0"
MOREIT_OLD = "10.3.0"
OVERLAYS = {"overlay_urllib3": "urllib3==1.26.20", "overlay_redis": "redis==3.5.3"}
PARTS_KEY = "depot-key-7f3a"
TELEMATICS_TOKEN = "tm-token-41c9"
QUEUE_PASSWORD = "queue-pass-2026"
ROUTING = {
    "schema_drift": "platform-data", "integrity_violation": "platform-data",
    "database_unavailable": "platform-data", "missing_dependency": "release-engineering",
    "product_bug": "product-dev", "wrong_behaviour": "product-dev",
    "data_contract": "data-engineering", "hang": "product-dev", "slow_upstream": "integrations",
    "upstream_5xx": "integrations", "upstream_unreachable": "integrations",
    "credentials_refused": "integrations", "test_harness": "qa", "flaky": "qa",
    "infrastructure": "ci-infra",
}
JOBS = (FLEET, MOREIT)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run(cmd: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kwargs)  # type: ignore[call-overload, no-any-return]


@dataclass
class Tools:
    """The virtualenvs and downloaded sources the runs use."""

    root: Path

    @property
    def svc_python(self) -> Path:
        return self.root / "venv-svc" / "bin" / "python"

    @property
    def oss_python(self) -> Path:
        return self.root / "venv-oss" / "bin" / "python"

    @property
    def moreit_site(self) -> Path:
        return self.root / "venv-oss" / "lib" / f"python{PY}" / "site-packages" / "more_itertools"

    def overlay(self, action: str) -> Path:
        return self.root / action

    def prepare(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        if not self.svc_python.exists():
            run(["uv", "venv", "-q", str(self.root / "venv-svc"), "--python", PY])
            run(["uv", "pip", "install", "-q", "--python", str(self.svc_python), *SERVICE_PINS])
        for action, pin in OVERLAYS.items():
            if not self.overlay(action).exists():
                run(["uv", "pip", "install", "-q", "--no-deps", "--target",
                     str(self.overlay(action)), pin])
        if not self.oss_python.exists():
            run(["uv", "venv", "-q", str(self.root / "venv-oss"), "--python", PY])
            run(["uv", "pip", "install", "-q", "--python", str(self.oss_python), "pip",
                 *OSS_PINS])
        sdist = self.root / f"more-itertools-{MOREIT_VERSION}.tar.gz"
        if not sdist.exists():
            run([str(self.oss_python), "-m", "pip", "download", "-q", "--no-deps",
                 "--no-binary", ":all:", f"more-itertools=={MOREIT_VERSION}", "-d",
                 str(self.root)])
        src = self.root / f"more-itertools-{MOREIT_VERSION}"
        if not src.exists():
            with tarfile.open(sdist) as archive:
                archive.extractall(self.root, filter="data")
        self.install_moreit(MOREIT_VERSION)

    def install_moreit(self, version: str) -> None:
        spec = (str(self.root / f"more-itertools-{MOREIT_VERSION}") if version == MOREIT_VERSION
                else f"more-itertools=={version}")
        run(["uv", "pip", "install", "-q", "--reinstall", "--no-deps", "--python",
             str(self.oss_python), spec])


# ---------------------------------------------------------------------------------------------
# Plan and split


def make_plan(seed: int, nights: int) -> list[list[str]]:
    """Per night, a random subset of causes with no two able to break the same test."""
    rng = random.Random(seed)
    singles = {c.name: rng.randrange(nights) for c in CAUSES if c.single_night}
    plan: list[list[str]] = []
    used = {c.name: 0 for c in CAUSES}
    for night in range(nights):
        chosen: list[Cause] = [BY_NAME[n] for n, at in sorted(singles.items()) if at == night]
        pool = [c for c in CAUSES if not c.single_night]
        rng.shuffle(pool)
        pool.sort(key=lambda c: used[c.name] + 2 * rng.random())
        for cause in pool:
            if rng.random() < 0.7 and not any(overlaps(cause, o) for o in chosen):
                chosen.append(cause)
                used[cause.name] += 1
        plan.append(sorted(c.name for c in chosen))
    for cause in CAUSES:
        if not any(cause.name in night for night in plan):
            for night in plan:
                if not any(overlaps(cause, BY_NAME[o]) for o in night):
                    night.append(cause.name)
                    night.sort()
                    break
    return plan


def make_split(names: list[str]) -> dict[str, list[str]]:
    """Alternate each category's causes (shuffled with Random(10)) between the halves."""
    rng = random.Random(10)
    halves: dict[str, list[str]] = {"development": [], "heldout": []}
    for category in sorted({BY_NAME[n].category for n in names}):
        members = sorted(n for n in names if BY_NAME[n].category == category)
        rng.shuffle(members)
        for i, name in enumerate(members):
            halves["development" if i % 2 == 0 else "heldout"].append(name)
    return {k: sorted(v) for k, v in halves.items()}


# ---------------------------------------------------------------------------------------------
# Environment of one night


def apply_edit(edit: Edit, roots: dict[str, Path]) -> None:
    path = roots[edit.root] / edit.path
    if edit.new is None:
        path.unlink()
        return
    text = path.read_text()
    if edit.old not in text:
        raise SystemExit(f"edit target not found in {path}: {edit.old!r}")
    path.write_text(text.replace(edit.old, edit.new))


@contextmanager
def process(cmd: list[str], ready: str | None = None,
            port: int | None = None) -> Iterator[subprocess.Popen[str]]:
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            start_new_session=True)
    try:
        if ready is not None and proc.stdout is not None:
            line = proc.stdout.readline()
            if ready not in line:
                raise SystemExit(f"{cmd[0]} did not start: {line!r}")
        if port is not None:
            deadline = time.monotonic() + 10
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise SystemExit(f"{cmd} is not listening on {port}") from None
                    time.sleep(0.05)
        yield proc
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(10)


def redis_server(port: int, *extra: str) -> list[str]:
    return ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no", *extra]


def redis_cli(port: int, *args: str, password: str | None = None) -> None:
    auth = ["-a", password, "--no-auth-warning"] if password else []
    run(["redis-cli", "-p", str(port), *auth, *args])


@dataclass
class Night:
    number: int
    causes: list[Cause]
    work: Path
    tools: Tools
    cache_port: int

    def of(self, job: str) -> list[Cause]:
        return [c for c in self.causes if c.job == job]

    def actions(self) -> set[str]:
        return {a for c in self.causes for a in c.actions}


def fleet_env(night: Night, code: Path, data: Path, ports: dict[str, int]) -> dict[str, str]:
    actions = night.actions()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FLEET_", "PYTHON"))}
    paths = [str(code)]
    paths += [str(night.tools.overlay(a)) for a in sorted(actions) if a in OVERLAYS]
    env.update({
        "PYTHONPATH": os.pathsep.join(paths),
        "PYTHONDONTWRITEBYTECODE": "1",
        "FLEET_CACHE_URL": f"redis://127.0.0.1:{ports['cache']}/0",
        "FLEET_QUEUE_URL": f"redis://:{QUEUE_PASSWORD}@127.0.0.1:{ports['queue']}/0",
        "FLEET_PARTS_URL": f"http://127.0.0.1:{ports['parts']}",
        "FLEET_PARTS_KEY": PARTS_KEY,
        "FLEET_TELEMATICS_URL": f"http://127.0.0.1:{ports['telematics']}",
        "FLEET_TELEMATICS_TOKEN": TELEMATICS_TOKEN,
        "FLEET_INBOX_DIR": str(data / "inbox"),
        "FLEET_EXPORT_DIR": str(night.work / "exports"),
        "FLEET_HISTORY_DB": str(night.work / "history.sqlite"),
        "FLEET_RULES_FILE": str(data / "rules.json"),
        "FLEET_ROSTER_FILE": str(data / "roster.csv"),
        "FLEET_DEPOTS_FILE": str(data / "depots.csv"),
    })
    skips: list[str] = []
    for cause in night.of(FLEET):
        for key, value in cause.env.items():
            if key == "FLEET_MIGRATIONS_SKIP":
                skips.append(value)
            else:
                env[key] = value
    env["FLEET_MIGRATIONS_SKIP"] = ",".join(sorted(skips))
    if "telematics_closed_port" in actions:
        env["FLEET_TELEMATICS_URL"] = f"http://127.0.0.1:{free_port()}"
    if "cache_redis_down" in actions:
        env["FLEET_CACHE_URL"] = f"redis://127.0.0.1:{free_port()}/0"
    return env


def pytest_args(xml: Path, cache: Path, timeout: int) -> list[str]:
    return ["-m", "pytest", "-q", "-o", "junit_family=xunit2", "-o", "junit_logging=all",
            "-o", f"cache_dir={cache}", f"--junitxml={xml}", f"--timeout={timeout}", "-rN",
            "--continue-on-collection-errors"]


def run_attempts(job: str, night: Night, python: Path, cwd: Path, env: dict[str, str],
                 out: Path, timeout: int) -> None:
    cache = night.work / f"{job}-cache"
    first = out / f"{job}-attempt1.xml"
    proc = subprocess.run([str(python), *pytest_args(first, cache, timeout)], cwd=cwd, env=env,
                          capture_output=True, text=True)
    print(f"  {job} attempt 1: exit {proc.returncode}", flush=True)
    if proc.returncode == 0:
        return
    second = out / f"{job}-attempt2.xml"
    proc = subprocess.run([str(python), *pytest_args(second, cache, timeout), "--lf"], cwd=cwd,
                          env=env, capture_output=True, text=True)
    print(f"  {job} attempt 2: exit {proc.returncode}", flush=True)


def fleet_job(night: Night, out: Path) -> None:
    code = night.work / "fleetcare"
    data = night.work / "data"
    shutil.copytree(HERE / "codebases" / "fleetcare", code)
    shutil.copytree(HERE / "environment" / "data", data)
    (night.work / "exports").mkdir()
    roots = {"code": code, "data": data}
    for cause in night.of(FLEET):
        for edit in cause.edits:
            apply_edit(edit, roots)
    actions = night.actions()
    ports = {"cache": night.cache_port, "queue": free_port(), "parts": free_port(),
             "telematics": free_port()}
    faults: dict[str, dict[str, object]] = {"parts": {}, "telematics": {}}
    for cause in night.of(FLEET):
        for partner, spec in cause.faults.items():
            faults[partner].update(spec)
    for partner, spec in faults.items():
        (night.work / f"{partner}-faults.json").write_text(json.dumps(spec))
    queue_pass = "queue-pass-rotated" if "queue_password_rotated" in actions else QUEUE_PASSWORD
    queue_extra = ["--requirepass", queue_pass]
    if "queue_max_clients" in actions:
        queue_extra += ["--maxclients", "1"]
    env = fleet_env(night, code, data, ports)
    stub = str(HERE / "environment" / "partners.py")
    py = str(night.tools.svc_python)
    cache_cli = ["-n", "0"]
    redis_cli(night.cache_port, *cache_cli, "FLUSHDB")
    if "hold_schedule_lock_west" in actions:
        redis_cli(night.cache_port, *cache_cli, "SET", "fleet:lock:schedule:WEST", "nightly-import")
    if "export_volume_full" in actions:
        for depot in ("north", "west"):
            (night.work / "exports" / f"orders-{depot}.csv").symlink_to("/dev/full")
    if "stale_history_rows" in actions:
        subprocess.run([py, "-c", (
            "import sys; from pathlib import Path; from fleetcare.ledger import *\n"
            "e = open_ledger(Path(sys.argv[1]))\n"
            "for r, v in [('WO-NORTH-0001', 'WVN0001'), ('WO-NORTH-0002', 'WVN0002'),"
            " ('WO-WEST-0003', 'WTR0003')]: record_completion(e, r, v, 'backfill', 0)\n"),
            env["FLEET_HISTORY_DB"]], env=env, check=True)
    if "uninstall_requests" in actions:
        run(["uv", "pip", "uninstall", "-q", "--python", py, "requests"])
    try:
        with (process(redis_server(ports["queue"], *queue_extra), port=ports["queue"]),
              process([py, stub, "parts", str(ports["parts"]), PARTS_KEY,
                       str(night.work / "parts-faults.json")], port=ports["parts"]),
              process([py, stub, "telematics", str(ports["telematics"]), TELEMATICS_TOKEN,
                       str(night.work / "telematics-faults.json")], port=ports["telematics"])):
            holders: list[socket.socket] = []
            if "queue_max_clients" in actions:
                holder = socket.create_connection(("127.0.0.1", ports["queue"]))
                holder.sendall(f"AUTH {queue_pass}\r\n".encode())
                holder.recv(64)
                holders.append(holder)
            lock_cm = (process([py, str(HERE / "environment" / "lock_holder.py"),
                                env["FLEET_HISTORY_DB"]], ready="locked")
                       if "hold_history_lock" in actions else None)
            if lock_cm is not None:
                subprocess.run([py, "-c", "import sys, pathlib; from fleetcare.ledger import "
                                "open_ledger; open_ledger(pathlib.Path(sys.argv[1]))",
                                env["FLEET_HISTORY_DB"]], env=env, check=True)
                with lock_cm:
                    run_attempts(FLEET, night, night.tools.svc_python, code, env, out, 5)
            else:
                run_attempts(FLEET, night, night.tools.svc_python, code, env, out, 5)
            for holder in holders:
                holder.close()
    finally:
        if "uninstall_requests" in actions:
            run(["uv", "pip", "install", "-q", "--python", py, "requests==2.32.3"])


def moreit_job(night: Night, out: Path) -> None:
    tools = night.tools
    actions = night.actions()
    tools.install_moreit(MOREIT_OLD if "moreit_old_release" in actions else MOREIT_VERSION)
    root = night.work / "more-itertools"
    shutil.copytree(tools.root / f"more-itertools-{MOREIT_VERSION}" / "tests", root / "tests")
    for name in ("pytest.ini", "conftest.py", "seeds.json"):
        shutil.copy(HERE / "codebases" / "more_itertools" / name, root / name)
    if "moreit_remove_seeds" in actions:
        (root / "seeds.json").unlink()
    roots = {"site": tools.moreit_site}
    for cause in night.of(MOREIT):
        for edit in cause.edits:
            apply_edit(edit, roots)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    for cached in tools.moreit_site.glob("__pycache__/*.pyc"):
        cached.unlink()
    try:
        run_attempts(MOREIT, night, tools.oss_python, root, env, out, 4)
    finally:
        tools.install_moreit(MOREIT_VERSION)


# ---------------------------------------------------------------------------------------------
# Labels


def case_key(classname: str, name: str) -> str:
    return f"{classname}::{name}" if classname else name


def matches(key: str, cause: Cause) -> bool:
    return any(key.startswith(t) or t.startswith(key + "::") or t == key for t in cause.targets)


def read_cases(path: Path) -> Iterator[tuple[str, str, str]]:
    """``(classname, name, outcome)`` of every test case; outcome passed/failed/skipped."""
    for case in ET.parse(path).getroot().iter("testcase"):
        tags = {child.tag for child in case}
        if tags & {"failure", "error"}:
            outcome = "failed"
        elif "skipped" in tags:
            outcome = "skipped"
        else:
            outcome = "passed"
        yield case.get("classname", ""), case.get("name", ""), outcome


def label_night(number: int, causes: list[Cause], runs: Path) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    night_dir = runs / f"night-{number:02d}"
    for job in JOBS:
        active = [c for c in causes if c.job == job]
        first = night_dir / f"{job}-attempt1.xml"
        second = night_dir / f"{job}-attempt2.xml"
        rerun: dict[str, str] = {}
        if second.exists():
            for cls, name, outcome in read_cases(second):
                rerun[case_key(cls, name)] = outcome
        for path, is_first in ((first, True), (second, False)):
            if not path.exists():
                continue
            seen: set[str] = set()
            for cls, name, outcome in read_cases(path):
                key = case_key(cls, name)
                if outcome != "failed" or key in seen:
                    continue
                seen.add(key)
                owners = [c for c in active if matches(key, c)]
                if len(owners) != 1:
                    raise SystemExit(f"night {number} {path.name}: {key} has causes "
                                     f"{[c.name for c in owners]}")
                cause = owners[0]
                passed_rerun = is_first and rerun.get(key) == "passed"
                if passed_rerun != (cause.category == "flaky"):
                    raise SystemExit(f"night {number}: {key} of {cause.name} "
                                     f"rerun outcome {rerun.get(key)}")
                rows.append({
                    "night": str(number), "file": str(path.relative_to(HERE)),
                    "classname": cls, "name": name, "cause": cause.name,
                    "category": cause.category, "team": ROUTING[cause.category],
                    "flaky": "true" if passed_rerun else "false",
                })
    return rows


def write_outputs(seed: int, plan: list[list[str]], rows: list[dict[str, str]]) -> None:
    (HERE / "plan.json").write_text(json.dumps({"seed": seed, "nights": plan}, indent=1) + "\n")
    used = sorted({n for night in plan for n in night})
    (HERE / "split.json").write_text(json.dumps(make_split(used), indent=1) + "\n")
    with (HERE / "labels.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["night", "file", "classname", "name",
                                                    "cause", "category", "team", "flaky"])
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--nights", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1212)
    parser.add_argument("--work", type=Path, default=Path("/tmp/fleet-corpus"))
    parser.add_argument("--only-night", type=int, default=0,
                        help="run just this night (1-based) into the runs folder")
    parser.add_argument("--split", action="store_true", help="only rewrite split.json")
    args = parser.parse_args()
    plan = make_plan(args.seed, args.nights)
    if args.split:
        used = sorted({n for night in plan for n in night})
        (HERE / "split.json").write_text(json.dumps(make_split(used), indent=1) + "\n")
        return
    tools = Tools(args.work / "tools")
    tools.prepare()
    runs = HERE / "runs"
    cache_port = free_port()
    started = time.monotonic()
    with process(redis_server(cache_port), port=cache_port):
        for index, names in enumerate(plan, start=1):
            if args.only_night and index != args.only_night:
                continue
            print(f"night {index}: {', '.join(names)}", flush=True)
            out = runs / f"night-{index:02d}"
            if out.exists():
                shutil.rmtree(out)
            out.mkdir(parents=True)
            work = args.work / f"night-{index:02d}"
            if work.exists():
                shutil.rmtree(work)
            work.mkdir(parents=True)
            night = Night(index, [BY_NAME[n] for n in names], work, tools, cache_port)
            fleet_job(night, out)
            moreit_job(night, out)
    rows: list[dict[str, str]] = []
    for index, names in enumerate(plan, start=1):
        rows += label_night(index, [BY_NAME[n] for n in names], runs)
    write_outputs(args.seed, plan, rows)
    print(f"{len(rows)} labelled failures in {time.monotonic() - started:.0f}s")


if __name__ == "__main__":
    main()
