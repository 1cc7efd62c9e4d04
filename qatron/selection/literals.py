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
_PLAIN_BASES = frozenset({"object", "dict", "list", "set", "frozenset", "tuple", "str", "int",
                          "float", "bytes", "Exception", "ValueError", "TypeError", "KeyError",
                          "RuntimeError", "LookupError", "AttributeError", "IndexError"})
_HARMLESS_DECORATORS = frozenset({"property", "staticmethod", "classmethod"})


@dataclass
class LiteralChange:
    """Names rebound to literals, and functions whose body or literal defaults changed."""

    names: set[str] = field(default_factory=set)
    functions: set[str] = field(default_factory=set)


def literal_change(base: ast.Module, head: ast.Module, old_lines: set[int],
                   new_lines: set[int], spans: tuple[list[FunctionSpan], list[FunctionSpan]]
                   ) -> LiteralChange | None:
    """What the import-level part of a change rebinds; None if it may do more than that."""
    found = LiteralChange()
    for line in sorted(old_lines):  # lines in base function bodies: the caller's business
        if enclosing(spans[0], line) is None and not _add(found, base, line):
            return None
    for line in sorted(new_lines):
        span = enclosing(spans[1], line)
        if span is not None:
            found.functions.add(span.name)  # e.g. lines added at the end of a function
        elif not _add(found, head, line):
            return None
    if not _headers_kept(base, head, found):
        return None
    gone = (found.names & _module_bindings(base)) - _module_bindings(head)
    return None if gone else found  # `from module import gone` now fails while importing


def _module_bindings(tree: ast.Module) -> set[str]:
    """Names the module's top level binds (what ``from module import name`` can find)."""
    names: set[str] = set()
    for statement in tree.body:
        if isinstance(statement, (*_DEFS, ast.ClassDef)):
            names.add(statement.name)
        elif isinstance(statement, ast.Import | ast.ImportFrom):
            names.update((a.asname or a.name).split(".")[0] for a in statement.names)
        else:
            names.update(n.id for n in ast.walk(statement)
                         if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store))
    return names


def _headers_kept(base: ast.Module, head: ast.Module, found: LiteralChange) -> bool:
    """Functions on both sides kept decorators and annotations, and only literal defaults
    changed; new ones have no annotations and only literal defaults.

    A function added or removed is read by its name, like an assignment.
    """
    before, after = _headers(base), _headers(head)
    for qualname in list(found.functions):
        if qualname in before and qualname in after:
            if before[qualname].header != after[qualname].header or not _defaults_kept(
                    before[qualname].defaults, after[qualname].defaults):
                return False
            continue
        found.functions.discard(qualname)
        name = qualname.rpartition(".")[2]
        if _dunder(name):
            return False  # __eq__, __getattr__…: called without being named
        found.names.add(name)
        for side in (before, after):
            if qualname in side and not all(map(_literal, side[qualname].defaults.values())):
                return False
        if qualname in after and after[qualname].annotated and not _future_annotations(head):
            return False
    return True


def _defaults_kept(before: dict[str, ast.expr], after: dict[str, ast.expr]) -> bool:
    """The same defaults but for literal ones added, removed or changed: any other default
    is an expression run at import, as it was."""
    for name in before.keys() | after.keys():
        old, new = before.get(name), after.get(name)
        if old is not None and new is not None and ast.dump(old) == ast.dump(new):
            continue
        if not all(_literal(side) for side in (old, new) if side is not None):
            return False
    return True


def _dunder(name: str) -> bool:
    return name.startswith("__") and name.endswith("__")


def _add(found: LiteralChange, tree: ast.Module, line: int) -> bool:
    """Account for the statement holding ``line``; False if it is not a literal rebinding."""
    body, prefix, plain = tree.body, "", True
    while True:
        statement = _holding(body, line)
        if statement is None or is_main_guard(statement):
            return True  # a blank or comment line, or code that does not run on import
        if isinstance(statement, ast.ClassDef):
            if line < _first_body_line(statement):
                return False
            body, prefix = statement.body, f"{prefix}{statement.name}."
            plain = plain and _plain(statement, tree)
            continue
        if isinstance(statement, _DEFS):  # a method's defaults matter only to its calls
            return _function(found, statement, prefix)
        return plain and _assignment(found, statement, _future_annotations(tree))


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
    if any(_dunder(t) for t in targets):
        return False  # __slots__, __all__, __hash__: effects beyond reading the name
    found.names.update(targets)
    return True


def _function(found: LiteralChange, node: ast.FunctionDef | ast.AsyncFunctionDef,
              prefix: str) -> bool:
    """A function header: only harmless decorators (its defaults: see _headers_kept)."""
    if any(not (isinstance(d, ast.Name) and d.id in _HARMLESS_DECORATORS)
           for d in node.decorator_list):
        return False
    found.functions.add(f"{prefix}{node.name}")
    return True


@dataclass(frozen=True)
class _Header:
    """What a function's ``def`` runs at import: decorators and annotations (dumped), and
    its defaults by parameter name."""

    header: str
    annotated: bool
    defaults: dict[str, ast.expr]


def _headers(tree: ast.Module) -> dict[str, _Header]:
    """Each function's :class:`_Header`, by qualified name."""
    found: dict[str, _Header] = {}
    stack: list[tuple[ast.AST, str]] = [(tree, "")]
    while stack:
        node, prefix = stack.pop()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, _DEFS):
                annotations = _annotations(child)
                parts = [*child.decorator_list, *annotations]
                found[f"{prefix}{child.name}"] = _Header("|".join(map(ast.dump, parts)),
                                                         bool(annotations), _defaults(child))
            elif isinstance(child, ast.ClassDef):
                stack.append((child, f"{prefix}{child.name}."))
    return found


def _defaults(node: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, ast.expr]:
    """Each parameter's default: positional ones belong to the last parameters."""
    positional = [*node.args.posonlyargs, *node.args.args]
    found = {arg.arg: default for arg, default in zip(
        positional[len(positional) - len(node.args.defaults):], node.args.defaults, strict=True)}
    found.update({arg.arg: default for arg, default in zip(
        node.args.kwonlyargs, node.args.kw_defaults, strict=True) if default is not None})
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
    decorators: list[ast.expr] = getattr(first, "decorator_list", [])
    return min([first.lineno, *(d.lineno for d in decorators)])


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
