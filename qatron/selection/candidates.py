"""The tests selection chooses from, grouped by the file that holds them.

Node ids are relative to the application folder (pytest's rootdir there):
``tests/unit/test_money.py::test_add[1]``. Without a list from pytest, test
files are found statically and each file is one "test" (its path).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

_PYTHON_TEST = re.compile(r"(?:^|/)(?:test_[^/]*|[^/]*_test)\.py$")
_OTHER_TEST = re.compile(
    r"(?:^|/)(?:[^/]+\.(?:test|spec)\.[cm]?[jt]sx?|__tests__/[^/]+\.[cm]?[jt]sx?)$")


def is_python_test(path: str) -> bool:
    """pytest's default ``python_files``: ``test_*.py`` and ``*_test.py``."""
    return bool(_PYTHON_TEST.search(path))


def is_other_test(path: str) -> bool:
    """A JavaScript/TypeScript test file by the usual names (``*.test.ts``, ``__tests__/``)."""
    return bool(_OTHER_TEST.search(path))


def file_of(nodeid: str) -> str:
    """The file part of a node id."""
    return nodeid.split("::", 1)[0]


@dataclass
class TestIndex:
    """Candidate node ids, in their given order, and the same grouped by file."""

    __test__ = False

    nodeids: list[str] = field(default_factory=list)
    by_file: dict[str, list[str]] = field(default_factory=dict)
    members: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, nodeids: Iterable[str]) -> TestIndex:
        """The index of these node ids (duplicates dropped)."""
        index = cls()
        index.nodeids = list(dict.fromkeys(nodeids))
        index.members = set(index.nodeids)
        for nodeid in index.nodeids:
            index.by_file.setdefault(file_of(nodeid), []).append(nodeid)
        return index

    def __contains__(self, nodeid: str) -> bool:
        return nodeid in self.members

    def add(self, path: str) -> None:
        """Add a test file that is not a candidate yet (a mapped non-Python test file)."""
        if path not in self.by_file:
            self.nodeids.append(path)
            self.members.add(path)
            self.by_file[path] = [path]

    def as_candidate(self, test: str) -> str | None:
        """``test`` if it is a candidate, else its file if files are the candidates."""
        if test in self.members:
            return test
        path = file_of(test)
        return path if self.by_file.get(path) == [path] else None

    def under(self, folder: str) -> list[str]:
        """Files with tests in ``folder`` (app-relative; '' is the whole application)."""
        if folder in ("", "."):
            return list(self.by_file)
        prefix = folder.rstrip("/") + "/"
        return [path for path in self.by_file if path.startswith(prefix)]


def discover(paths: Iterable[str], app_prefix: str, roots: Sequence[str]) -> list[str]:
    """Python test files among repository-relative ``paths``, as app-relative paths.

    ``roots`` are app-relative folders or files; empty means the whole application.
    """
    wanted = [r.strip("/") for r in roots if r.strip("/") not in ("", ".")]
    found = []
    for path in paths:
        relative = app_relative(path, app_prefix)
        if relative is None or not is_python_test(relative):
            continue
        if not roots or len(wanted) < len(roots) or any(
                relative == root or relative.startswith(root + "/") for root in wanted):
            found.append(relative)
    return sorted(found)


def app_relative(path: str, app_prefix: str) -> str | None:
    """``path`` relative to the application folder (None if outside it)."""
    if not app_prefix:
        return path
    return path[len(app_prefix) + 1:] if path.startswith(app_prefix + "/") else None


def repo_path(relative: str, app_prefix: str) -> str:
    """The repository-relative form of an app-relative path."""
    return posixpath.normpath(posixpath.join(app_prefix, relative)) if app_prefix else relative
