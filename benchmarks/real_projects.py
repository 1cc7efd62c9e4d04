"""QAtron on real open-source projects against plain pytest and pytest-xdist.

    .venv/bin/python benchmarks/real_projects.py [--runs 3] [--projects jinja2,marshmallow]

Each project is fetched from PyPI as an sdist at a pinned version (its tests included),
extracted under ``~/.cache/qatron-bench/real-projects`` and given a virtualenv of its
own (``uv venv``; the project installed editable with its test requirements and the
pytest, pytest-xdist and coverage versions QAtron itself has). The benchmark writes the
project's ``qatron.yml`` (the application's ``python: .venv``, one suite of 2 shards),
then alternates, ``--runs`` times, in the same virtualenv:

1. ``qatron run --suite all --env local --json`` (the first run has no recorded
   durations, later ones are balanced on them);
2. ``pytest -q -n 2`` (pytest-xdist);
3. plain ``pytest -q``.

It prints, per project, whether the three found the same passed/failed/skipped counts
(the counts when not), the median wall times and QAtron's ratio to pytest-xdist.
``node`` adds a small ``node --test`` project run through QAtron's JUnit runner path.
The Prefect server is started once beforehand and not timed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import textwrap
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from qatron.processes import free_port  # noqa: E402
from qatron.server import LocalServer  # noqa: E402

BIN = Path(sys.executable).parent
CACHE = Path.home() / ".cache" / "qatron-bench" / "real-projects"
SHARDS = 2


@dataclass(frozen=True)
class Project:
    """A PyPI sdist whose own tests are run."""

    name: str
    version: str
    tests: str
    requirements: tuple[str, ...] = ()
    note: str = ""
    #: The folders the suite runs (default: ``tests``).
    paths: tuple[str, ...] = ()

    @property
    def suite_paths(self) -> list[str]:
        return list(self.paths or (self.tests,))

    @property
    def folder(self) -> Path:
        return CACHE / f"{self.name}-{self.version}"


PROJECTS = {
    # src/ layout; Jinja2 is also one of QAtron's own dependencies.
    "jinja2": Project("jinja2", "3.1.6", "tests", ("trio",), "src/, a QAtron dependency"),
    # src/ layout; marshmallow is importable from QAtron's virtualenv too.
    "marshmallow": Project("marshmallow", "3.26.1", "tests", ("simplejson",),
                           "src/, also in QAtron's env"),
    # flat layout, three large unittest-style modules.
    "more-itertools": Project("more-itertools", "10.5.0", "tests", (), "flat layout"),
}

Counts = dict[str, int]


@dataclass
class Timings:
    """Wall times and counts of one runner on one project."""

    walls: list[float] = field(default_factory=list)
    counts: list[Counts] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def run(argv: list[str], cwd: Path, env: dict[str, str] | None = None,
        ok: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode not in ok:
        raise RuntimeError(f"{' '.join(argv)} exited {done.returncode}:\n"
                           f"{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return done


def downloader() -> Path:
    """An interpreter with pip, for ``pip download`` (a small venv made with uv)."""
    tool = CACHE / "_pip"
    python = tool / "bin" / "python"
    if not (tool / "bin" / "pip").exists():
        run(["uv", "venv", "--quiet", "--python", sys.executable, str(tool)], CACHE)
        run(["uv", "pip", "install", "--quiet", "--python", str(python), "pip"], CACHE)
    return python


def prepare(project: Project) -> Path:
    """The extracted sdist with its ``.venv``, made once and kept in the cache."""
    folder = project.folder
    ready = folder / ".bench-ready"
    if ready.exists():
        return folder
    CACHE.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(dir=CACHE) as tmp:
        run([str(downloader()), "-m", "pip", "download", "--quiet", "--no-deps",
             "--no-binary", ":all:", f"{project.name}=={project.version}", "-d", tmp], CACHE)
        sdist = next(Path(tmp).glob("*.tar.gz"))
        shutil.rmtree(folder, ignore_errors=True)
        with tarfile.open(sdist) as archive:
            archive.extractall(tmp, filter="data")
        extracted = next(p for p in Path(tmp).iterdir() if p.is_dir())
        extracted.rename(folder)
    if not (folder / project.tests).is_dir():
        raise SystemExit(f"{project.name} {project.version}'s sdist has no {project.tests}/")
    python = folder / ".venv" / "bin" / "python"
    run(["uv", "venv", "--quiet", "--python", sys.executable, str(folder / ".venv")], folder)
    pins = [f"{name}=={version(name)}" for name in ("pytest", "pytest-xdist", "coverage")]
    run(["uv", "pip", "install", "--quiet", "--python", str(python), "-e", ".", *pins,
         *project.requirements], folder)
    (folder / "qatron.yml").write_text(textwrap.dedent(f"""\
        project: {project.name}
        applications:
          {project.name}:
            path: .
            python: .venv
        suites:
          all: {{shards: {SHARDS}, paths: [{", ".join(project.suite_paths)}]}}
        """))
    ready.write_text(f"{time.perf_counter() - started:.1f} s\n")
    return folder


def junit_counts(path: Path) -> Counts:
    """passed/failed/skipped from a JUnit XML file (errors count as failed)."""
    counts = {"passed": 0, "failed": 0, "skipped": 0}
    for case in ET.parse(path).getroot().iter("testcase"):
        children = {child.tag for child in case}
        if children & {"failure", "error"}:
            counts["failed"] += 1
        elif "skipped" in children:
            counts["skipped"] += 1
        else:
            counts["passed"] += 1
    return counts


def timed(argv: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = run(argv, cwd, env, ok=(0, 1))
    return time.perf_counter() - started, done.stdout


def run_pytest(folder: Path, project: Project, extra: list[str],
               env: dict[str, str]) -> tuple[float, Counts]:
    report = folder / ".bench-junit.xml"
    wall, _ = timed([str(folder / ".venv" / "bin" / "pytest"), "-q", "-p", "no:cacheprovider",
                     f"--junitxml={report}", *extra, *project.suite_paths], folder, env)
    return wall, junit_counts(report)


def run_qatron(folder: Path, env: dict[str, str]) -> tuple[float, Counts]:
    wall, stdout = timed([str(BIN / "qatron"), "run", "--project", str(folder), "--suite", "all",
                          "--env", "local", "--json"], folder, env)
    record = json.loads(stdout)
    if record.get("status") not in ("completed", "failed"):
        raise RuntimeError(f"qatron run ended {record.get('status')}: "
                           f"{record.get('message') or record}")
    counts = record["counts"]
    return wall, {"passed": counts.get("passed", 0) + counts.get("flaky", 0),
                  "failed": counts.get("failed", 0) + counts.get("error", 0),
                  "skipped": counts.get("skipped", 0)}


def node_project() -> Path:
    """A small ``node --test`` project: 6 files of 5 tests each, 1 skipped."""
    folder = CACHE / "node-tests"
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "test").mkdir(parents=True)
    for index in range(6):
        (folder / "test" / f"part{index}.test.mjs").write_text(textwrap.dedent(f"""\
            import {{ test }} from "node:test";
            import assert from "node:assert/strict";
            const pause = (ms) => new Promise((done) => setTimeout(done, ms));
            for (let n = 0; n < 5; n++) {{
              test(`part{index} case ${{n}}`, {{ skip: n === 4 && {index} === 0 }}, async () => {{
                await pause(100 + 40 * n);
                assert.equal([1, 2, 3].map((x) => x * n).length, 3);
              }});
            }}
            """))
    (folder / "qatron.yml").write_text(textwrap.dedent(f"""\
        project: node-tests
        applications:
          web:
            path: .
            command: >-
              node --test --test-reporter=junit
              --test-reporter-destination=junit-{{shard}}.xml {{files}}
            junit: junit-{{shard}}.xml
            discover: test/**/*.test.mjs
        suites:
          all: {{shards: {SHARDS}}}
        """))
    return folder


def node_peer(folder: Path, env: dict[str, str]) -> tuple[float, Counts]:
    report = folder / ".bench-junit.xml"
    files = sorted(str(p.relative_to(folder)) for p in (folder / "test").glob("*.test.mjs"))
    wall, _ = timed(["node", "--test", "--test-reporter=junit",
                     f"--test-reporter-destination={report}", *files], folder, env)
    return wall, junit_counts(report)


def measure(name: str, runners: dict[str, object], runs: int) -> dict[str, Timings]:
    """Each runner ``runs`` times, alternating, the order rotated every round."""
    results = {label: Timings() for label in runners}
    labels = list(runners)
    for round_ in range(runs):
        order = labels[round_ % len(labels):] + labels[:round_ % len(labels)]
        for label in order:
            try:
                wall, counts = runners[label]()  # type: ignore[operator]
            except RuntimeError as error:
                results[label].errors.append(str(error))
                print(f"  {name}: {label} failed: {str(error)[:1500]}", flush=True)
                continue
            results[label].walls.append(wall)
            results[label].counts.append(counts)
            print(f"  {name} round {round_ + 1}: {label:<8} {wall:6.2f} s  {fmt(counts)}",
                  flush=True)
    return results


def fmt(counts: Counts) -> str:
    return f"{counts['passed']}p/{counts['failed']}f/{counts['skipped']}s"


def median(timings: Timings) -> float | None:
    return statistics.median(timings.walls) if timings.walls else None


def secs(value: float | None) -> str:
    return f"{value:.2f}" if value is not None else "-"


def table(rows: list[tuple[str, dict[str, Timings]]]) -> None:
    print(f"\n{'project':<22}{'tests':>6}  {'same counts':<34}{'qatron s':>9}{'xdist s':>9}"
          f"{'pytest s':>9}{'q/xdist':>9}{'q/pytest':>9}")
    for name, results in rows:
        seen = {label: {fmt(c) for c in t.counts} for label, t in results.items()}
        every = set().union(*seen.values())
        failed = [label for label, t in results.items() if t.errors]
        if failed:
            same = "no: " + ", ".join(f"{label} errored" for label in failed)
        elif len(every) == 1:
            same = "yes"
        else:
            same = "no: " + ", ".join(f"{label} {'|'.join(sorted(v))}"
                                      for label, v in seen.items())
        first = next((t.counts[0] for t in results.values() if t.counts), None)
        tests = sum(first.values()) if first else 0
        qatron = median(results["qatron"])
        xdist = median(results.get("xdist", Timings()))
        plain = median(results["pytest"] if "pytest" in results else results["node"])
        ratio = f"{qatron / xdist:.2f}x" if qatron and xdist else "-"
        to_plain = f"{qatron / plain:.2f}x" if qatron and plain else "-"
        print(f"{name:<22}{tests:>6}  {same:<34}{secs(qatron):>9}{secs(xdist):>9}"
              f"{secs(plain):>9}{ratio:>9}{to_plain:>9}")
    print("(median wall times; for node-tests the 'pytest s' column is plain `node --test`)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--projects", default=",".join([*PROJECTS, "node"]),
                        help=f"comma-separated, of: {', '.join(PROJECTS)}, node")
    args = parser.parse_args()
    chosen = [name.strip() for name in args.projects.split(",") if name.strip()]
    unknown = set(chosen) - {*PROJECTS, "node"}
    if unknown:
        parser.error(f"unknown project(s) {', '.join(sorted(unknown))}; "
                     f"choose from {', '.join(PROJECTS)}, node")
    CACHE.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="qatron-bench-real-"))
    server = LocalServer(home=work / "server", port=free_port())
    started = time.perf_counter()
    api_url = server.start()
    print(f"Prefect server ready in {time.perf_counter() - started:.1f} s (not timed below)")
    env = {key: value for key, value in os.environ.items()
           if key not in ("VIRTUAL_ENV", "PYTHONPATH", "QATRON_DATABASE_URL")}
    env.update(PREFECT_API_URL=api_url, QATRON_HOME=str(work))
    rows: list[tuple[str, dict[str, Timings]]] = []
    try:
        for name in chosen:
            if name == "node":
                folder = node_project()
                runners: dict[str, object] = {
                    "qatron": lambda f=folder: run_qatron(f, env),
                    "node": lambda f=folder: node_peer(f, env)}
                rows.append(("node-tests (JUnit)", measure(name, runners, args.runs)))
                continue
            project = PROJECTS[name]
            started = time.perf_counter()
            folder = prepare(project)
            print(f"{name} {project.version} ({project.note}) ready in "
                  f"{time.perf_counter() - started:.1f} s: {folder}", flush=True)
            shutil.rmtree(folder / ".qatron", ignore_errors=True)
            runners = {
                "qatron": lambda f=folder: run_qatron(f, env),
                "xdist": lambda f=folder, p=project: run_pytest(f, p, ["-n", str(SHARDS)], env),
                "pytest": lambda f=folder, p=project: run_pytest(f, p, [], env)}
            rows.append((f"{name} {project.version}", measure(name, runners, args.runs)))
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    table(rows)


if __name__ == "__main__":
    main()
