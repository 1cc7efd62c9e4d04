"""A changed Python file the coverage map has at its base content: tests by function.

A change inside a function body selects the tests that ran any line of that
function, its own doctest, and — since imports run outside every test —
whatever runs the function at import time: the whole import graph if its
own module does, else the files (and their dependents) that do. Changes at
import level, and tests the map has never seen, go through the import graph.
"""

from __future__ import annotations

import ast

from qatron.selection.context import Context
from qatron.selection.git import ChangedFile
from qatron.selection.impact import Seed
from qatron.selection.import_time import import_time_names, runs_at_import
from qatron.selection.lines import FunctionSpan, function_spans, parse, split_changes
from qatron.selection.model import COVERAGE, TEST_CHANGED

_MAX_PARSED = 200  # more files than this may call the function at import: whole graph
_NAMES: dict[tuple[str, object], frozenset[str] | None] = {}


def by_coverage(ctx: Context, change: ChangedFile, base: bytes | None, whole: Seed,
                known: set[str] | None) -> list[Seed]:
    """Select by the map; return the seeds the import graph must still follow."""
    assert ctx.coverage is not None
    relative = ctx.relative(change.path)
    recorded = ctx.coverage.for_file(relative, base) if relative is not None else None
    tree = parse(base, change.path) if base is not None else None
    if recorded is None or tree is None or isinstance(tree, SyntaxError):
        ctx.note(f"{change.path}: no coverage recorded for its base content; "
                 f"used the import graph")
        return [whole]
    by_function, import_level = split_changes(function_spans(tree), change.old_lines,
                                              change.insertion_points)
    seeds: list[Seed] = []
    at_import = runs_at_import(tree)
    for span in by_function:
        ran = [recorded.lines[line] for line in span.body if line in recorded.lines]
        if any("" in tests for tests in ran) or span.name in at_import:
            import_level = True  # ran outside any test: at import or collection
            continue
        ctx.ballot.add(candidates(ctx, set().union(*ran)), _ran(ctx, change.path, span),
                       COVERAGE)
        _own_doctest(ctx, change.path, span)
        users = _import_time_users(ctx, change.path, span, tree)
        if users is None:
            import_level = True
            continue
        reason = f"calls {span.name} of {change.path} at import time"
        seeds += [Seed(u, reason, own_reason=reason, via_seed=True, check_reached=False)
                  for u in users]
    if import_level:
        return [whole]
    return [*seeds, Seed(whole.node, whole.reason, whole.own_reason, only_unknown=True)]


def candidates(ctx: Context, tests: set[str]) -> list[str]:
    """Candidate node ids for recorded test ids (their file, for file-level candidates)."""
    found = (ctx.index.as_candidate(test) for test in tests)
    return list(dict.fromkeys(nodeid for nodeid in found if nodeid is not None))


def _own_doctest(ctx: Context, path: str, span: FunctionSpan) -> None:
    """The changed function's own doctest (``mod.py::pkg.mod.Cls.method``)."""
    tail = "." + span.name.replace(".<locals>", "")
    for nodeid in ctx.tests_in([path]):
        name = nodeid.split("::", 1)[-1]
        if name.endswith(tail) or name == tail[1:]:
            ctx.ballot.add([nodeid], f"doctest of changed {span.name}", TEST_CHANGED)


def _import_time_users(ctx: Context, path: str, span: FunctionSpan,
                        tree: ast.Module) -> list[str] | None:
    """Other files importing ``path`` whose import-time code may call the function.

    None if too many files name it to check them all.
    """
    parts = span.name.replace(".<locals>", "").split(".")
    terms = {parts[-1].encode(), parts[0].encode()}
    dependents = [m for m in ctx.graph.reach([path]) if m != path]
    texts = ctx.heads(dependents)
    mention = [m for m in dependents if any(t in (texts[m] or b"") for t in terms)]
    if len(mention) > _MAX_PARSED:
        return None
    users = []
    for module in mention:
        names = _names_at_import(ctx, module, texts[module] or b"")
        if names is None or span.name in runs_at_import(tree, names):
            users.append(module)
    return users


def _names_at_import(ctx: Context, module: str, text: bytes) -> frozenset[str] | None:
    """Cached :func:`import_time_names` of a file (None if it does not parse)."""
    key = (module, ctx.snapshot.files(ctx.scope).get(module))
    if key not in _NAMES:
        parsed = parse(text, module)
        _NAMES[key] = frozenset(import_time_names(parsed)) if isinstance(parsed, ast.Module) \
            else None
    return _NAMES[key]


def _ran(ctx: Context, path: str, span: FunctionSpan) -> str:
    return f"ran lines {span.body_start}–{span.end} of {path} ({span.name}){run_label(ctx)}"


def run_label(ctx: Context) -> str:
    run_id = ctx.coverage.run_id if ctx.coverage is not None else None
    return f" in run {run_id}" if run_id is not None else ""
