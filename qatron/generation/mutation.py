"""Mutants of a module (ast) and which recorded cases kill them, run in-process.

``mutants`` lists small faults inside chosen line ranges: a comparison operator swapped
(``<`` ↔ ``<=``, ``==`` ↔ ``!=``, ``in`` ↔ ``not in``), a number ±1, a boolean flipped,
``and`` ↔ ``or``, a ``not`` dropped, ``+`` ↔ ``-``, a returned value replaced by None.
``load_mutant`` execs one into a fresh module object (never put in ``sys.modules``), so a
case's thunk can be pointed at it; ``select_cases`` keeps the fewest cases that kill the
most mutants (greedy), then those that reach branches nothing else reaches.

A mutant's ``statement`` is the first line of the statement it sits in: the line coverage
reports as run, also for a mutant on a continuation line of a statement written over
several lines.
"""

from __future__ import annotations

import ast
import copy
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from types import ModuleType

__all__ = ["Mutant", "load_module", "load_mutant", "mutants", "select_cases",
           "statement_lines"]

_SWAPS: dict[type[ast.AST], type[ast.AST]] = {
    ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot,
    ast.IsNot: ast.Is, ast.And: ast.Or, ast.Or: ast.And, ast.Add: ast.Sub, ast.Sub: ast.Add,
    ast.Mult: ast.FloorDiv, ast.FloorDiv: ast.Mult, ast.Div: ast.Mult, ast.Mod: ast.FloorDiv,
}
_SYMBOLS: dict[type[ast.AST], str] = {
            ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==",
            ast.NotEq: "!=", ast.In: "in", ast.NotIn: "not in", ast.Is: "is",
            ast.IsNot: "is not", ast.And: "and", ast.Or: "or", ast.Add: "+", ast.Sub: "-",
            ast.Mult: "*", ast.FloorDiv: "//", ast.Div: "/", ast.Mod: "%"}


@dataclass(frozen=True)
class Mutant:
    """One fault: the ``index``-th node of ``ast.walk`` changed as ``change`` says."""

    index: int
    line: int
    change: str
    variant: int = 0
    statement: int = 0

    def __str__(self) -> str:
        return f"line {self.line}: {self.change}"


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant):
            found.add(id(body[0].value))
    return found


def mutants(source: str, ranges: Iterable[tuple[int, int]]) -> list[Mutant]:
    """Every mutant of the code on the lines of ``ranges`` (inclusive)."""
    spans = list(ranges)
    tree = ast.parse(source)
    skip = _docstrings(tree)
    statements = statement_lines(tree)
    found: list[Mutant] = []
    for index, node in enumerate(ast.walk(tree)):
        line = getattr(node, "lineno", 0)
        if not any(start < line <= end for start, end in spans) or id(node) in skip:
            continue
        found += [Mutant(index, line, change, variant, statements.get(line, line))
                  for variant, change in enumerate(_changes(node))]
    return found


def statement_lines(tree: ast.AST) -> dict[int, int]:
    """Each line of a statement's own text (not its body) → the statement's first line."""
    found: dict[int, int] = {}
    for node in ast.walk(tree):  # outer statements first: inner ones overwrite their lines
        if not isinstance(node, ast.stmt):
            continue
        body = [child for name in ("body", "orelse", "finalbody", "handlers")
                for child in getattr(node, name, []) or []]
        last = min((child.lineno for child in body), default=(node.end_lineno or 0) + 1) - 1
        for line in range(node.lineno, max(last, node.lineno) + 1):
            found[line] = node.lineno
    return found


def _changes(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Compare):
        return [f"{_SYMBOLS[type(op)]} → {_SYMBOLS[_SWAPS[type(op)]]}" for op in node.ops
                if type(op) in _SWAPS]
    if isinstance(node, (ast.BoolOp, ast.BinOp)) and type(node.op) in _SWAPS:
        return [f"{_SYMBOLS[type(node.op)]} → {_SYMBOLS[_SWAPS[type(node.op)]]}"]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return ["not dropped"]
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool):
            return [f"{node.value} → {not node.value}"]
        if isinstance(node.value, int):
            return [f"{node.value} → {node.value + 1}", f"{node.value} → {node.value - 1}"]
    if isinstance(node, ast.Return) and node.value is not None \
            and not (isinstance(node.value, ast.Constant) and node.value.value is None):
        return ["return None"]
    return []


def mutated_source(source: str, mutant: Mutant) -> ast.Module:
    """The module's tree with ``mutant`` applied."""
    tree = ast.parse(source)
    node = list(ast.walk(tree))[mutant.index]
    if isinstance(node, ast.Compare):
        ops = [i for i, op in enumerate(node.ops) if type(op) in _SWAPS]
        position = ops[mutant.variant]
        node.ops[position] = _SWAPS[type(node.ops[position])]()  # type: ignore[call-overload]
    elif isinstance(node, (ast.BoolOp, ast.BinOp)):
        node.op = _SWAPS[type(node.op)]()  # type: ignore[assignment]
    elif isinstance(node, ast.UnaryOp):
        replacement = copy.copy(node.operand)
        _replace(tree, node, ast.Call(func=ast.Name("bool", ast.Load()), args=[replacement],
                                      keywords=[]))
    elif isinstance(node, ast.Constant):
        if isinstance(node.value, bool):
            node.value = not node.value
        elif isinstance(node.value, int):
            node.value = node.value + (1 if mutant.variant == 0 else -1)
    elif isinstance(node, ast.Return):
        node.value = ast.Constant(None)
    return ast.fix_missing_locations(tree)


def _replace(tree: ast.AST, old: ast.AST, new: ast.expr) -> None:
    ast.copy_location(new, old)
    for parent in ast.walk(tree):
        for name, value in ast.iter_fields(parent):
            if value is old:
                setattr(parent, name, new)
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    if item is old:
                        value[i] = new


def load_mutant(source: str, mutant: Mutant, original: ModuleType) -> ModuleType:
    """A fresh module object running the mutated source (named as the original)."""
    return load_module(mutated_source(source, mutant), original)


def load_module(source: str | ast.Module, original: ModuleType) -> ModuleType:
    """A fresh module object running ``source`` (named as the original, never put in
    ``sys.modules``)."""
    code = compile(source, original.__file__ or "<mutant>", "exec")
    module = ModuleType(original.__name__)
    module.__file__ = original.__file__
    module.__package__ = original.__package__
    exec(code, module.__dict__)  # noqa: S102 - the user's own module, mutated
    return module


def select_cases(kills: Sequence[set[int]], arcs: Sequence[frozenset[tuple[int, int]]],
                 ) -> list[int]:
    """Indexes of the cases to keep, in their order: greedily the one killing most mutants
    not yet killed, then the one reaching most arcs not yet reached; the rest dropped."""
    killed: set[int] = set()
    reached: set[tuple[int, int]] = set()
    chosen: list[int] = []
    remaining = set(range(len(kills)))
    while remaining:
        best = max(sorted(remaining), key=lambda i: (len(kills[i] - killed),
                                                     len(arcs[i] - reached)))
        if not (kills[best] - killed or arcs[best] - reached):
            break
        chosen.append(best)
        killed |= kills[best]
        reached |= arcs[best]
        remaining.discard(best)
    return sorted(chosen)
