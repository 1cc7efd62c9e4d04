"""The tests that read names an import-level literal change rebound (see literals.py).

A name rebound to a literal reaches a test only through code that reads it:
a function — of its module, or of a module importing it — that the test ran
(the coverage map says which), or code run at import time, which every test
importing that module may see. Reads are found by name: ``LIMIT``,
``obj.LIMIT`` and ``getattr(obj, "LIMIT")`` all count. A module read at
import time, not covered by the map, or that does not parse is followed
through the import graph, and so is a reading function the map saw run
outside any test where it cannot say who sees what it read then (see
import_runs.py).
"""

from __future__ import annotations

import ast

from qatron.selection.candidates import is_python_test
from qatron.selection.context import Context
from qatron.selection.coverage_map import FileCoverage, is_test
from qatron.selection.impact import Seed
from qatron.selection.import_runs import import_time_tests
from qatron.selection.import_time import import_time_names
from qatron.selection.lines import FunctionSpan, function_nodes, parse
from qatron.selection.literals import LiteralChange, derived_names
from qatron.selection.model import COVERAGE, DIRECT_IMPORT

_MAX_READERS = 200  # more modules than this name the names: the whole import graph
_SHOWN = 3


def literal_readers(ctx: Context, path: str, trees: tuple[ast.Module, ast.Module],
                    recorded: FileCoverage, change: LiteralChange) -> list[Seed] | None:
    """Select the tests reading the names ``change`` rebound in ``path``; seeds to follow,
    or None for all.

    ``trees``: the module's base and head versions; ``recorded``: its coverage. Module
    names are read by the modules importing ``path``; class attributes by any module.
    """
    if not change.names:
        return []
    tree = trees[0]
    derived = derived_names(*trees, change.names)
    if derived is None:
        return None  # read while importing: derived values anywhere
    names = change.names | derived
    what = f"{_what(names)} of {path}"
    ctx.ballot.add([n for n in ctx.tests_in([path]) if not is_python_test(path)],
                   f"in changed module {path}", DIRECT_IMPORT)
    if not _ran_readers(ctx, path, tree, recorded, names, what):
        return None
    dependents = [m for m in ctx.graph.reach([path]) if m != path]
    others = [m for m in ctx.graph.deps if m != path and m not in set(dependents)] \
        if change.attributes else []
    texts = ctx.heads([*dependents, *others])
    mention = _mentioning(dependents, texts, names) + _mentioning(others, texts,
                                                                  change.attributes)
    if len(mention) > _MAX_READERS:
        return None
    seeds: list[Seed] = []
    for module in mention:
        seeds += _module_readers(ctx, module, texts[module] or b"", names, what)
    return seeds


def _mentioning(modules: list[str], texts: dict[str, bytes | None],
                names: set[str]) -> list[str]:
    needles = [name.encode() for name in names]
    return [m for m in modules if any(n in (texts[m] or b"") for n in needles)]


def _module_readers(ctx: Context, module: str, text: bytes, names: set[str],
                    what: str) -> list[Seed]:
    """Select the tests that ran ``module``'s readers; a seed if coverage can't tell."""
    tree = parse(text, module)
    recorded = ctx.coverage_of(module)
    if not isinstance(tree, ast.Module) or recorded is None or names & import_time_names(tree):
        reason = f"reads {what}"
        return [Seed(module, reason, own_reason=reason, via_seed=True, check_reached=False)]
    if not is_python_test(module):
        ctx.ballot.add(ctx.tests_in([module]), f"{module} names {what}", COVERAGE)
    if not _ran_readers(ctx, module, tree, recorded, names, what):
        reason = f"reads {what} while importing"
        return [Seed(module, reason, own_reason=reason, via_seed=True, check_reached=False)]
    return []


def _ran_readers(ctx: Context, module: str, tree: ast.Module, recorded: FileCoverage,
                 names: set[str], what: str) -> bool:
    """Select the tests that ran the functions reading ``names``; False if one of those
    functions also ran outside any test (then the map cannot say who saw what it read)."""
    for span, reads in function_reads(tree):
        if reads & names:
            ran: set[str] = set().union(*(recorded.lines[line] for line in span.body
                                          if line in recorded.lines))
            importing = import_time_tests(ctx, ran, span.name)
            if importing is None:
                return False
            reason = f"{span.name} of {module}, which reads {what}{ctx.run_label()}"
            ctx.ballot.add(ctx.candidates({name for name in ran if is_test(name)}),
                           f"ran {reason}", COVERAGE)
            ctx.ballot.add(importing, f"its module's import ran {reason}", COVERAGE)
    return True


def function_reads(tree: ast.Module) -> list[tuple[FunctionSpan, set[str]]]:
    """Each function with the names, attributes and identifier strings its body reads."""
    return [(span, _reads(node.body)) for span, node in function_nodes(tree)]


def _reads(body: list[ast.stmt]) -> set[str]:
    reads: set[str] = set()
    for statement in body:
        for node in ast.walk(statement):
            if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Store):
                reads.add(node.id)
            elif isinstance(node, ast.Attribute):
                reads.add(node.attr)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and node.value.isidentifier():
                reads.add(node.value)
    return reads


def _what(names: set[str]) -> str:
    shown = sorted(names)[:_SHOWN]
    return ", ".join(shown) + (", …" if len(names) > _SHOWN else "")
