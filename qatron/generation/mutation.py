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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from types import CodeType, ModuleType

__all__ = ["Mutant", "Mutator", "load_module", "load_mutant", "mutants", "select_cases",
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
    mutator = Mutator(source)
    mutator.apply(mutant)
    return ast.fix_missing_locations(mutator.tree)


class Mutator:
    """A module's tree parsed once; each mutant applied to it, compiled and undone in turn
    (parsing the module again for every mutant took longer than running its cases)."""

    def __init__(self, source: str) -> None:
        self.tree = ast.parse(source)
        self.nodes = list(ast.walk(self.tree))
        self.parents: dict[int, tuple[ast.AST, str, int | None]] = {}
        for parent in self.nodes:
            for name, value in ast.iter_fields(parent):
                if isinstance(value, ast.AST):
                    self.parents[id(value)] = (parent, name, None)
                elif isinstance(value, list):
                    for index, item in enumerate(value):
                        if isinstance(item, ast.AST):
                            self.parents[id(item)] = (parent, name, index)

    def load(self, mutant: Mutant, original: ModuleType) -> ModuleType:
        """A fresh module object running the module with ``mutant`` (see ``load_mutant``)."""
        undo = self.apply(mutant)
        try:
            code = compile(self.tree, original.__file__ or "<mutant>", "exec")
        finally:
            undo()
        return _run_module(code, original)

    def apply(self, mutant: Mutant) -> Callable[[], None]:
        """Change the tree as ``mutant`` says; the function that changes it back."""
        node = self.nodes[mutant.index]
        if isinstance(node, ast.Compare):
            position = [i for i, op in enumerate(node.ops) if type(op) in _SWAPS][mutant.variant]
            return self._set(node.ops, position,
                             _SWAPS[type(node.ops[position])]())
        if isinstance(node, (ast.BoolOp, ast.BinOp)):
            return self._set(node, "op", _SWAPS[type(node.op)]())
        if isinstance(node, ast.UnaryOp):
            call = ast.Call(func=ast.Name("bool", ast.Load()), args=[node.operand], keywords=[])
            parent, name, index = self.parents[id(node)]
            target = getattr(parent, name)
            return self._set(target, index, call, node) if index is not None \
                else self._set(parent, name, call, node)
        if isinstance(node, ast.Constant) and isinstance(node.value, bool):
            return self._set(node, "value", not node.value)
        if isinstance(node, ast.Constant) and isinstance(node.value, int):
            return self._set(node, "value", node.value + (1 if mutant.variant == 0 else -1))
        if isinstance(node, ast.Return) and node.value is not None:
            return self._set(node, "value", ast.Constant(None), node.value)
        return lambda: None

    @staticmethod
    def _set(owner: object, key: str | int, new: object, located: ast.AST | None = None,
             ) -> Callable[[], None]:
        """``owner``'s ``key`` (an attribute, or an index of a list) set to ``new`` (placed
        where ``located`` is, when it is a new node); the function setting it back."""
        if isinstance(new, ast.AST) and located is not None:
            ast.fix_missing_locations(ast.copy_location(new, located))
        if isinstance(key, int):
            items: list[object] = owner  # type: ignore[assignment]
            old = items[key]
            items[key] = new
            return lambda: items.__setitem__(key, old)
        old = getattr(owner, key)
        setattr(owner, key, new)
        return lambda: setattr(owner, key, old)


def load_mutant(source: str, mutant: Mutant, original: ModuleType) -> ModuleType:
    """A fresh module object running the mutated source (named as the original)."""
    return Mutator(source).load(mutant, original)


def load_module(source: str | ast.Module, original: ModuleType) -> ModuleType:
    """A fresh module object running ``source`` (named as the original, never put in
    ``sys.modules``)."""
    return _run_module(compile(source, original.__file__ or "<mutant>", "exec"), original)


def _run_module(code: CodeType, original: ModuleType) -> ModuleType:
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
