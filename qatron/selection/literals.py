"""Import-level changes that only rebind names to literal values.

``LIMIT = 3`` → ``LIMIT = 4``, a class attribute of a plain class, a literal
default value, a new or removed undecorated function: such a change cannot
fail while importing, and it reaches a test only through code that reads
the name (or calls the function). Any other import-level change — calls,
imports, decorators, annotations, class headers, ``if``/``try`` blocks — may
do anything while importing, and selection follows the import graph.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from qatron.selection.import_time import is_main_guard
from qatron.selection.lines import FunctionSpan, enclosing

_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)
_PLAIN_BASES = frozenset({"object", "Exception", "ValueError", "TypeError", "KeyError",
                          "RuntimeError", "LookupError", "AttributeError", "IndexError"})
_HARMLESS_DECORATORS = frozenset({"property", "staticmethod", "classmethod"})


@dataclass
class LiteralChange:
    """Names rebound to literals, and functions whose literal defaults (only) changed."""

    names: set[str] = field(default_factory=set)
    functions: set[str] = field(default_factory=set)


def literal_change(base: ast.Module, head: ast.Module, old_lines: set[int],
                   new_lines: set[int], spans: tuple[list[FunctionSpan], list[FunctionSpan]]
                   ) -> LiteralChange | None:
    """What the import-level part of a change rebinds; None if it may do more than that."""
    found = LiteralChange()
    for tree, lines, side in ((base, old_lines, spans[0]), (head, new_lines, spans[1])):
        for line in sorted(lines):
            if enclosing(side, line) is None and not _add(found, tree, line):
                return None  # (lines in function bodies are the coverage map's business)
    return found if _headers_kept(base, head, found) else None


def _headers_kept(base: ast.Module, head: ast.Module, found: LiteralChange) -> bool:
    """Functions on both sides kept decorators and annotations; new ones have no annotations.

    A function added or removed is read by its name, like an assignment.
    """
    before, after = _headers(base), _headers(head)
    for qualname in list(found.functions):
        if qualname in before and qualname in after:
            if before[qualname] != after[qualname]:
                return False
            continue
        found.functions.discard(qualname)
        found.names.add(qualname.rpartition(".")[2])
        if qualname in after and after[qualname][1] and not _future_annotations(head):
            return False
    return True


def _add(found: LiteralChange, tree: ast.Module, line: int) -> bool:
    """Account for the statement holding ``line``; False if it is not a literal rebinding."""
    body, prefix = tree.body, ""
    while True:
        statement = _holding(body, line)
        if statement is None or is_main_guard(statement):
            return True  # a blank or comment line, or code that does not run on import
        if isinstance(statement, ast.ClassDef):
            if not _plain(statement, tree) or line < _first_body_line(statement):
                return False
            body, prefix = statement.body, f"{prefix}{statement.name}."
            continue
        if isinstance(statement, _DEFS):
            return _function(found, statement, prefix)
        return _assignment(found, statement, _future_annotations(tree))


def _assignment(found: LiteralChange, statement: ast.stmt, future: bool) -> bool:
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
        return True  # a docstring or a bare literal: only doctests read it
    if isinstance(statement, ast.Pass):
        return True
    if isinstance(statement, ast.AnnAssign) and not future:
        return False
    targets = _targets(statement)
    value = getattr(statement, "value", None)
    if targets is None or (value is not None and not _literal(value)):
        return False
    if any(t.startswith("__") and t.endswith("__") for t in targets):
        return False  # __slots__, __all__, __hash__: effects beyond reading the name
    found.names.update(targets)
    return True


def _function(found: LiteralChange, node: ast.FunctionDef | ast.AsyncFunctionDef,
              prefix: str) -> bool:
    """A function header: only literal defaults and harmless decorators."""
    if any(not (isinstance(d, ast.Name) and d.id in _HARMLESS_DECORATORS)
           for d in node.decorator_list):
        return False
    defaults = [*node.args.defaults, *(d for d in node.args.kw_defaults if d is not None)]
    if not all(_literal(d) for d in defaults):
        return False
    found.functions.add(f"{prefix}{node.name}")
    return True


def _headers(tree: ast.Module) -> dict[str, tuple[str, bool]]:
    """Qualified name → (its decorators and annotations, whether it has annotations)."""
    found: dict[str, tuple[str, bool]] = {}
    stack: list[tuple[ast.AST, str]] = [(tree, "")]
    while stack:
        node, prefix = stack.pop()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, _DEFS):
                annotations = _annotations(child)
                parts = [*child.decorator_list, *annotations]
                found[f"{prefix}{child.name}"] = ("|".join(map(ast.dump, parts)),
                                                   bool(annotations))
            elif isinstance(child, ast.ClassDef):
                stack.append((child, f"{prefix}{child.name}."))
    return found


def _annotations(node: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.expr]:
    args = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs,
            *(a for a in (node.args.vararg, node.args.kwarg) if a is not None)]
    found = [a.annotation for a in args if a.annotation is not None]
    return found + ([node.returns] if node.returns is not None else [])


def _holding(body: list[ast.stmt], line: int) -> ast.stmt | None:
    for statement in body:
        first = min([statement.lineno, *(d.lineno for d in getattr(
            statement, "decorator_list", []))])
        if first <= line <= (statement.end_lineno or statement.lineno):
            return statement
    return None


def _first_body_line(node: ast.ClassDef) -> int:
    first = node.body[0]
    return min([first.lineno, *(d.lineno for d in getattr(first, "decorator_list", []))])


def _plain(node: ast.ClassDef, tree: ast.Module, seen: frozenset[str] = frozenset()) -> bool:
    """No decorators, metaclass or keywords, and plain bases: attributes are only read.

    A base is plain if it is ``object``, a common exception, or a plain class
    of the same module.
    """
    if node.decorator_list or node.keywords or node.name in seen:
        return False
    local = {c.name: c for c in tree.body if isinstance(c, ast.ClassDef)}
    return all(isinstance(base, ast.Name) and (
        base.id in _PLAIN_BASES or (base.id in local and _plain(
            local[base.id], tree, seen | {node.name}))) for base in node.bases)


def _targets(statement: ast.stmt) -> list[str] | None:
    if isinstance(statement, ast.Assign):
        raw = statement.targets
    elif isinstance(statement, ast.AugAssign | ast.AnnAssign):
        raw = [statement.target]
    else:
        return None
    names: list[str] = []
    for target in raw:
        parts = target.elts if isinstance(target, ast.Tuple | ast.List) else [target]
        if not all(isinstance(p, ast.Name) for p in parts):
            return None
        names.extend(p.id for p in parts if isinstance(p, ast.Name))
    return names


def _literal(node: ast.expr) -> bool:
    try:
        ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False
    return True


def _future_annotations(tree: ast.Module) -> bool:
    return any(isinstance(s, ast.ImportFrom) and s.module == "__future__"
               and any(a.name == "annotations" for a in s.names) for s in tree.body)
