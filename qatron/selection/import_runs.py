"""The tests that may see what a function did while test modules were imported.

The coverage map names the test module pytest was importing when a line ran
(``<import>tests/test_x.py``). A function that ran there built something at import
time — a decorated function, a class attribute — that the module's tests use
without running the function again, so they are selected with the tests that ran
it. That holds only if the function was called by the test module's own code: when
that import was also the first import of a module that is not a test module, its
import-time code may have called the function, and every importer of that module
may see the result. That, and a line run outside any test module's import (a
conftest, a plugin), leaves the change to the import graph.
"""

from __future__ import annotations

import ast
import posixpath
import weakref
from collections.abc import Iterable

from qatron.selection.candidates import is_python_test, repo_path
from qatron.selection.context import Context
from qatron.selection.coverage_map import AT_IMPORT, imported_module
from qatron.selection.import_time import runs_while_importing
from qatron.selection.lines import parse
from qatron.selection.snapshot import Snapshot

_MAX_PROJECT = 3000  # more measured files than this: not parsed, the import graph decides
_RUNNING: weakref.WeakKeyDictionary[Snapshot, dict[tuple[str, ...], frozenset[str] | None]] = \
    weakref.WeakKeyDictionary()


def import_time_tests(ctx: Context, names: Iterable[str],
                      function: str | None = None) -> list[str] | None:
    """The candidate tests of the test modules whose import ran lines carrying ``names``
    (lines of ``function``, a qualified name, if given); None if the import graph must
    decide (see the module docstring)."""
    names = set(names)
    if AT_IMPORT in names:
        return None
    modules = sorted({m for name in names if (m := imported_module(name)) is not None})
    if not modules:
        return []
    first = _first_imported_others(ctx, {name for name in names if imported_module(name)})
    if first and (function is None or _may_run(ctx, first, function)):
        return None
    return [nodeid for module in modules for nodeid in ctx.index.by_file.get(module, [])]


def _first_imported_others(ctx: Context, imports: set[str]) -> list[str]:
    """The modules, other than test modules, that one of these test module imports
    imported first: their first line (a module-level statement) ran under that import."""
    assert ctx.coverage is not None
    return [path for path, recorded in sorted(ctx.coverage.files.items())
            if recorded.lines and not is_python_test(path)
            and posixpath.basename(path) != "conftest.py"
            and recorded.lines[min(recorded.lines)] & imports]


def _may_run(ctx: Context, first: list[str], function: str) -> bool:
    """Whether importing the ``first`` modules may call ``function`` of the project
    (worked out once per selection, its snapshot, however many changed functions ask)."""
    known = _RUNNING.setdefault(ctx.snapshot, {})
    if tuple(first) not in known:
        known[tuple(first)] = _runs_while_importing(ctx, first)
    run = known[tuple(first)]
    return run is None or function in run


def _runs_while_importing(ctx: Context, first: list[str]) -> frozenset[str] | None:
    """The project's functions importing ``first`` may call; None if that can't be read."""
    assert ctx.coverage is not None
    measured = [path for path in ctx.coverage.files if path.endswith(".py")]
    if len(measured) > _MAX_PROJECT:
        return None
    in_repo = {path: repo_path(path, ctx.prefix) for path in measured}
    texts = ctx.heads(sorted(in_repo.values()))
    trees = {path: parse(texts[in_repo[path]] or b"", path) for path in measured}
    importing = [trees.get(path) for path in first]
    if not all(isinstance(tree, ast.Module) for tree in importing):
        return None
    project = [tree for tree in trees.values() if isinstance(tree, ast.Module)]
    return frozenset(runs_while_importing(
        [tree for tree in importing if isinstance(tree, ast.Module)], project))
