"""A project whose results store holds histories with known trends, anomalies and flaky
tests, written through the store's own API once per session; and its analysis.

Each suite of the project (all on environment ``staging``) is one story of 20 runs:

=========  ==========================================================================
steady     10 tests that always pass at steady speed, coverage 85 %: nothing to say
flaky      steady, plus test_refund flaky in 6 runs (routed to team-payments),
           test_once flaky in 1 and test_quarantined (quarantined) in 6
slower     steady until the newest run: wall time doubled, test_3 from 1 s to 8 s
growth     from run 15 of 20, test_0/1/2 grow by 3, 2 and 1 s: the suite +60 %
drop       steady until the newest run, where 3 of 10 tests fail (2 product bugs of
           team-orders, 1 environment problem of team-platform)
recurring  cluster c-db fails in 4 runs up to the newest; c-old failed early and was
           fixed; c-open failed and its test was removed; commits of a real git
           repository 200 lines apart
trend      the pass rate falls steadily from 100 %, unit coverage rises 70 → 79.5 %
=========  ==========================================================================
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest

from qatron.analytics import ProjectQuality, ScopeQuality, analyse_project
from qatron.config import Project, load_project
from qatron.coverage_summary import CoverageSummary
from qatron.models import Outcome, RunStatus, ShardResult, ShardStatus, TestResult
from qatron.store import ResultsStore, database_url
from tests.selection import Repo

RUNS = 20
ENV = "staging"
T0 = 1_764_000_000.0
STEADY = [f"tests/test_a.py::test_{i}" for i in range(10)]
REFUND = "tests/test_pay.py::test_refund"
ONCE = "tests/test_pay.py::test_once"
QUARANTINED = "tests/test_pay.py::test_quarantined"
GROWTH_FROM = 14  # the index of the first run of the growth story's slower runs


@dataclass
class RunSpec:
    """One run to write: each test's (outcome, duration, flaky), analysed failures
    (nodeid, category, team, cluster), coverage per layer, the commit."""

    tests: dict[str, tuple[Outcome, float, bool]]
    wall: float | None = None
    failures: list[tuple[str, str, str, str]] = field(default_factory=list)
    coverage: dict[str, float] = field(default_factory=dict)
    commit: str | None = None


def steady(index: int) -> dict[str, tuple[Outcome, float, bool]]:
    """The 10 steady tests, about 1 s each (a little deterministic jitter)."""
    return {nodeid: (Outcome.PASSED, 1.0 + 0.01 * ((index + n) % 3), False)
            for n, nodeid in enumerate(STEADY)}


def write_runs(store: ResultsStore, project: str, suite: str, runs: list[RunSpec]
               ) -> list[int]:
    """Write the runs through the store's API, oldest first; their ids."""
    ids = []
    for index, spec in enumerate(runs):
        run_id = store.create_run(project, suite, ENV, commit=spec.commit)
        start = T0 + 3600 * index
        results = [TestResult(nodeid=nodeid, outcome=outcome, duration=duration, flaky=flaky,
                              attempts=2 if flaky else 1, started_at=start,
                              finished_at=start + duration)
                   for nodeid, (outcome, duration, flaky) in spec.tests.items()]
        wall = spec.wall if spec.wall is not None else sum(r.duration for r in results)
        failed = any(r.outcome.is_failure for r in results)
        store.save_shard(run_id, ShardResult(
            index=1, count=1, status=ShardStatus.FAILED if failed else ShardStatus.PASSED,
            nodeids=list(spec.tests), results=results, started_at=start,
            finished_at=start + wall))
        if spec.failures:
            store.save_failure_analysis(run_id, [
                {"nodeid": n, "category": c, "team": t, "cluster": k, "fingerprint": k}
                for n, c, t, k in spec.failures], [])
        for layer, percent in spec.coverage.items():
            store.save_run_coverage(run_id, CoverageSummary(
                layer=layer, covered=round(percent * 10), statements=1000))
        store.set_status(run_id, RunStatus.FAILED if failed else RunStatus.COMPLETED)
        ids.append(run_id)
    return ids


def steady_story() -> list[RunSpec]:
    return [RunSpec(steady(i), coverage={"unit": 85.0 + 0.1 * (i % 2)}) for i in range(RUNS)]


def flaky_story() -> list[RunSpec]:
    runs = []
    for i in range(RUNS):
        tests = steady(i)
        refund = i in {2, 5, 8, 11, 14, 17}
        tests[REFUND] = (Outcome.PASSED, 2.0, refund)
        tests[ONCE] = (Outcome.PASSED, 0.5, i == 9)
        tests[QUARANTINED] = (Outcome.PASSED, 0.5, i in {1, 4, 7, 10, 13, 16})
        failures = [(REFUND, "flaky", "team-payments", "c-flaky")] if refund else []
        runs.append(RunSpec(tests, failures=failures))
    return runs


def slower_story() -> list[RunSpec]:
    runs = [RunSpec(steady(i)) for i in range(RUNS)]
    newest = runs[-1]
    newest.tests["tests/test_a.py::test_3"] = (Outcome.PASSED, 8.0, False)
    newest.wall = 2 * sum(d for _, d, _ in steady(0).values()) + 7.0
    return runs


def growth_story() -> list[RunSpec]:
    runs = []
    for i in range(RUNS):
        tests = steady(i)
        if i >= GROWTH_FROM:
            for n, extra in enumerate((3.0, 2.0, 1.0)):
                outcome, duration, flaky = tests[STEADY[n]]
                tests[STEADY[n]] = (outcome, duration + extra, flaky)
        runs.append(RunSpec(tests))
    return runs


def drop_story() -> list[RunSpec]:
    runs = [RunSpec(steady(i)) for i in range(RUNS)]
    newest = runs[-1]
    for nodeid, category, team in ((STEADY[0], "product_bug", "team-orders"),
                                   (STEADY[1], "product_bug", "team-orders"),
                                   (STEADY[2], "environment", "team-platform")):
        newest.tests[nodeid] = (Outcome.FAILED, 1.0, False)
        cluster = "c-orders" if team == "team-orders" else "c-env"
        newest.failures.append((nodeid, category, team, cluster))
    return runs


def recurring_story(first: str, second: str) -> list[RunSpec]:
    runs = []
    for i in range(RUNS):
        tests = steady(i)
        failures = []
        db_fails = i in {10, 13, 16, 19}
        tests["tests/test_db.py::test_db"] = (Outcome.FAILED if db_fails else Outcome.PASSED,
                                              1.0, False)
        if db_fails:
            failures.append(("tests/test_db.py::test_db", "product_bug", "team-data", "c-db"))
        old_fails = i in {2, 4, 6}
        tests["tests/test_old.py::test_old"] = (
            Outcome.FAILED if old_fails else Outcome.PASSED, 1.0, False)
        if old_fails:
            failures.append(("tests/test_old.py::test_old", "product_bug", "team-data",
                             "c-old"))
        if 12 <= i <= 17:
            tests["tests/test_open.py::test_open"] = (Outcome.FAILED, 1.0, False)
            failures.append(("tests/test_open.py::test_open", "automation", "team-qa",
                             "c-open"))
        runs.append(RunSpec(tests, failures=failures, commit=first if i < 10 else second))
    return runs


def trend_story() -> list[RunSpec]:
    runs = []
    for i in range(RUNS):
        tests = {f"tests/test_t.py::test_{n}": (Outcome.PASSED, 0.5, False) for n in range(40)}
        for n in range(i // 2):
            tests[f"tests/test_t.py::test_{n}"] = (Outcome.FAILED, 0.5, False)
        runs.append(RunSpec(tests, coverage={"unit": 70.0 + 0.5 * i}))
    return runs


@dataclass
class Histories:
    """The project, its store's run ids per suite and the git commits of ``recurring``."""

    project: Project
    ids: dict[str, list[int]]
    commits: tuple[str, str]


@pytest.fixture(scope="session")
def histories(tmp_path_factory: pytest.TempPathFactory) -> Histories:
    root = tmp_path_factory.mktemp("quality") / "project"
    repo = Repo(root, {"app.py": "x = 1\n"})
    first = repo.git("rev-parse", "HEAD")
    second = repo.commit("grow", {"app.py": "".join(f"x{n} = {n}\n" for n in range(200))
                                  + "x = 1\n"})
    name = f"quality-{uuid.uuid4().hex[:8]}"
    later = date.today() + timedelta(days=30)
    suites = ("steady", "flaky", "slower", "growth", "drop", "recurring", "trend")
    (root / "qatron.yml").write_text(
        f"project: {name}\n"
        f"environments: {{{ENV}: {{}}}}\n"
        f"suites: {{{', '.join(f'{s}: {{}}' for s in suites)}}}\n"
        f"quarantine:\n"
        f"  - {{test: \"{QUARANTINED}\", owner: team-payments, reason: sandbox, "
        f"until: {later}}}\n", encoding="utf-8")
    project = load_project(root)
    stories = {"steady": steady_story(), "flaky": flaky_story(), "slower": slower_story(),
               "growth": growth_story(), "drop": drop_story(),
               "recurring": recurring_story(first, second), "trend": trend_story()}
    with ResultsStore(database_url(project)) as store:
        ids = {suite: write_runs(store, name, suite, runs) for suite, runs in stories.items()}
    return Histories(project, ids, (first, second))


@pytest.fixture(scope="session")
def quality(histories: Histories) -> ProjectQuality:
    with ResultsStore(database_url(histories.project)) as store:
        return analyse_project(store, histories.project)


@pytest.fixture(scope="session")
def scopes(quality: ProjectQuality) -> dict[str, ScopeQuality]:
    return {scope.suite: scope for scope in quality.scopes}


@pytest.fixture
def store(histories: Histories) -> Iterator[ResultsStore]:
    with ResultsStore(database_url(histories.project)) as opened:
        yield opened
