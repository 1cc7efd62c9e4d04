"""Changed Python files: the coverage map where it is current, else the import graph.

A change inside a function body selects the tests that ran that function
(by the coverage map recorded at the file's base content). Anything that
runs at import time — module and class-body code, decorators, defaults —
or any file without current coverage goes through the import graph; so do
tests the map has never seen. A module that imports by computed name
makes its importers selected only for changes the map did not settle
(import-time code, no coverage). Deleted modules select the tests that still
import them; a syntax error selects every test that imports the file.
"""

from __future__ import annotations

import posixpath

from qatron.selection.by_coverage import by_coverage
from qatron.selection.candidates import is_python_test
from qatron.selection.context import Context
from qatron.selection.git import ChangedFile, read_blobs
from qatron.selection.impact import Seed, spread, unreached
from qatron.selection.lines import parse
from qatron.selection.model import COVERAGE
from qatron.selection.scan import scan

_IMPORTS = "imports {}"
_DYNAMIC = "imports {}, which imports modules by computed name"


def analyse_python(ctx: Context, changes: list[ChangedFile]) -> None:
    """Select the tests the changed Python files (all in the graph's scope) may affect."""
    base_paths = [c.old_path or c.path for c in changes if c.status != "added"]
    base = read_blobs(ctx.root, [f"{ctx.base}:{p}" for p in base_paths])
    base_text = {p: base[f"{ctx.base}:{p}"] for p in base_paths}
    head = ctx.heads([c.path for c in changes if c.status != "deleted"])
    known = _known(ctx)
    seeds: list[Seed] = []
    unsettled = False
    for change in changes:
        found, settled = _seeds(ctx, change, head.get(change.path), base_text, changes, known)
        seeds += found
        unsettled = unsettled or (not settled and _is_source(ctx, change.path))
    if any(_is_source(ctx, c.path) for c in changes):
        if ctx.coverage is None:
            ctx.note("no coverage map recorded for this application yet; "
                     "used the import graph for changed Python files")
        seeds += _dynamic_seeds(ctx, only_unknown=not unsettled)
    spread(ctx, seeds, known)


def _seeds(ctx: Context, change: ChangedFile, head: bytes | None,
           base: dict[str, bytes | None], changes: list[ChangedFile],
           known: set[str] | None) -> tuple[list[Seed], bool]:
    """The seeds of one change, and whether the coverage map settled it (see by_coverage)."""
    if change.status == "deleted":
        return _deleted(ctx, change, change.path, base, changes)[0], False
    seeds: list[Seed] = []
    whole = _seed(ctx, change.path)
    if change.status == "renamed" and change.old_path is not None:
        seeds, imported = _deleted(ctx, change, change.old_path, base, changes)
        if imported:  # the new name's importers are the old name's, still to be updated
            whole = Seed(whole.node, whole.reason, whole.own_reason, check_reached=False)
    if head is not None and isinstance(tree := parse(head, change.path), SyntaxError):
        ctx.note(f"{change.path}: syntax error (line {tree.lineno}: {tree.msg}); "
                 f"selected every test that imports it")
        return [*seeds, whole], False
    if change.status not in ("modified", "type_changed") or ctx.coverage is None:
        return [*seeds, whole], False
    found, settled = by_coverage(ctx, change, base.get(change.path), whole, known)
    return [*seeds, *found], settled and not seeds


def _deleted(ctx: Context, change: ChangedFile, gone: str, base: dict[str, bytes | None],
             changes: list[ChangedFile]) -> tuple[list[Seed], bool]:
    """The files that still import a deleted (or renamed-away) module; whether any did."""
    packages = [posixpath.dirname(c.old_path or c.path) for c in changes
                if (c.old_path or c.path).endswith("/__init__.py")]
    names = set(ctx.graph.names_of(gone, packages))
    importers = ctx.graph.importers_of(names) - {gone}
    before = {path for path, data in base.items() if path != gone and data is not None
              and names & set(ctx.graph.requested(scan(data), path))}
    what = f"renamed to {change.path}" if change.status == "renamed" else "deleted"
    ctx.note(f"{gone}: {what}; selected the tests that imported it")
    _ran_deleted(ctx, gone, base.get(gone))
    if not importers and not before and _is_source(ctx, gone) and change.status == "deleted":
        unreached(ctx, _seed(ctx, gone), base.get(gone))
    reason = f"imports {what.split(' ')[0]} module {gone}"
    seeds = [Seed(node, reason, own_reason=reason, via_seed=True, check_reached=False)
             for node in sorted(importers) if node in ctx.graph]
    return seeds, bool(importers or before)


def _ran_deleted(ctx: Context, gone: str, text: bytes | None) -> None:
    relative = ctx.relative(gone)
    if ctx.coverage is None or relative is None:
        return
    recorded = ctx.coverage.for_file(relative, text)
    if recorded is not None:
        tests = set().union(*recorded.lines.values()) if recorded.lines else set()
        ctx.ballot.add(ctx.candidates(tests), f"ran deleted {gone}{ctx.run_label()}", COVERAGE)


def _dynamic_seeds(ctx: Context, only_unknown: bool) -> list[Seed]:
    """The modules that import by computed name, as seeds.

    ``only_unknown``: the coverage map settled every change, so only the tests
    it has never seen are selected through them.
    """
    seeds = []
    for path in sorted(ctx.graph.dynamic):
        if not only_unknown:
            ctx.note(f"{path}: imports modules by computed name; the tests that import it "
                     f"were selected for this change, which runs at import time or has no "
                     f"coverage recorded")
        seeds.append(Seed(path, _DYNAMIC.format(path), own_reason="imports modules by "
                          "computed name", check_reached=False, only_unknown=only_unknown))
    return seeds


def _seed(ctx: Context, path: str) -> Seed:
    """Everything importing ``path``; its own tests too if it is a source module (doctests)."""
    own = None
    if ctx.tests_in([path]) and not is_python_test(path):
        own = f"in changed module {path}"  # its doctests; a test file's own are selected already
    return Seed(path, _IMPORTS.format(path), own_reason=own,
                check_reached=_is_source(ctx, path, own_tests=False))


def _is_source(ctx: Context, path: str, own_tests: bool = True) -> bool:
    """A Python file that is neither a test file nor a conftest.py (nor holds tests)."""
    return not (path in ctx.test_files or is_python_test(path)
                or (own_tests and ctx.tests_in([path]))
                or posixpath.basename(path) == "conftest.py")


def _known(ctx: Context) -> set[str] | None:
    """The candidates the coverage map has recorded (None without a map)."""
    if ctx.coverage is None:
        return None
    recorded = ctx.coverage.tests or {test for fc in ctx.coverage.files.values()
                                      for tests in fc.lines.values() for test in tests}
    return set(ctx.candidates(recorded))
