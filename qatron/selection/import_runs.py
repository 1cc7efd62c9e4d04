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

import posixpath
from collections.abc import Iterable

from qatron.selection.candidates import is_python_test
from qatron.selection.context import Context
from qatron.selection.coverage_map import AT_IMPORT, imported_module


def import_time_tests(ctx: Context, names: Iterable[str]) -> list[str] | None:
    """The candidate tests of the test modules whose import ran lines carrying ``names``;
    None if the import graph must decide (see the module docstring)."""
    names = set(names)
    if AT_IMPORT in names:
        return None
    modules = sorted({m for name in names if (m := imported_module(name)) is not None})
    if not modules:
        return []
    if _first_imported_others(ctx, {name for name in names if imported_module(name)}):
        return None
    return [nodeid for module in modules for nodeid in ctx.index.by_file.get(module, [])]


def _first_imported_others(ctx: Context, imports: set[str]) -> bool:
    """Whether one of these test module imports first imported a module that is not a
    test module: its first line (a module-level statement) ran under that import."""
    assert ctx.coverage is not None
    for path, recorded in ctx.coverage.files.items():
        if is_python_test(path) or posixpath.basename(path) == "conftest.py" \
                or not recorded.lines:
            continue
        if recorded.lines[min(recorded.lines)] & imports:
            return True
    return False
