"""Record which tests ran which lines: pytest under coverage.py, one context per test.

    >>> argv = [*coverage_prefix(cov_dir / "shard-1.coverage", [app_dir], python), "tests"]
    >>> cmap = read_coverage(data_files(cov_dir), app_dir)

QAtron's pytest plugin switches coverage.py's dynamic context to each test's
node id for its setup, call and teardown and back to "" between tests, so
lines run while collecting (module imports) are attributed to no test.
Every pytest process writes its own data file (coverage's parallel mode adds
``.<host>.<pid>.<random>``), so reruns and retried shards never clobber
earlier attempts; :func:`read_coverage` unions them all.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from qatron.selection.coverage_map import CoverageMap, FileCoverage, content_hash, is_test

log = logging.getLogger(__name__)


def coverage_prefix(data_file: Path, source: list[Path],
                    python: Path | str = sys.executable) -> list[str]:
    """The argv that replaces ``[python, "-m", "pytest"]`` to run pytest under coverage.py
    (``python``: the application's interpreter, which must have coverage.py).

    The project's own coverage configuration is ignored (``--rcfile=``): a
    ``dynamic_context`` setting there must not change the map. Branches are
    measured (``--branch``) for the run's branch coverage; the map reads the
    lines at either end of each arc, the same lines as without.
    """
    return [str(python), "-m", "coverage", "run", "--rcfile=", "--branch",
            f"--data-file={data_file}", f"--source={','.join(str(path) for path in source)}",
            "--parallel-mode", "-m", "pytest"]


def data_files(coverage_dir: Path) -> list[Path]:
    """The data files the processes run with ``coverage_dir/<name>.coverage`` wrote."""
    return sorted(path for path in coverage_dir.glob("*.coverage.*") if path.is_file())


def read_coverage(data_files: list[Path], root: Path) -> CoverageMap:
    """Union the data files into a map of the files under ``root``, hashed as they are now.

    Files outside ``root``, or gone since, are left out; a data file coverage.py
    cannot read (its process was killed while writing it) is skipped with a warning.
    Lines run outside any test carry ``AT_IMPORT``, or ``IMPORTING`` and the test module
    pytest was importing (see qatron.selection.coverage_map).
    """
    from coverage.exceptions import CoverageException

    root = root.resolve()
    lines: dict[str, dict[int, set[str]]] = {}
    names: dict[str, str] = {}  # one str object per node id, shared by every line
    for data_file in data_files:
        try:
            found = _read_one(data_file, root)
        except CoverageException as exc:
            log.warning("skipping unreadable coverage data %s: %s", data_file, exc)
            continue
        for path, by_line in found.items():
            into = lines.setdefault(path, {})
            for line, contexts in by_line.items():
                into.setdefault(line, set()).update(names.setdefault(c, c) for c in contexts)
    return CoverageMap(files=_hashed(lines, root), tests={n for n in names if is_test(n)})


def _read_one(data_file: Path, root: Path) -> dict[str, dict[int, list[str]]]:
    """One data file's contexts per line of each file under ``root`` (all or nothing)."""
    from coverage import CoverageData

    data = CoverageData(basename=str(data_file))
    data.read()
    found: dict[str, dict[int, list[str]]] = {}
    for filename in data.measured_files():
        path = _relative(filename, root)
        if path is not None:
            by_line = found.setdefault(path, {})
            for line, contexts in data.contexts_by_lineno(filename).items():
                if contexts:
                    by_line[line] = contexts
    return found


def _relative(filename: str, root: Path) -> str | None:
    try:
        return Path(filename).resolve().relative_to(root).as_posix()
    except ValueError:
        return None


def _hashed(lines: dict[str, dict[int, set[str]]], root: Path) -> dict[str, FileCoverage]:
    """FileCoverage per file that still exists; equal test sets share one frozenset."""
    shared: dict[frozenset[str], frozenset[str]] = {}
    files = {}
    for path, by_line in sorted(lines.items()):
        try:
            digest = content_hash((root / path).read_bytes())
        except OSError:
            continue
        files[path] = FileCoverage(digest, {
            line: _share(shared, frozenset(names)) for line, names in sorted(by_line.items())})
    return files


def _share(shared: dict[frozenset[str], frozenset[str]], names: frozenset[str]) -> frozenset[str]:
    return shared.setdefault(names, names)
