"""QAtron's Python API: load or build a project, run a suite, a journey or a load test,
select tests, analyse failures.

    >>> import qatron
    >>> shop = qatron.load_project("examples/shop")
    >>> result = qatron.run_suite(shop, "smoke", environment="local", shards=2)
    >>> result.status, result.passed, [(t.nodeid, t.category, t.team) for t in result.failures]
    >>> qatron.select(shop, since="origin/main", suite="smoke").nodeids()
    >>> qatron.analyze(["junit.xml"], project=shop)
    >>> qatron.label_failure("c1a2b3c4d5e6", category="upstream_unreachable", team="platform",
    ...                      project=shop)

Runs start their flows as the ``qatron`` command does (``qatron.cli.run.call_flow``,
imported inside :func:`run_suite`, so ``import qatron`` stays light). Errors are
:class:`qatron.errors.QatronError`s with the messages the command line shows.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qatron.config import (
    JOURNEY_PREFIX,
    LOAD_PREFIX,
    Application,
    Coverage,
    Dataset,
    Environment,
    FailureAnalysis,
    Project,
    Quarantine,
    Results,
    Suite,
    load_project,
)
from qatron.errors import ConfigError
from qatron.journeys.config import Journey
from qatron.load.config import LoadTests
from qatron.run_result import FailedTest, RunResult

if TYPE_CHECKING:
    from qatron.failures.labels import Label
    from qatron.run import RunContext
    from qatron.selection import Selection

#: A section of qatron.yml: its model, or the mapping the file would hold.
Section = Mapping[str, Any]


def project(
    root: str | Path,
    name: str,
    *,
    suites: Mapping[str, Suite | Section],
    applications: Mapping[str, Application | Section] | None = None,
    environments: Mapping[str, Environment | Section] | None = None,
    datasets: Mapping[str, Dataset | Section] | None = None,
    coverage: Coverage | Section | None = None,
    results: Results | Section | None = None,
    quarantine: Sequence[Quarantine | Section] | None = None,
    failure_analysis: FailureAnalysis | Section | None = None,
    journeys: Mapping[str, Journey | Section] | None = None,
    load_tests: LoadTests | Section | None = None,
) -> Project:
    """A project built in Python, in folder ``root`` (its tests' paths are relative to it).

    Each keyword is the top-level key of qatron.yml of that name, validated by the same
    model: a wrong value raises the ConfigError the file would give (naming the key,
    without a line). Left out, a section has qatron.yml's default (one application
    ``default`` at ``root``, one environment ``local``). :func:`run_suite` writes the
    project into ``root`` as ``qatron.yml``, the file the run's flow reads.
    """
    from qatron.config_code import build_project

    sections = {"project": name, "applications": applications, "environments": environments,
                "suites": suites, "datasets": datasets, "coverage": coverage,
                "results": results, "quarantine": quarantine,
                "failure_analysis": failure_analysis, "journeys": journeys,
                "load_tests": load_tests}
    return build_project(root, {key: value for key, value in sections.items()
                                if value is not None})


def run_suite(
    project: Project | str | Path,
    suite: str,
    environment: str = "local",
    *,
    shards: int | None = None,
    branch: str | None = None,
    commit: str | None = None,
    failed_only: bool = False,
    changed_since: str | None = None,
    app_version: str | None = None,
    shard_deployment: str | None = None,
) -> RunResult:
    """Run ``suite`` against ``environment`` as a run-suite flow run, as ``qatron run``
    does, and return the ended run.

    ``project`` is a loaded or built project, or the folder holding qatron.yml. The
    Prefect API is ``PREFECT_API_URL``'s, else the local server (started when it is not
    running). A bad request raises ConfigError before anything runs; an unreachable
    Prefect API raises InfrastructureError (the run is recorded ``infra_failed``). Failed
    tests, an environment that does not start, a timeout … are results: ``status`` says
    how the run ended and ``exit_code`` is what ``qatron run`` would exit with.
    """
    from qatron.cli.run import call_flow, end_runs, prefect_api, resolve_block_environment
    from qatron.models import RunStatus
    from qatron.options import RunOptions
    from qatron.planning import start_collecting
    from qatron.pytest_runner import discard_prefetched
    from qatron.run import open_run, test_command

    options = RunOptions(suite=suite, environment=environment, shards=shards, branch=branch,
                         commit=commit, failed_only=failed_only, changed_since=changed_since,
                         app_version=app_version, shard_deployment=shard_deployment)
    loaded = _runnable(project)
    resolve_block_environment(environment)
    ctx = open_run(loaded, options)
    if not ctx.standalone:
        start_collecting(ctx, test_command(ctx))
    try:
        prefect_api([ctx])
        os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "WARNING")
        try:
            call_flow(ctx)
        except Exception as exc:  # the run ends with a status whatever went wrong
            end_runs([ctx], RunStatus.INFRA_FAILED, f"the flow run failed: {type(exc).__name__}"
                                                    f": {' '.join(str(exc).split())}")
    finally:
        discard_prefetched()
    end_runs([ctx], RunStatus.INFRA_FAILED, "the flow run ended abnormally")
    return _result(ctx)


def run_journey(
    project: Project | str | Path,
    journey: str,
    environment: str | None = None,
    *,
    branch: str | None = None,
    commit: str | None = None,
) -> RunResult:
    """Run a journey alone on an environment of its own (default: the journey's), as
    ``qatron journey run`` does; its steps are in ``RunResult.journeys``."""
    loaded = _runnable(project)
    return run_suite(loaded, f"{JOURNEY_PREFIX}{journey}",
                     environment or loaded.journey(journey).environment,
                     branch=branch, commit=commit)


def run_load_test(
    project: Project | str | Path,
    load_test: str,
    environment: str | None = None,
    *,
    branch: str | None = None,
    commit: str | None = None,
) -> RunResult:
    """Run a load test alone on an environment of its own (default: the load test's), as
    ``qatron load run`` does; its figures and verdicts are in ``RunResult.load_tests``."""
    loaded = _runnable(project)
    return run_suite(loaded, f"{LOAD_PREFIX}{load_test}",
                     environment or loaded.load_test(load_test).environment,
                     branch=branch, commit=commit)


def select(
    project: Project | str | Path,
    since: str = "HEAD",
    *,
    head: str | None = None,
    suite: str | None = None,
) -> Selection:
    """The tests a change may break, likeliest to fail first, each with its reasons, as
    ``qatron select`` finds them: the change from git revision ``since`` to ``head``
    (None: the working tree), in ``suite``'s application (the only one without a suite).
    """
    from qatron.selecting import select_changes

    return select_changes(_loaded(project), since, head, suite)


def analyze(
    paths: str | Path | Iterable[str | Path],
    project: Project | str | Path | None = None,
) -> list[FailedTest]:
    """The failed tests of JUnit XML files of any runner (pytest, Jest, Node, gotestsum,
    Surefire), each with its category, team and cluster, as ``qatron failures analyze``
    gives them: with ``project``'s ``failure_analysis`` rules, routing and owners files,
    else the built-in categories and the working directory's owners files."""
    from qatron.failures import analyse_files

    files = [Path(paths)] if isinstance(paths, str | Path) else [Path(p) for p in paths]
    if not files:
        raise ConfigError("qatron.analyze: give one or more JUnit XML files")
    analysis = analyse_files(files, None if project is None else _loaded(project))
    return [FailedTest.from_analysed(item) for item in analysis.failures]


def label_failure(
    cluster: str,
    *,
    category: str,
    team: str,
    note: str = "",
    project: Project | str | Path = ".",
) -> Label:
    """Label a failure cluster of ``project``'s results store (an id ``qatron failures
    RUN_ID`` shows) with its real category and team, as ``qatron label-failure`` does;
    labelling it again replaces the label. Later runs' analyses match their failures to
    labels by ``Label.fingerprint``."""
    from qatron.failures.labels import label_cluster

    return label_cluster(_loaded(project), cluster, category=category, team=team, note=note)


def _loaded(project: Project | str | Path) -> Project:
    return project if isinstance(project, Project) else load_project(project)


def _runnable(project: Project | str | Path) -> Project:
    """The project, its qatron.yml written when it was built in Python (see
    :mod:`qatron.config_code`): the run's flow reads it from the folder."""
    if not isinstance(project, Project):
        return load_project(project)
    from qatron.config_code import write_config

    write_config(project)
    return project


def _result(ctx: RunContext) -> RunResult:
    with ctx.store() as store:
        return RunResult.load(store, ctx.run_id)
