"""Line and branch coverage of a run: combine the shards' coverage.py data, total it, gate
on it.

    >>> if measures_coverage(project, suite):
    ...     command.coverage_dir = run_dir / "coverage"      # shards run under coverage.py
    >>> summary = summarise(data_files(command.coverage_dir), app_dir, run_dir / "coverage.db",
    ...                     layer="unit", threshold=90.0)
    >>> summary.percent, summary.branch_percent, summary.lowest(3)
    >>> status, note = gate(RunStatus.COMPLETED, summary)    # fail_below_threshold: true
    >>> note
    'coverage 72.4% is below the unit threshold 90.0%'

What is measured is the application's own code: every Python file coverage.py
found under the application folder (``--source``, so files no test imported
count as 0 %), minus tests (the application's and suite's test paths, ``tests/``
and ``test/`` folders, ``test_*.py``, ``*_test.py``, ``conftest.py``) and what
is not the application's (hidden folders such as ``.venv``, any virtualenv —
a folder holding ``pyvenv.cfg`` —, ``site-packages``, ``node_modules``).
Only the pytest processes are measured: code of services a test reaches over
the network runs in other processes and is not counted.

The shards run with coverage.py's branch measurement, so a summary also
counts the application's branches (each possible jump from a line, as
coverage.py counts them) and those taken; the gate and ``percent`` stay on
lines. A summary of data recorded without branches has ``branches`` None.

Percentages are shown with one decimal the way coverage.py shows them (never
100.0 unless every statement ran) and compared with a threshold as shown.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from qatron.models import RunStatus

if TYPE_CHECKING:  # coverage.py loads only when a run measures coverage
    from coverage import Coverage
    from coverage.results import Numbers

    from qatron.config import Project, Suite

__all__ = ["CoverageSummary", "format_percent", "gate", "is_source", "layer_of",
           "measures_coverage", "summarise", "summarise_suite"]

#: The layer a suite without ``layer:`` is stored under.
NO_LAYER = "none"
TEST_DIRS = frozenset({"tests", "test"})
TEST_FILES = ("test_*.py", "*_test.py", "conftest.py")
FOREIGN_DIRS = frozenset({"site-packages", "dist-packages", "node_modules", "__pycache__"})


@dataclass
class CoverageSummary:
    """Coverage of one run's layer: totals and ``files`` {path: (covered, statements)}.

    ``threshold`` is the layer's from qatron.yml (None: none set); ``enforced``
    is ``coverage.fail_below_threshold``. ``branches`` and ``covered_branches``
    total the files' branches (None: branches were not measured).
    """

    layer: str
    covered: int
    statements: int
    files: dict[str, tuple[int, int]] = field(default_factory=dict)
    threshold: float | None = None
    enforced: bool = False
    run_id: int | None = None
    created_at: datetime | None = None
    branches: int | None = None
    covered_branches: int | None = None

    @property
    def percent(self) -> float:
        return 100.0 * self.covered / self.statements if self.statements else 100.0

    @property
    def branch_percent(self) -> float | None:
        """The share of branches taken (100.0 with none to take), None if not measured."""
        if self.branches is None or self.covered_branches is None:
            return None
        return 100.0 * self.covered_branches / self.branches if self.branches else 100.0

    @property
    def below_threshold(self) -> bool:
        """Whether the percent, as shown, is below the threshold."""
        return self.threshold is not None and float(format_percent(self.percent)) < self.threshold

    def shortfall(self) -> str | None:
        """``coverage 72.4% is below the unit threshold 90.0%``, or None if it is not."""
        if not self.below_threshold:
            return None
        return (f"coverage {format_percent(self.percent)}% is below the {self.layer} "
                f"threshold {self.threshold:.1f}%")

    def lowest(self, count: int = 10) -> list[tuple[str, int, int]]:
        """The ``count`` least-covered files with statements: (path, covered, statements)."""
        rows = [(path, covered, total) for path, (covered, total) in self.files.items() if total]
        rows.sort(key=lambda row: (row[1] / row[2], row[1] - row[2], row[0]))
        return rows[:count]


def format_percent(percent: float) -> str:
    """One decimal, as coverage.py shows it: 99.96 is ``99.9``, 0.01 is ``0.1``."""
    if 0 < percent < 0.1:
        return "0.1"
    if 99.9 < percent < 100:
        return "99.9"
    return f"{percent:.1f}"


def layer_of(suite: Suite) -> str:
    return suite.layer or NO_LAYER


def measures_coverage(project: Project, suite: Suite) -> bool:
    """Whether the suite's shards run under coverage: a threshold for its layer, or
    ``record_coverage: true``."""
    return suite.record_coverage or (
        suite.layer is not None and suite.layer in project.config.coverage.thresholds)


def tests_of(project: Project, suite: Suite) -> list[str]:
    """The folders and files the suite's application keeps its tests in (relative)."""
    _, application = project.application_of(suite)
    return [path.strip("/") for path in [*application.tests, *suite.paths] if path.strip("/.")]


def is_source(path: str, tests: Sequence[str] = ()) -> bool:
    """Whether ``path`` (relative to the application folder, POSIX) is application code."""
    parts = PurePosixPath(path).parts
    folders, name = parts[:-1], parts[-1]
    if any(p.startswith(".") or p in TEST_DIRS or p in FOREIGN_DIRS for p in folders):
        return False
    if any(fnmatch.fnmatch(name, pattern) for pattern in TEST_FILES):
        return False
    return not any(path == test or path.startswith(f"{test}/") for test in tests)


def summarise(data_files: list[Path], app_dir: Path, combined: Path, *, layer: str,
              tests: Sequence[str] = (), threshold: float | None = None,
              enforced: bool = False) -> CoverageSummary:
    """Combine the shards' data files into ``combined`` and total the application's lines
    (and branches, if the shards measured them).

    The shards' files are kept (the per-test coverage map reads them too); one
    coverage.py cannot read (its process was killed while writing) is skipped
    with a warning. ``tests`` are test folders or files relative to ``app_dir``.
    """
    from coverage import Coverage

    app_dir = app_dir.resolve()
    combined.unlink(missing_ok=True)
    cov = Coverage(data_file=str(combined), config_file=False)
    if data_files:
        cov.combine([str(path) for path in data_files], keep=True)
    files, branches, covered_branches = {}, 0, 0
    for filename in sorted(cov.get_data().measured_files()):
        path = _relative(filename, app_dir)
        if path is None or not is_source(path, tests) or _in_virtualenv(filename, app_dir):
            continue
        numbers = _numbers(cov, filename)
        if numbers is not None:
            files[path] = numbers.n_executed, numbers.n_statements
            branches += numbers.n_branches
            covered_branches += numbers.n_executed_branches
    measured = cov.get_data().has_arcs()
    return CoverageSummary(layer=layer, covered=sum(c for c, _ in files.values()),
                           statements=sum(s for _, s in files.values()), files=files,
                           threshold=threshold, enforced=enforced,
                           branches=branches if measured else None,
                           covered_branches=covered_branches if measured else None)


def summarise_suite(project: Project, suite: Suite, data_files: list[Path], combined: Path
                    ) -> CoverageSummary:
    """:func:`summarise` for a suite: its application, tests, layer and threshold."""
    coverage = project.config.coverage
    return summarise(data_files, project.application_dir(suite), combined,
                     layer=layer_of(suite), tests=tests_of(project, suite),
                     threshold=coverage.thresholds.get(suite.layer or ""),
                     enforced=coverage.fail_below_threshold)


def gate(status: RunStatus, summary: CoverageSummary | None) -> tuple[RunStatus, str | None]:
    """The run's status after the coverage gate, and the shortfall that failed it.

    Only a run whose tests all passed can fail here (the tests' own verdict wins
    if it is worse), and only with ``fail_below_threshold: true`` (``enforced``).
    """
    note = summary.shortfall() if summary is not None and summary.enforced else None
    if note is not None and status is RunStatus.COMPLETED:
        return RunStatus.FAILED, note
    return status, None


def _numbers(cov: Coverage, filename: str) -> Numbers | None:
    """coverage.py's counts for one file: statements, branches, what ran of each.

    ``Coverage.analysis2`` (public) has no branch counts; ``_analyze`` is what it
    and coverage.py's own reports call for them.
    """
    from coverage.exceptions import CoverageException

    try:
        return cov._analyze(filename).numbers
    except (CoverageException, OSError):  # gone since, or not Python source
        return None


def _relative(filename: str, root: Path) -> str | None:
    try:
        return Path(filename).resolve().relative_to(root).as_posix()
    except ValueError:
        return None


def _in_virtualenv(filename: str, root: Path) -> bool:
    """Whether a folder between ``root`` and the file holds a ``pyvenv.cfg``."""
    folder = Path(filename).resolve().parent
    while folder != root and root in folder.parents:
        if (folder / "pyvenv.cfg").exists():
            return True
        folder = folder.parent
    return False
