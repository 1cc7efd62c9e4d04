"""Is QAtron's test selection safe and small on real projects, next to pytest-testmon?

    .venv/bin/python benchmarks/selection_mutations.py [--projects boltons,sqlparse,...]
        [--mutations 25] [--harmless 5] [--seed 1]

On real open-source projects nobody here wrote, of different shapes (see
selection_support/projects.py), each taken as its source distribution from PyPI
(``pip download --no-binary :all: --no-deps``), which ships its tests:

- boltons: a loosely coupled utility collection, its doctests collected too;
- sqlparse: tightly coupled, a SQL parser most tests go through the core of;
- mistune: a ``src/`` layout with its tool settings in ``pyproject.toml``;
- cachetools: a package whose own name is installed in QAtron's .venv.

Each is made a git repository (base commit: the sdist plus a ``.gitignore`` for
bytecode), then:

1. QAtron records per-test coverage of the whole suite once on the base
   (``coverage_prefix`` + ``read_coverage``), and pytest-testmon builds its
   database once on the base (``pytest --testmon``);
2. single-site mutations, chosen by an ast-based mutator with a fixed ``--seed``
   and spread over the modules (flipped comparisons, changed constants,
   off-by-ones, and/or swaps, changed default arguments, changed class attributes
   and module-level constants, dropped return values), are applied to the working
   tree in turn until ``--mutations`` of them have broken at least one test; for each:
   - the ground truth is the full suite's failing node ids (those failing on the
     base too are left out; a failing test that a tool did not select is run
     again alone, and left out if it passes then: a flaky timing test);
   - QAtron selects with ``select_tests(repo, base="HEAD", head=None,
     tests=<every collected node id>, coverage=<the map>)``, as ``qatron select``
     does with a recorded map (node by node, among the tests pytest collects);
   - testmon selects with ``pytest --testmon --collect-only`` on a fresh copy of
     its database (checked against a real ``pytest --testmon`` run on the first
     mutation: the same tests must run);
   then the working tree is reverted;
3. ``--harmless`` edits that cannot break a test (a comment line, a trailing
   comment, a word in a function's or a module's docstring, a README line; see
   selection_support/harmless.py) go through the same steps.

Safety is the share of breaking mutations whose failing tests were all selected.
Precision is the mean share of the suite selected (over every mutation tried).
Reported per project and pooled. Targets: QAtron's safety 100% (the script exits
1 if it is lower), QAtron selecting at most 1.5x the share testmon selects, and
every harmless edit selecting no test.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from statistics import fmean as mean
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from selection_support import git  # noqa: E402
from selection_support.harmless import Harmless, choose_harmless  # noqa: E402
from selection_support.mutator import Mutation, choose_mutations  # noqa: E402
from selection_support.nodeids import by_file, expand  # noqa: E402
from selection_support.projects import PROJECTS, Project, fetch  # noqa: E402

from qatron.selection import Selection, select_tests  # noqa: E402
from qatron.selection.coverage_map import CoverageMap  # noqa: E402
from qatron.selection.recording import coverage_prefix, data_files, read_coverage  # noqa: E402

PYTEST_ARGS = ["-q", "--continue-on-collection-errors", "--timeout=5"]
HANG_FACTOR, HANG_MIN_S = 5, 30  # a mutated suite running longer than this is left out
PYTHON = sys.executable
SAFETY_TARGET, RATIO_TARGET = 1.0, 1.5
FAILING = ("FAILED", "ERROR")
TRIES_PER_BREAKING = 3  # mutations tried at most per breaking one wanted

Edit = Mutation | Harmless


@dataclass
class Bench:
    """One project, prepared: its repository, suite, coverage map and testmon database."""

    project: Project
    root: Path
    nodeids: list[str]
    base_failures: set[str]
    coverage: CoverageMap
    database: Path
    deadline: float = 900  # for one run of the suite: past it, a mutation is left out
    known: set[str] = field(init=False)

    def __post_init__(self) -> None:
        self.known = set(self.nodeids)

    @property
    def total(self) -> int:
        return len(self.nodeids)


@dataclass
class Outcome:
    """One edit's ground truth and both tools' selections."""

    edit: Edit
    failing: set[str]
    qatron: set[str]
    testmon: set[str]
    truth_s: float
    qatron_s: float
    testmon_s: float
    total: int
    qatron_notes: list[str] = field(default_factory=list)

    @property
    def qatron_share(self) -> float:
        return len(self.qatron) / self.total

    @property
    def testmon_share(self) -> float:
        return len(self.testmon) / self.total

    @property
    def harmless(self) -> bool:
        return isinstance(self.edit, Harmless)

    def missed(self, selected: set[str]) -> set[str]:
        return self.failing - selected

    def safe(self, selected: set[str]) -> bool:
        return not self.missed(selected)


# ---------------------------------------------------------------- running pytest


class Hung(Exception):
    """The mutated suite ran past its deadline (the mutation made code loop)."""


def pytest(project: Project, root: Path, *args: str, env: dict[str, str] | None = None,
           prefix: list[str] | None = None, targets: list[str] | None = None,
           deadline: float = 900) -> str:
    """Runs the suite (or ``targets``); without ``--testmon`` the cache plugin is off."""
    cache = [] if "--testmon" in args else ["-p", "no:cacheprovider"]
    suite = list(project.suite) if targets is None else [
        *[a for a in project.suite if a.startswith("-")], *targets]
    argv = [*(prefix or [PYTHON, "-m", "pytest"]), *cache, *PYTEST_ARGS, *args, *suite]
    try:
        done = subprocess.run(argv, cwd=root, capture_output=True, text=True, timeout=deadline,
                              env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **project.env,
                                   **(env or {})})
    except subprocess.TimeoutExpired:
        raise Hung(f"{' '.join(argv[-3:])} ran past {deadline:.0f} s") from None
    if done.returncode == 4 and targets is not None:
        raise LookupError(f"pytest found no test by some of the node ids {targets[:3]}")
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


def collect(project: Project, root: Path) -> list[str]:
    """Every node id of the suite, as ``--collect-only -q`` lists them before its summary."""
    stdout = pytest(project, root, "--collect-only")
    listing = stdout.split("\n\n", 1)[0]
    return [line for line in listing.splitlines() if "::" in line]


def failing_tests(bench: Bench, targets: list[str] | None = None) -> set[str]:
    stdout = pytest(bench.project, bench.root, "-rA", "--tb=no", targets=targets,
                    deadline=bench.deadline)
    return summary(stdout, bench.known, FAILING)


def confirmed(bench: Bench, failing: set[str], selected: set[str]) -> set[str]:
    """``failing`` without the tests a tool left out that pass when run again alone (all
    kept if pytest cannot run some of them by node id)."""
    unselected = sorted(failing - selected)
    if not unselected:
        return failing
    try:
        return (failing - set(unselected)) | failing_tests(bench, unselected)
    except LookupError:
        return failing


# ---------------------------------------------------------------- the tools


def record_coverage(project: Project, root: Path, work: Path) -> CoverageMap:
    """QAtron's per-test coverage map of the full suite on the base."""
    coverage_dir = work / "coverage"
    coverage_dir.mkdir()
    sources = [root / project.package, root / "tests"]
    pytest(project, root, prefix=coverage_prefix(coverage_dir / "base.coverage", sources))
    return read_coverage(data_files(coverage_dir), root)


def testmon_env(database: Path) -> dict[str, str]:
    return {"TESTMON_DATAFILE": str(database)}


def testmon_args(database: Path) -> list[str]:
    """``--testmon``, with pytest's cache (testmon needs the plugin) kept outside the project."""
    return ["--testmon", "-o", f"cache_dir={database.parent / 'pytest-cache'}"]


def build_testmon(project: Project, root: Path, work: Path) -> Path:
    """testmon's database after one full run on the base."""
    database = work / "testmon" / "base.testmondata"
    database.parent.mkdir()
    pytest(project, root, *testmon_args(database), env=testmon_env(database))
    return database


def fresh_database(database: Path) -> Path:
    """A copy of the base database (with its SQLite -wal/-shm files) for one run to change."""
    scratch = database.with_name("scratch.testmondata")
    for stale in database.parent.glob(f"{scratch.name}*"):
        stale.unlink()
    for part in database.parent.glob(f"{database.name}*"):
        shutil.copyfile(part, scratch.with_name(part.name.replace(database.name, scratch.name)))
    return scratch


def testmon_selection(bench: Bench) -> set[str]:
    stdout = pytest(bench.project, bench.root, *testmon_args(bench.database), "--collect-only",
                    env=testmon_env(fresh_database(bench.database)))
    return listed(stdout, bench.known)


def testmon_executed(bench: Bench) -> set[str]:
    """The tests a real ``pytest --testmon`` run executes (every outcome but skipped)."""
    stdout = pytest(bench.project, bench.root, *testmon_args(bench.database), "-rA", "--tb=no",
                    env=testmon_env(fresh_database(bench.database)), deadline=bench.deadline)
    return summary(stdout, bench.known, ("PASSED", "FAILED", "ERROR", "XFAIL", "XPASS"))


def qatron_selection(bench: Bench) -> Selection:
    return select_tests(bench.root, "HEAD", None, tests=bench.nodeids, coverage=bench.coverage,
                        repo=bench.root)


def qatron_selected(selection: Selection, known: set[str]) -> set[str]:
    """The node ids QAtron selected (an entry for a file or class selects all its tests)."""
    return expand(selection.nodeids(), by_file(known))


# ---------------------------------------------------------------- the experiment


def timed(call: Any, *args: Any) -> tuple[Any, float]:
    started = time.perf_counter()
    result = call(*args)
    return result, time.perf_counter() - started


def notes(selection: Selection, missed: set[str], edit: Edit,
          coverage: CoverageMap) -> list[str]:
    """What QAtron said (fallbacks, a few reasons), and who the map says ran the line."""
    recorded = coverage.files.get(edit.path)
    ran = sorted(recorded.lines.get(edit.line, ())) if recorded else []
    lines = [f"the coverage map has line {edit.line} run by: {ran or 'no test'}"]
    lines += [f"fallback: {fallback}" for fallback in selection.fallbacks]
    lines += [f"selected {test.nodeid}: {'; '.join(map(str, test.reasons))}"
              for test in selection.selected[:4]]
    lines += [f"({len(selection.selected)} selected in all)"]
    return lines + [f"MISSED {nodeid}" for nodeid in sorted(missed)[:10]]


def evaluate(edit: Edit, bench: Bench) -> Outcome:
    edit.apply(bench.root)
    try:
        failing, truth_s = timed(failing_tests, bench)
        failing -= bench.base_failures
        selection, qatron_s = timed(qatron_selection, bench)
        testmon, testmon_s = timed(testmon_selection, bench)
        qatron = qatron_selected(selection, bench.known)
        failing = confirmed(bench, failing, qatron & testmon)
        outcome = Outcome(edit, failing, qatron, testmon, truth_s, qatron_s, testmon_s,
                          bench.total)
        if not outcome.safe(qatron) or (outcome.harmless and qatron):
            outcome.qatron_notes = notes(selection, outcome.missed(qatron), edit, bench.coverage)
        return outcome
    finally:
        git.restore(bench.root)


def check_testmon_listing(mutations: list[Mutation], bench: Bench) -> str:
    """Does ``--testmon --collect-only`` list exactly what ``--testmon`` runs? Checked on
    the first of ``mutations`` that does not make the suite loop."""
    found: tuple[int, set[str], set[str]] | None = None
    for number, mutation in enumerate(mutations, start=1):
        mutation.apply(bench.root)
        try:
            found = number, testmon_selection(bench), testmon_executed(bench)
            break
        except Hung:
            continue
        finally:
            git.restore(bench.root)
    if found is None:
        return "testmon's listing not checked: every mutation made the suite loop"
    number, listing, executed = found
    skipped = listing - executed
    if executed - listing:
        raise SystemExit(f"testmon ran tests its --collect-only did not list: "
                         f"{sorted(executed - listing)[:5]}")
    return (f"testmon --collect-only listed {len(listing)} tests for mutation {number}; a real "
            f"--testmon run executed {len(executed)} of them"
            f"{f' (the other {len(skipped)} were skipped)' if skipped else ''}")


def prepare(project: Project, work: Path) -> Bench:
    started = time.perf_counter()
    root = fetch(project, work)
    nodeids = collect(project, root)
    coverage = record_coverage(project, root, work)
    database = build_testmon(project, root, work)
    git.restore(root)
    if git.git(root, "status", "--porcelain"):
        raise SystemExit(f"recording left changes in the project:\n{git.git(root, 'status')}")
    bench = Bench(project, root, nodeids, set(), coverage, database)
    base_started = time.perf_counter()
    bench.base_failures = failing_tests(bench)
    bench.deadline = max(HANG_MIN_S, HANG_FACTOR * (time.perf_counter() - base_started))
    own = [path for path in coverage.files if path.startswith(project.package + "/")]
    if not own:
        raise SystemExit(f"{project.label}: the coverage map holds none of {project.package}/ "
                         f"(the tests imported another copy): {sorted(coverage.files)[:5]}")
    print(f"{project.label} ({project.shape}): {len(nodeids)} tests collected, "
          f"{len(bench.base_failures)} failing on the base; coverage map of {len(own)} of its "
          f"modules; testmon database built; {time.perf_counter() - started:.1f} s", flush=True)
    return bench


def run_project(project: Project, work: Path, args: argparse.Namespace) -> list[Outcome]:
    """Mutations until ``args.mutations`` broke a test, then the harmless edits."""
    bench = prepare(project, work)
    modules = project.modules(bench.root)
    candidates = choose_mutations(bench.root, modules, args.mutations * TRIES_PER_BREAKING,
                                  args.seed)
    if candidates and args.mutations:
        print(check_testmon_listing(candidates, bench), flush=True)
    outcomes: list[Outcome] = []
    hung = 0
    for mutation in candidates:
        if sum(bool(o.failing) for o in outcomes) >= args.mutations:
            break
        try:
            outcomes.append(evaluate(mutation, bench))
        except Hung as exc:
            hung += 1
            print(f"  [left out: {exc}] {mutation.describe()[:90]}", flush=True)
            continue
        print(f"  [{len(outcomes)}] {'breaks' if outcomes[-1].failing else 'no failure'}: "
              f"{mutation.describe()[:100]}", flush=True)
    for edit in choose_harmless(bench.root, modules, args.seed)[: args.harmless]:
        outcomes.append(evaluate(edit, bench))
        print(f"  [harmless] {edit.describe()}", flush=True)
    report_project(bench, outcomes)
    if hung:
        print(f"{hung} mutation(s) left out: the suite ran past {bench.deadline:.0f} s (a loop)")
    return outcomes


# ---------------------------------------------------------------- the report


def print_outcomes(outcomes: list[Outcome], package: str) -> None:
    print(f"\n{'#':>3} {'edit':<62}{'fail':>5}{'QAtron':>8}{'testmon':>9}"
          f"{'QA safe':>8}{'tm safe':>8}{'truth s':>8}{'QA s':>7}{'tm s':>7}")
    for number, o in enumerate(outcomes, 1):
        e = o.edit
        site = f"{e.kind}: {e.path.removeprefix(package + '/')}:{e.line} {e.scope}"
        safe = ("-", "-") if not o.failing else (
            "yes" if o.safe(o.qatron) else "NO", "yes" if o.safe(o.testmon) else "NO")
        print(f"{number:>3} {site[:61]:<62}{len(o.failing):>5}"
              f"{100 * o.qatron_share:>7.1f}%{100 * o.testmon_share:>8.1f}%"
              f"{safe[0]:>8}{safe[1]:>8}{o.truth_s:>8.2f}{o.qatron_s:>7.2f}{o.testmon_s:>7.2f}")


def print_edits(outcomes: list[Outcome]) -> None:
    print("\nedits:")
    for number, outcome in enumerate(outcomes, 1):
        print(f"{number:>3} {outcome.edit.describe()}")


def print_misses(outcomes: list[Outcome]) -> None:
    for number, o in enumerate(outcomes, 1):
        tm_missed = o.missed(o.testmon)
        if tm_missed:
            print(f"\ntestmon missed, edit {number}: {sorted(tm_missed)[:6]}"
                  f"{' …' if len(tm_missed) > 6 else ''}")
        if o.qatron_notes:
            what = "QATRON SELECTED FOR A HARMLESS EDIT" if o.harmless else "QATRON MISSED"
            print(f"\n{what}, edit {number}: {o.edit.describe()}")
            for line in o.qatron_notes:
                print(f"    {line}")


def print_kinds(outcomes: list[Outcome]) -> None:
    """Safety and selected share per kind of edit."""
    print(f"\n{'kind':<22}{'edits':>6}{'failing':>9}{'QA safe':>9}{'tm safe':>9}"
          f"{'QAtron':>9}{'testmon':>9}")
    for kind in dict.fromkeys(o.edit.kind for o in outcomes):
        group = [o for o in outcomes if o.edit.kind == kind]
        judged = [o for o in group if o.failing]
        print(f"{kind:<22}{len(group):>6}{len(judged):>9}"
              f"{sum(o.safe(o.qatron) for o in judged):>9}"
              f"{sum(o.safe(o.testmon) for o in judged):>9}"
              f"{100 * mean(o.qatron_share for o in group):>8.1f}%"
              f"{100 * mean(o.testmon_share for o in group):>8.1f}%")


@dataclass
class Figures:
    """The summary figures of some outcomes (one project's, or all pooled)."""

    tests: str
    tried: int
    breaking: int
    qatron_safety: float
    testmon_safety: float
    qatron_share: float
    testmon_share: float
    harmless: int
    qatron_quiet: int  # harmless edits selecting nothing
    testmon_quiet: int
    qatron_s: float
    testmon_s: float

    @classmethod
    def of(cls, outcomes: list[Outcome], tests: str) -> Figures:
        mutations = [o for o in outcomes if not o.harmless]
        judged = [o for o in mutations if o.failing]
        harmless = [o for o in outcomes if o.harmless]
        return cls(tests, len(mutations), len(judged),
                   sum(o.safe(o.qatron) for o in judged) / len(judged) if judged else 1.0,
                   sum(o.safe(o.testmon) for o in judged) / len(judged) if judged else 1.0,
                   mean(o.qatron_share for o in mutations) if mutations else 0.0,
                   mean(o.testmon_share for o in mutations) if mutations else 0.0,
                   len(harmless), sum(not o.qatron for o in harmless),
                   sum(not o.testmon for o in harmless),
                   mean(o.qatron_s for o in outcomes), mean(o.testmon_s for o in outcomes))

    @property
    def ratio(self) -> float:
        return self.qatron_share / self.testmon_share if self.testmon_share else float("inf")


HEADER = (f"{'project':<18}{'tests':>7}{'tried':>6}{'break':>6}{'QA safe':>9}{'tm safe':>9}"
          f"{'QA sel':>8}{'tm sel':>8}{'ratio':>7}{'QA quiet':>10}{'tm quiet':>10}"
          f"{'QA s':>7}{'tm s':>7}")


def figures_row(name: str, f: Figures) -> str:
    return (f"{name:<18}{f.tests:>7}{f.tried:>6}{f.breaking:>6}{100 * f.qatron_safety:>8.1f}%"
            f"{100 * f.testmon_safety:>8.1f}%{100 * f.qatron_share:>7.1f}%"
            f"{100 * f.testmon_share:>7.1f}%{f.ratio:>6.2f}x"
            f"{f'{f.qatron_quiet}/{f.harmless}':>10}{f'{f.testmon_quiet}/{f.harmless}':>10}"
            f"{f.qatron_s:>7.2f}{f.testmon_s:>7.2f}")


def report_project(bench: Bench, outcomes: list[Outcome]) -> None:
    print(f"\n==== {bench.project.label}: {bench.project.shape}")
    print_edits(outcomes)
    print_outcomes(outcomes, bench.project.package)
    print_kinds(outcomes)
    print_misses(outcomes)
    print("\n" + HEADER)
    print(figures_row(bench.project.label, Figures.of(outcomes, str(bench.total))), flush=True)


def report_pooled(results: dict[str, list[Outcome]], wall_s: float) -> Figures:
    """Every project's figures and the pooled ones; returns the pooled."""
    print(f"\n==== per project and pooled (QA: QAtron, tm: pytest-testmon; 'sel' is the mean "
          f"share of the suite selected per mutation, 'quiet' the harmless edits selecting "
          f"no test, 's' the mean selection wall time)\n{HEADER}")
    for name, outcomes in results.items():
        bench_total = outcomes[0].total if outcomes else 0
        print(figures_row(PROJECTS[name].label, Figures.of(outcomes, str(bench_total))))
    pooled = Figures.of([o for outcomes in results.values() for o in outcomes], "-")
    print(figures_row("pooled", pooled))
    print(f"\ntargets: QAtron safety 100% "
          f"{'met' if pooled.qatron_safety >= SAFETY_TARGET else 'MISSED'}; QAtron/testmon "
          f"<= {RATIO_TARGET}x {'met' if pooled.ratio <= RATIO_TARGET else 'MISSED'} "
          f"({pooled.ratio:.2f}x); every harmless edit selects nothing "
          f"{'met' if pooled.qatron_quiet == pooled.harmless else 'MISSED'}; "
          f"benchmark wall time {wall_s:.0f} s")
    return pooled


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--projects", default=",".join(PROJECTS),
                        help=f"comma-separated, of: {', '.join(PROJECTS)}")
    parser.add_argument("--mutations", type=int, default=25,
                        help="breaking mutations wanted per project")
    parser.add_argument("--harmless", type=int, default=5, help="harmless edits per project")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    names = [name.strip() for name in args.projects.split(",") if name.strip()]
    unknown = [name for name in names if name not in PROJECTS]
    if unknown:
        parser.error(f"unknown project(s) {', '.join(unknown)}; choose from "
                     f"{', '.join(PROJECTS)}")
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="qatron-bench-mutations-"))
    try:
        results = {name: run_project(PROJECTS[name], work / name, args) for name in names}
        pooled = report_pooled(results, time.perf_counter() - started)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(0 if pooled.qatron_safety >= SAFETY_TARGET else 1)


if __name__ == "__main__":
    main()
