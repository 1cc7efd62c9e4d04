"""Is QAtron's test selection safe, and how precise is it, next to pytest-testmon?

    .venv/bin/python benchmarks/selection_mutations.py [--mutations 30] [--seed 1]

On a real open-source project nobody here wrote, boltons 26.2.0, taken as its
source distribution from PyPI (``pip download --no-binary :all:``), which
ships its tests: 30 pure-Python modules of utilities, a 670-test suite (the
tests/ folder plus the modules' doctests, as its tox.ini runs it) that
needs nothing but pytest and runs in about 6 s here. It is made a git
repository (base commit: the sdist plus a ``.gitignore`` for bytecode), then:

1. QAtron records per-test coverage of the whole suite once on the base
   (``coverage_prefix`` + ``read_coverage``), and pytest-testmon builds its
   database once on the base (``pytest --testmon``);
2. ``--mutations N`` single-site mutations, chosen by an ast-based mutator
   with a fixed ``--seed`` and spread over the modules (flipped comparisons,
   changed constants, off-by-ones, and/or swaps, changed default arguments,
   changed class attributes and module-level constants, dropped return
   values), are each applied to the working tree in turn; for each:
   - the ground truth is the full suite's failing node ids (those failing on
     the base too are left out);
   - QAtron selects with ``select_tests(repo, base="HEAD", head=None,
     tests=<every collected node id>, coverage=<the map>)``;
   - testmon selects with ``pytest --testmon --collect-only`` on a fresh copy
     of its database (checked against a real ``pytest --testmon`` run on the
     first mutation: the same tests must run);
   then the working tree is reverted.

Safety is the share of mutations, among those that make at least one test
fail, whose failing tests were all selected. Precision is the mean share of
the suite selected. Targets: QAtron's safety 100% (the script exits 1 if it is
lower), and QAtron selecting at most 1.5x the share testmon selects.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from statistics import fmean as mean

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from selection_support import git  # noqa: E402
from selection_support.mutator import Mutation, choose_mutations  # noqa: E402
from selection_support.nodeids import by_file, expand  # noqa: E402

from qatron.selection import select_tests  # noqa: E402
from qatron.selection.coverage_map import CoverageMap  # noqa: E402
from qatron.selection.recording import coverage_prefix, data_files, read_coverage  # noqa: E402

PROJECT, VERSION = "boltons", "26.2.0"
SUITE = ["--doctest-modules", "boltons", "tests"]
PYTEST_ARGS = ["-q", "--continue-on-collection-errors", "--timeout=60"]
PYTHON = sys.executable
SAFETY_TARGET, RATIO_TARGET = 1.0, 1.5
FAILING = ("FAILED", "ERROR")
GITIGNORE = "__pycache__/\n*.py[cod]\n.coverage*\n.testmondata*\n"


@dataclass
class Outcome:
    """One mutation's ground truth and both tools' selections."""

    mutation: Mutation
    failing: set[str]
    qatron: set[str]
    testmon: set[str]
    truth_s: float
    qatron_s: float
    testmon_s: float
    qatron_notes: list[str] = field(default_factory=list)

    def missed(self, selected: set[str]) -> set[str]:
        return self.failing - selected

    def safe(self, selected: set[str]) -> bool:
        return not self.missed(selected)


# ---------------------------------------------------------------- running pytest


def pytest(root: Path, *args: str, env: dict[str, str] | None = None,
           prefix: list[str] | None = None) -> str:
    """Runs the suite; without ``--testmon`` (which needs it) the cache plugin is off."""
    cache = [] if "--testmon" in args else ["-p", "no:cacheprovider"]
    argv = [*(prefix or [PYTHON, "-m", "pytest"]), *cache, *PYTEST_ARGS, *args, *SUITE]
    done = subprocess.run(argv, cwd=root, capture_output=True, text=True, timeout=900,
                          env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **(env or {})})
    if done.returncode not in (0, 1, 5):
        raise SystemExit(f"{' '.join(argv)} exited {done.returncode}:\n{done.stdout[-3000:]}"
                         f"\n{done.stderr[-3000:]}")
    return done.stdout


def nodeid_of(text: str, known: set[str]) -> str:
    """The node id at the start of a summary line's text (which may go on with ' - msg')."""
    if text in known:
        return text
    for end in [i for i in range(len(text)) if text.startswith(" - ", i)]:
        if text[:end] in known:
            return text[:end]
    return text.split(" - ", 1)[0]


def summary(stdout: str, known: set[str], statuses: tuple[str, ...]) -> set[str]:
    """Node ids of the ``-rA`` short-summary lines with one of ``statuses``.

    A file's path (it failed to collect) stands for every test in that file.
    """
    found = set()
    for line in stdout.splitlines():
        status, _, rest = line.partition(" ")
        if status in statuses and rest and not rest.startswith("["):
            found.add(nodeid_of(rest, known))
    return expand(found, by_file(known))


def listed(stdout: str, known: set[str]) -> set[str]:
    """What ``--collect-only -q`` lists, plus every test of a file that failed to collect."""
    ids = {line for line in stdout.splitlines() if line in known}
    return ids | summary(stdout, known, ("ERROR",))


def collect(root: Path) -> list[str]:
    """Every node id of the suite, as ``--collect-only -q`` lists them before its summary."""
    stdout = pytest(root, "--collect-only")
    listing = stdout.split("\n\n", 1)[0]
    return [line for line in listing.splitlines() if "::" in line]


def failing_tests(root: Path, known: set[str]) -> set[str]:
    return summary(pytest(root, "-rA", "--tb=no"), known, FAILING)


# ---------------------------------------------------------------- the project and the peers


def pip_command() -> list[str]:
    """pip, for ``pip download``: this interpreter's if it has one, else the one on PATH."""
    has_pip = subprocess.run([PYTHON, "-m", "pip", "--version"], capture_output=True)
    if has_pip.returncode == 0:
        return [PYTHON, "-m", "pip"]
    pip = shutil.which("pip3") or shutil.which("pip")
    if pip is None:
        raise SystemExit("no pip to download the project with")
    return [pip]


def fetch_project(work: Path) -> Path:
    """The sdist from PyPI, unpacked and made a git repository (the base commit)."""
    downloads = work / "downloads"
    subprocess.run([*pip_command(), "download", "--no-binary", ":all:", "--no-deps", "-q",
                    f"{PROJECT}=={VERSION}", "-d", str(downloads)], check=True,
                   capture_output=True)
    archive = next(downloads.glob(f"{PROJECT}-{VERSION}.tar.gz"))
    with tarfile.open(archive) as tar:
        tar.extractall(work, filter="data")
    root = work / f"{PROJECT}-{VERSION}"
    (root / ".gitignore").write_text(GITIGNORE)
    git.init(root, f"{PROJECT} {VERSION} sdist")
    return root


def record_coverage(root: Path, work: Path) -> CoverageMap:
    """QAtron's per-test coverage map of the full suite on the base."""
    coverage_dir = work / "coverage"
    coverage_dir.mkdir()
    prefix = coverage_prefix(coverage_dir / "base.coverage", [root / PROJECT, root / "tests"])
    pytest(root, prefix=prefix)
    return read_coverage(data_files(coverage_dir), root)


def testmon_env(database: Path) -> dict[str, str]:
    return {"TESTMON_DATAFILE": str(database)}


def testmon_args(database: Path) -> list[str]:
    """``--testmon``, with pytest's cache (testmon needs the plugin) kept outside the project."""
    return ["--testmon", "-o", f"cache_dir={database.parent / 'pytest-cache'}"]


def build_testmon(root: Path, work: Path) -> Path:
    """testmon's database after one full run on the base."""
    database = work / "testmon" / "base.testmondata"
    database.parent.mkdir()
    pytest(root, *testmon_args(database), env=testmon_env(database))
    return database


def fresh_database(database: Path) -> Path:
    """A copy of the base database (with its SQLite -wal/-shm files) for one run to change."""
    scratch = database.with_name("scratch.testmondata")
    for stale in database.parent.glob(f"{scratch.name}*"):
        stale.unlink()
    for part in database.parent.glob(f"{database.name}*"):
        shutil.copyfile(part, scratch.with_name(part.name.replace(database.name, scratch.name)))
    return scratch


def testmon_selection(root: Path, database: Path, known: set[str]) -> set[str]:
    stdout = pytest(root, *testmon_args(database), "--collect-only",
                    env=testmon_env(fresh_database(database)))
    return listed(stdout, known)


def testmon_executed(root: Path, database: Path, known: set[str]) -> set[str]:
    """The tests a real ``pytest --testmon`` run executes (every outcome but skipped)."""
    stdout = pytest(root, *testmon_args(database), "-rA", "--tb=no",
                    env=testmon_env(fresh_database(database)))
    return summary(stdout, known, ("PASSED", "FAILED", "ERROR", "XFAIL", "XPASS"))


def qatron_selection(root: Path, nodeids: list[str], coverage: CoverageMap):
    return select_tests(root, "HEAD", None, tests=nodeids, coverage=coverage, repo=root)


def qatron_selected(selection, known: set[str]) -> set[str]:
    """The node ids QAtron selected (an entry for a file or class selects all its tests)."""
    return expand(selection.nodeids(), by_file(known))


# ---------------------------------------------------------------- the experiment


def timed(call, *args):
    started = time.perf_counter()
    result = call(*args)
    return result, time.perf_counter() - started


def notes(selection, missed: set[str], mutation: Mutation, coverage: CoverageMap) -> list[str]:
    """What QAtron said (fallbacks, a few reasons), and who the map says ran the line."""
    recorded = coverage.files.get(mutation.path)
    ran = sorted(recorded.lines.get(mutation.line, ())) if recorded else []
    lines = [f"the coverage map has line {mutation.line} run by: {ran or 'no test'}"]
    lines += [f"fallback: {fallback}" for fallback in selection.fallbacks]
    lines += [f"selected {test.nodeid}: {'; '.join(map(str, test.reasons))}"
              for test in selection.selected[:4]]
    lines += [f"({len(selection.selected)} selected in all)"]
    return lines + [f"MISSED {nodeid}" for nodeid in sorted(missed)]


def evaluate(mutation: Mutation, context: dict) -> Outcome:
    root, known = context["root"], context["known"]
    mutation.apply(root)
    try:
        failing, truth_s = timed(failing_tests, root, known)
        failing -= context["base_failures"]
        selection, qatron_s = timed(qatron_selection, root, context["nodeids"],
                                    context["coverage"])
        testmon, testmon_s = timed(testmon_selection, root, context["database"], known)
        qatron = qatron_selected(selection, known)
        outcome = Outcome(mutation, failing, qatron, testmon, truth_s, qatron_s, testmon_s)
        if not outcome.safe(qatron):
            outcome.qatron_notes = notes(selection, outcome.missed(qatron), mutation,
                                         context["coverage"])
        return outcome
    finally:
        git.restore(root)


def check_testmon_listing(mutation: Mutation, context: dict) -> str:
    """Does ``--testmon --collect-only`` list exactly what ``--testmon`` runs?"""
    root, known, database = context["root"], context["known"], context["database"]
    mutation.apply(root)
    try:
        listing = testmon_selection(root, database, known)
        executed = testmon_executed(root, database, known)
    finally:
        git.restore(root)
    skipped = listing - executed
    if executed - listing:
        raise SystemExit(f"testmon ran tests its --collect-only did not list: "
                         f"{sorted(executed - listing)[:5]}")
    return (f"testmon --collect-only listed {len(listing)} tests for mutation 1; a real "
            f"--testmon run executed {len(executed)} of them"
            f"{f' (the other {len(skipped)} were skipped)' if skipped else ''}")


# ---------------------------------------------------------------- the report


def share(selected: set[str], total: int) -> float:
    return len(selected) / total


def print_outcomes(outcomes: list[Outcome], total: int) -> None:
    print(f"\n{'#':>3} {'mutation':<62}{'fail':>5}{'QAtron':>8}{'testmon':>9}"
          f"{'QA safe':>8}{'tm safe':>8}{'truth s':>8}{'QA s':>7}{'tm s':>7}")
    for number, o in enumerate(outcomes, 1):
        m = o.mutation
        site = f"{m.kind}: {m.path.removeprefix(PROJECT + '/')}:{m.line} {m.scope}"
        safe = ("-", "-") if not o.failing else (
            "yes" if o.safe(o.qatron) else "NO", "yes" if o.safe(o.testmon) else "NO")
        print(f"{number:>3} {site[:61]:<62}{len(o.failing):>5}"
              f"{100 * share(o.qatron, total):>7.1f}%{100 * share(o.testmon, total):>8.1f}%"
              f"{safe[0]:>8}{safe[1]:>8}{o.truth_s:>8.2f}{o.qatron_s:>7.2f}{o.testmon_s:>7.2f}")


def print_mutations(outcomes: list[Outcome]) -> None:
    print("\nmutations:")
    for number, outcome in enumerate(outcomes, 1):
        print(f"{number:>3} {outcome.mutation.describe()}")


def print_misses(outcomes: list[Outcome]) -> None:
    for number, o in enumerate(outcomes, 1):
        tm_missed = o.missed(o.testmon)
        if tm_missed:
            print(f"\ntestmon missed, mutation {number}: {sorted(tm_missed)[:6]}"
                  f"{' …' if len(tm_missed) > 6 else ''}")
        if o.qatron_notes:
            print(f"\nQATRON MISSED, mutation {number}: {o.mutation.describe()}")
            for line in o.qatron_notes:
                print(f"    {line}")


def print_kinds(outcomes: list[Outcome], total: int) -> None:
    """Safety and selected share per kind of mutation."""
    print(f"\n{'kind':<22}{'mutations':>10}{'failing':>9}{'QA safe':>9}{'tm safe':>9}"
          f"{'QAtron':>9}{'testmon':>9}")
    for kind in dict.fromkeys(o.mutation.kind for o in outcomes):
        group = [o for o in outcomes if o.mutation.kind == kind]
        judged = [o for o in group if o.failing]
        qatron_safe = sum(o.safe(o.qatron) for o in judged)
        testmon_safe = sum(o.safe(o.testmon) for o in judged)
        print(f"{kind:<22}{len(group):>10}{len(judged):>9}{qatron_safe:>9}{testmon_safe:>9}"
              f"{100 * sum(share(o.qatron, total) for o in group) / len(group):>8.1f}%"
              f"{100 * sum(share(o.testmon, total) for o in group) / len(group):>8.1f}%")


def print_totals(outcomes: list[Outcome], total: int, wall_s: float) -> float:
    """The overall figures; returns QAtron's safety."""
    judged = [o for o in outcomes if o.failing]
    qatron_safety = sum(o.safe(o.qatron) for o in judged) / max(len(judged), 1)
    testmon_safety = sum(o.safe(o.testmon) for o in judged) / max(len(judged), 1)
    qatron_share = sum(share(o.qatron, total) for o in outcomes) / len(outcomes)
    testmon_share = sum(share(o.testmon, total) for o in outcomes) / len(outcomes)
    ratio = qatron_share / testmon_share if testmon_share else float("inf")
    print(f"\n== {PROJECT} {VERSION}: {total} tests, {len(outcomes)} mutations, "
          f"{len(judged)} with at least one failing test ==")
    print(f"{'':<34}{'QAtron':>10}{'testmon':>10}   target")
    print(f"{'safety (all failing selected)':<34}{100 * qatron_safety:>9.1f}%"
          f"{100 * testmon_safety:>9.1f}%   QAtron 100%: "
          f"{'met' if qatron_safety >= SAFETY_TARGET else 'MISSED'}")
    print(f"{'mean share of the suite selected':<34}{100 * qatron_share:>9.1f}%"
          f"{100 * testmon_share:>9.1f}%")
    print(f"{'ratio QAtron / testmon':<34}{ratio:>9.2f}x{'':>10}   <= {RATIO_TARGET}x: "
          f"{'met' if ratio <= RATIO_TARGET else 'MISSED'}")
    print(f"{'mean selection time per mutation':<34}{mean([o.qatron_s for o in outcomes]):>9.2f}s"
          f"{mean([o.testmon_s for o in outcomes]):>9.2f}s   (testmon: a pytest process)")
    print(f"mean full-suite run (ground truth): {mean([o.truth_s for o in outcomes]):.2f} s; "
          f"benchmark wall time {wall_s:.0f} s")
    return qatron_safety


def prepare(work: Path) -> dict:
    started = time.perf_counter()
    root = fetch_project(work)
    nodeids = collect(root)
    known = set(nodeids)
    base_failures = failing_tests(root, known)
    coverage = record_coverage(root, work)
    database = build_testmon(root, work)
    git.restore(root)
    if git.git(root, "status", "--porcelain"):
        raise SystemExit(f"recording left changes in the project:\n{git.git(root, 'status')}")
    print(f"{PROJECT} {VERSION}: {len(nodeids)} tests collected, {len(base_failures)} failing on "
          f"the base; coverage map of {len(coverage.files)} files; testmon database built; "
          f"{time.perf_counter() - started:.1f} s")
    return {"root": root, "nodeids": nodeids, "known": known, "base_failures": base_failures,
            "coverage": coverage, "database": database}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mutations", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="qatron-bench-mutations-"))
    try:
        context = prepare(work)
        root = context["root"]
        modules = sorted(p.relative_to(root).as_posix() for p in (root / PROJECT).glob("*.py")
                         if p.name != "__init__.py")
        mutations = choose_mutations(root, modules, args.mutations, args.seed)
        print(check_testmon_listing(mutations[0], context))
        outcomes = []
        for number, mutation in enumerate(mutations, 1):
            outcomes.append(evaluate(mutation, context))
            print(f"  [{number}/{len(mutations)}] {mutation.describe()[:100]}", flush=True)
        total = len(context["nodeids"])
        print_mutations(outcomes)
        print_outcomes(outcomes, total)
        print_kinds(outcomes, total)
        print_misses(outcomes)
        safety = print_totals(outcomes, total, time.perf_counter() - started)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(0 if safety >= SAFETY_TARGET else 1)


if __name__ == "__main__":
    main()
