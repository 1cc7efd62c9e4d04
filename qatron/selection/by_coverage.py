"""A changed Python file the coverage map has at its base content: tests by function.

A change inside a function body selects the tests that ran any line of that
function, its own doctest, and — since imports run outside every test —
whatever runs the function at import time: the whole import graph if its
own module does, else the files (and their dependents) that do. Where the
map saw the module imported, its lines say whether the function ran then;
otherwise the import-time code of the module and its importers is read. An
import-level change that only rebinds names to literals selects the tests
that read them (readers.py); any other import-level change, and tests the
map has never seen, go through the import graph.
"""

from __future__ import annotations

import ast
from functools import partial

from qatron.selection.classes import PlainClasses
from qatron.selection.context import Context
from qatron.selection.coverage_map import FileCoverage, is_test
from qatron.selection.git import ChangedFile
from qatron.selection.impact import Seed
from qatron.selection.import_runs import import_time_tests
from qatron.selection.import_time import import_time_names, runs_at_import
from qatron.selection.lines import FunctionSpan, function_spans, parse, split_changes
from qatron.selection.literals import LiteralChange, literal_change
from qatron.selection.model import COVERAGE, TEST_CHANGED
from qatron.selection.readers import literal_readers

_MAX_PARSED = 200  # more files than this may call the function at import: whole graph
_NAMES: dict[tuple[str, object], frozenset[str] | None] = {}


def by_coverage(ctx: Context, change: ChangedFile, base: bytes | None, whole: Seed,
                known: set[str] | None) -> tuple[list[Seed], bool]:
    """Select by the map; return the seeds the import graph must still follow.

    The flag says whether the change lay in function bodies only, every one
    of them settled by the map: then however the module is loaded (by a
    computed name too) the tests that ran those lines are all it can break.
    """
    assert ctx.coverage is not None
    relative = ctx.relative(change.path)
    recorded = ctx.coverage.for_file(relative, base) if relative is not None else None
    tree = parse(base, change.path) if base is not None else None
    if recorded is None or not isinstance(tree, ast.Module):
        ctx.note(f"{change.path}: no coverage recorded for its base content; "
                 f"used the import graph")
        return [whole], False
    spans = function_spans(tree)
    by_function, import_level = split_changes(spans, change.old_lines, change.insertion_points)
    seeds = _seeds(ctx, change, tree, recorded, spans, (by_function, import_level))
    if seeds is None:
        return [whole], False
    settled = not import_level or not seeds  # a rebound literal no module reads at import
    return [*seeds, Seed(whole.node, whole.reason, whole.own_reason, only_unknown=True)], \
        settled


def _seeds(ctx: Context, change: ChangedFile, tree: ast.Module, recorded: FileCoverage,
           spans: list[FunctionSpan],
           split: tuple[dict[FunctionSpan, set[int]], bool]) -> list[Seed] | None:
    """Select by function and by literal; the seeds to follow, or None for the whole graph."""
    by_function, import_level = split
    functions = list(by_function)
    seeds: list[Seed] = []
    if import_level:
        head = parse(ctx.heads([change.path])[change.path] or b"", change.path)
        found = _literal_change(ctx, change, (tree, head), spans)
        if found is None or not isinstance(head, ast.Module):
            return None
        readers = literal_readers(ctx, change.path, (tree, head), recorded, found)
        if readers is None or _named_by_dynamic(ctx, change.path, found.names):
            return None
        seeds += readers
        by_name = {span.name: span for span in spans}
        if not found.functions <= set(by_name):
            return None
        functions += [by_name[name] for name in found.functions]  # literal defaults, bodies
    at_import = runs_at_import(tree)
    for span in dict.fromkeys(functions):
        more = _function_changed(ctx, change.path, span, tree, recorded, at_import)
        if more is None:
            return None
        seeds += more
    return seeds


def _named_by_dynamic(ctx: Context, path: str, names: set[str]) -> bool:
    """Whether a module importing by computed name (which the import graph cannot follow
    to ``path``) mentions one of the rebound ``names``."""
    others = sorted(ctx.graph.dynamic - {path})
    texts = ctx.heads(others)
    return any(name.encode() in (texts[module] or b"") for module in others for name in names)


def _literal_change(ctx: Context, change: ChangedFile,
                    trees: tuple[ast.Module, ast.Module | SyntaxError],
                    spans: list[FunctionSpan]) -> LiteralChange | None:
    """What a change outside function bodies rebinds (None: more than literals)."""
    tree, head = trees
    if not isinstance(head, ast.Module):
        return None
    return literal_change(tree, head, change.old_lines, change.new_lines,
                          (spans, function_spans(head)), change.path,
                          PlainClasses(partial(_imported_module, ctx)))


def _imported_module(ctx: Context, importer: str, statement: ast.ImportFrom
                     ) -> tuple[str, ast.Module] | None:
    """The project module (path, head tree) a ``from … import`` of ``importer`` loads."""
    names = ctx.graph.names_of(importer)
    if not names or not statement.module:
        return None
    package = names[0] if importer.endswith("/__init__.py") else names[0].rpartition(".")[0]
    if statement.level:
        pieces = package.split(".") if package else []
        if statement.level > len(pieces) + 1:
            return None
        prefix = ".".join(pieces[:len(pieces) - statement.level + 1])
        wanted = f"{prefix}.{statement.module}" if prefix else statement.module
    else:
        wanted = statement.module
    paths = ctx.graph.names.get(wanted, [])
    if len(paths) != 1:
        return None
    tree = parse(ctx.heads(paths)[paths[0]] or b"", paths[0])
    return (paths[0], tree) if isinstance(tree, ast.Module) else None


def _function_changed(ctx: Context, path: str, span: FunctionSpan, tree: ast.Module,
                      recorded: FileCoverage, at_import: set[str]) -> list[Seed] | None:
    """The tests that ran a changed function, its doctest, and its import-time callers."""
    ran: set[str] = set().union(*(recorded.lines[line] for line in span.body
                                  if line in recorded.lines))
    importing = import_time_tests(ctx, ran, span.name)
    observed = _import_observed(recorded)
    if importing is None or (span.name in at_import and not observed):
        return None  # ran outside any test, where the map cannot say who sees the effect
    where = f"lines {span.body_start}–{span.end} of {path} ({span.name})"
    ctx.ballot.add(ctx.candidates({name for name in ran if is_test(name)}),
                   f"ran {where}{ctx.run_label()}", COVERAGE)
    ctx.ballot.add(importing, f"its module's import ran {where}{ctx.run_label()}", COVERAGE)
    _own_doctest(ctx, path, span)
    users = [] if observed else _import_time_users(ctx, path, span, tree)
    if users is None:
        return None
    reason = f"calls {span.name} of {path} at import time"
    return [Seed(u, reason, own_reason=reason, via_seed=True, check_reached=False)
            for u in users]


def _import_observed(recorded: FileCoverage) -> bool:
    """Whether the map saw the module imported: then a function whose body lines carry no
    import's name did not run while anything was imported, and a change inside its body
    cannot make it run then (its callers' import-time code did not change)."""
    return any(not is_test(name) for names in recorded.lines.values() for name in names)


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
