"""Single-site source mutations found with ``ast`` and applied as one small text edit.

Each mutation replaces the source of exactly one node (a comparison, a
constant, a slice bound, a boolean operator, a default argument, a class
attribute, a module-level constant or a ``return``), so the rest of the file
keeps its formatting and only the lines of that node change, as a developer's
edit would. Sites are chosen with a seeded ``random.Random``, cycling through
the kinds and spreading over the modules.
"""

from __future__ import annotations

import ast
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

COMPARE_FLIPS: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot, ast.IsNot: ast.Is,
}


@dataclass(frozen=True)
class Mutation:
    kind: str
    path: str  # relative to the project root
    line: int
    end_line: int
    start: int  # byte offsets of the replaced node in its first and last line
    end: int
    original: str
    replacement: str
    scope: str  # the enclosing class/function, or "<module>"

    def describe(self) -> str:
        return (f"{self.kind} at {self.path}:{self.line} in {self.scope}: "
                f"`{self.original}` -> `{self.replacement}`")

    def apply(self, root: Path) -> None:
        target = root / self.path
        lines = target.read_bytes().splitlines(keepends=True)
        head = lines[self.line - 1][: self.start]
        tail = lines[self.end_line - 1][self.end:]
        lines[self.line - 1: self.end_line] = [head + self.replacement.encode() + tail]
        target.write_bytes(b"".join(lines))


def mutated_constant(value: object) -> object | None:
    """A different constant of the same kind, or None if there is no sensible one."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value + 1
    if isinstance(value, str) and value and "\n" not in value and len(value) < 60:
        return value + "_"
    return None


def constant_replacement(node: ast.expr) -> str | None:
    if not isinstance(node, ast.Constant):
        return None
    value = mutated_constant(node.value)
    return None if value is None else repr(value)


def compare_replacement(node: ast.AST) -> str | None:
    if not isinstance(node, ast.Compare) or type(node.ops[0]) not in COMPARE_FLIPS:
        return None
    flipped = ast.Compare(node.left, [COMPARE_FLIPS[type(node.ops[0])](), *node.ops[1:]],
                          node.comparators)
    return ast.unparse(flipped)


def boolop_replacement(node: ast.AST) -> str | None:
    if not isinstance(node, ast.BoolOp):
        return None
    swapped = ast.Or() if isinstance(node.op, ast.And) else ast.And()
    return ast.unparse(ast.BoolOp(swapped, node.values))


def off_by_one_replacement(node: ast.AST) -> str | None:
    """``x[a:b]`` -> ``x[a:b + 1]`` (or ``x[a + 1:]``); ``range(n)`` -> ``range(n + 1)``."""
    if isinstance(node, ast.Slice) and (node.upper or node.lower):
        bound = node.upper or node.lower
        shifted = ast.BinOp(bound, ast.Add(), ast.Constant(1))
        changed = ast.Slice(node.lower, shifted, node.step) if node.upper else ast.Slice(
            shifted, node.upper, node.step)
        return ast.unparse(changed)
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id == "range" and node.args and not node.keywords):
        stop = 1 if len(node.args) > 1 else 0
        args = list(node.args)
        args[stop] = ast.BinOp(args[stop], ast.Add(), ast.Constant(1))
        return ast.unparse(ast.Call(node.func, args, []))
    return None


def return_replacement(node: ast.AST) -> str | None:
    if isinstance(node, ast.Return) and node.value is not None and not (
            isinstance(node.value, ast.Constant) and node.value.value is None):
        return "return None"
    return None


@dataclass
class Site:
    kind: str
    node: ast.AST
    replacement: str
    scope: str


def assigned_constant_sites(kind: str, body: list[ast.stmt], scope: str) -> Iterator[Site]:
    """``NAME = <constant>`` statements directly in ``body`` (a module's or a class's)."""
    for statement in body:
        if not isinstance(statement, ast.Assign | ast.AnnAssign) or statement.value is None:
            continue
        targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
        if not all(isinstance(t, ast.Name) and not t.id.startswith("__") for t in targets):
            continue
        constants = [node for node in ast.walk(statement.value) if isinstance(node, ast.Constant)
                     and constant_replacement(node) is not None]
        numbers_first = sorted(constants, key=lambda node: isinstance(node.value, str))
        if numbers_first:
            node = numbers_first[0]
            yield Site(kind, node, constant_replacement(node) or "", scope)


def default_sites(function: ast.FunctionDef | ast.AsyncFunctionDef, scope: str) -> Iterator[Site]:
    for default in [*function.args.defaults, *function.args.kw_defaults]:
        replacement = constant_replacement(default) if default is not None else None
        if replacement is not None:
            yield Site("default argument", default, replacement, scope)


EXPRESSION_KINDS: dict[str, Callable[[ast.AST], str | None]] = {
    "comparison flip": compare_replacement,
    "and/or swap": boolop_replacement,
    "off-by-one": off_by_one_replacement,
    "dropped return value": return_replacement,
}


class SiteFinder(ast.NodeVisitor):
    """Every candidate site of a module, with the class/function it sits in."""

    def __init__(self) -> None:
        self.scope: list[str] = []
        self.functions = 0  # how many function definitions we are inside
        self.sites: list[Site] = []

    @property
    def where(self) -> str:
        return ".".join(self.scope) or "<module>"

    def visit_Module(self, node: ast.Module) -> None:
        self.sites += assigned_constant_sites("module constant", node.body, "<module>")
        self.generic_visit(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.scope.append(node.name)
        self.sites += assigned_constant_sites("class attribute", node.body, self.where)
        self.generic_visit(node)
        self.scope.pop()

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.scope.append(node.name)
        self.sites += default_sites(node, self.where)
        self.functions += 1
        self.generic_visit(node)
        self.functions -= 1
        self.scope.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def generic_visit(self, node: ast.AST) -> None:
        if self.functions:
            for kind, replace in EXPRESSION_KINDS.items():
                replacement = replace(node)
                if replacement is not None:
                    self.sites.append(Site(kind, node, replacement, self.where))
        super().generic_visit(node)


def as_mutation(root: Path, path: str, site: Site) -> Mutation | None:
    node = site.node
    lines = (root / path).read_bytes().splitlines(keepends=True)
    start, end = node.col_offset, node.end_col_offset  # type: ignore[attr-defined]
    line, end_line = node.lineno, node.end_lineno  # type: ignore[attr-defined]
    if line != end_line:
        return None  # single-line sites only: the edit stays one line
    original = lines[line - 1][start:end].decode()
    mutation = Mutation(site.kind, path, line, end_line, start, end, original,
                        site.replacement, site.scope)
    return mutation if compiles_differently(root, mutation) else None


def compiles_differently(root: Path, mutation: Mutation) -> bool:
    source = (root / mutation.path).read_bytes()
    lines = source.splitlines(keepends=True)
    line = lines[mutation.line - 1]
    lines[mutation.line - 1] = (line[: mutation.start] + mutation.replacement.encode()
                                + line[mutation.end:])
    try:
        changed = ast.parse(b"".join(lines))
    except SyntaxError:
        return False
    return ast.dump(changed) != ast.dump(ast.parse(source))


def candidate_mutations(root: Path, modules: list[str]) -> dict[str, dict[str, list[Site]]]:
    """kind -> module path -> sites."""
    found: dict[str, dict[str, list[Site]]] = {}
    for path in modules:
        finder = SiteFinder()
        finder.visit(ast.parse((root / path).read_bytes()))
        for site in finder.sites:
            found.setdefault(site.kind, {}).setdefault(path, []).append(site)
    return found


KINDS = ("comparison flip", "class attribute", "module constant", "off-by-one",
         "and/or swap", "default argument", "dropped return value")


def choose_mutations(root: Path, modules: list[str], count: int, seed: int) -> list[Mutation]:
    """``count`` distinct mutations: kinds in turn, each in its least-mutated module."""
    rng = random.Random(seed)
    candidates = candidate_mutations(root, modules)
    used_modules = {path: 0 for path in modules}
    chosen: list[Mutation] = []
    seen: set[tuple[str, int, int]] = set()
    kinds = [kind for kind in KINDS if kind in candidates]
    attempts = 0
    while len(chosen) < count and attempts < count * 50:
        kind = kinds[attempts % len(kinds)]
        attempts += 1
        paths = sorted(candidates[kind], key=lambda p: (used_modules[p], rng.random()))
        path = paths[0]
        site = rng.choice(candidates[kind][path])
        mutation = as_mutation(root, path, site)
        if mutation is None or (path, mutation.line, mutation.start) in seen:
            continue
        seen.add((path, mutation.line, mutation.start))
        used_modules[path] += 1
        chosen.append(mutation)
    return chosen
