"""What every step of one selection shares: paths, inputs, and the ballot."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from qatron.selection.candidates import TestIndex, app_relative, repo_path
from qatron.selection.coverage_map import CoverageMap, FileCoverage
from qatron.selection.imports import ImportGraph
from qatron.selection.model import Ballot, TestHistory
from qatron.selection.pytest_config import Doctests
from qatron.selection.settings import Settings
from qatron.selection.snapshot import Snapshot, excluded


@dataclass
class Context:
    """One call of ``select_tests``: repository, application, inputs and findings so far."""

    root: Path
    prefix: str  # the application folder, relative to the repository ('' = its root)
    base: str  # commit id
    snapshot: Snapshot
    rules: Settings
    index: TestIndex
    graph: ImportGraph
    scope: list[str]  # repository-relative folders whose Python files are in the graph
    test_files: set[str]  # repository-relative files holding tests of any suite
    entries: dict[str, str] = field(default_factory=dict)  # file run by a config → config
    changed: set[str] = field(default_factory=set)  # repository-relative paths, both sides
    coverage: CoverageMap | None = None
    history: Mapping[str, TestHistory] = field(default_factory=dict)
    doctests: Doctests = field(default_factory=Doctests)
    ballot: Ballot = field(default_factory=Ballot)
    fallbacks: list[str] = field(default_factory=list)
    everything: list[str] = field(default_factory=list)
    _conftest_tests: dict[str, list[str]] = field(default_factory=dict)
    _heads: dict[str, bytes | None] = field(default_factory=dict)

    def heads(self, paths: list[str]) -> dict[str, bytes | None]:
        """The head content of these files, read once per selection."""
        missing = [path for path in paths if path not in self._heads]
        if missing:
            self._heads.update(self.snapshot.read(missing))
        return {path: self._heads[path] for path in paths}

    def candidates(self, tests: set[str]) -> list[str]:
        """Candidate node ids for recorded test ids (their file, for file-level candidates)."""
        found = (self.index.as_candidate(test) for test in tests)
        return list(dict.fromkeys(nodeid for nodeid in found if nodeid is not None))

    def coverage_of(self, path: str) -> FileCoverage | None:
        """The coverage recorded for an unchanged file at its content (None if not current)."""
        relative = self.relative(path)
        if self.coverage is None or relative is None or path in self.changed:
            return None
        return self.coverage.for_file(relative, self.heads([path])[path])

    def run_label(self) -> str:
        """`` in run N`` for reasons from the coverage map."""
        run_id = self.coverage.run_id if self.coverage is not None else None
        return f" in run {run_id}" if run_id is not None else ""

    def relative(self, path: str | None) -> str | None:
        """``path`` relative to the application folder (None if outside it)."""
        return None if path is None else app_relative(path, self.prefix)

    def in_scope(self, path: str) -> bool:
        """Whether a Python file at ``path`` belongs in this selection's import graph."""
        return not excluded(path) and any(
            folder == "" or path.startswith(folder + "/") for folder in self.scope)

    def beside_app(self, path: str) -> bool:
        """Whether ``path`` is in the application folder or directly in one of its parents."""
        if self.relative(path) is not None:
            return True
        folder = posixpath.dirname(path)
        return folder == "" or self.prefix.startswith(folder + "/")

    def tests_in(self, repo_files: Iterable[str]) -> list[str]:
        """Candidate node ids held by these repository-relative files."""
        found: list[str] = []
        for path in repo_files:
            relative = self.relative(path)
            if relative is not None:
                found.extend(self.index.by_file.get(relative, ()))
        return found

    def conftest_dependents(self, path: str) -> list[str]:
        """Test files (repository-relative) a ``conftest.py`` applies to."""
        if posixpath.basename(path) != "conftest.py":
            return []
        if path not in self._conftest_tests:
            parent = posixpath.dirname(path)
            folder = "" if parent == self.prefix else self.relative(parent)
            files = self.index.under(folder) if folder is not None else []
            self._conftest_tests[path] = [repo_path(f, self.prefix) for f in files]
        return self._conftest_tests[path]

    def run_everything(self, reason: str, fallback: str | None = None) -> None:
        """Select every candidate for ``reason``; record the fallback, if it is one."""
        if reason not in self.everything:
            self.everything.append(reason)
        if fallback is not None and fallback not in self.fallbacks:
            self.fallbacks.append(fallback)

    def note(self, fallback: str) -> None:
        """Record an ambiguity or incompleteness and what was done about it (once)."""
        if fallback not in self.fallbacks:
            self.fallbacks.append(fallback)
