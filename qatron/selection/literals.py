"""Import-level changes that only rebind names to literal values.

``LIMIT = 3`` → ``LIMIT = 4``, a value built from literals by the standard
library (``re.compile(PREFIX + r"\\d+")``, see constants.py), a class
attribute of a class whose creation runs no code of its own (classes.py), a
literal default value, a new or removed undecorated function: such a change
cannot fail while importing, and it reaches a test only through code that
reads the name (or calls the function). Any other import-level change —
calls, imports, decorators, annotations, class headers, ``if``/``try``
blocks — may do anything while importing, and selection follows the import
graph.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from qatron.selection.classes import PlainClasses
from qatron.selection.constants import Constants
from qatron.selection.import_time import import_time_names, is_main_guard
from qatron.selection.lines import FunctionSpan, enclosing

_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)
_HARMLESS_DECORATORS = frozenset({"property", "staticmethod", "classmethod"})


@dataclass
class LiteralChange:
    """Names rebound to literals, and functions whose body or literal defaults changed.

    ``attributes``: those of ``names`` bound in a class body, which any module may read
    from an instance it was handed, whether or not it imports the class.
    """

    names: set[str] = field(default_factory=set)
    attributes: set[str] = field(default_factory=set)
    functions: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class _Side:
    """One version of the changed module: its tree, constants and where it lives."""

    path: str
    tree: ast.Module
    constants: Constants
    classes: PlainClasses


def literal_change(base: ast.Module, head: ast.Module, old_lines: set[int],
                   new_lines: set[int], spans: tuple[list[FunctionSpan], list[FunctionSpan]],
                   path: str = "", classes: PlainClasses | None = None) -> LiteralChange | None:
    """What the import-level part of a change rebinds; None if it may do more than that.

    ``path`` and ``classes`` follow class bases into the project's other modules.
    """
    classes = classes or PlainClasses()
    before = _Side(path, base, Constants(base), classes)
    after = _Side(path, head, Constants(head), classes)
    found = LiteralChange()
    for line in sorted(old_lines):  # lines in base function bodies: the caller's business
        if enclosing(spans[0], line) is None and not _add(found, before, line):
            return None
    for line in sorted(new_lines):
        span = enclosing(spans[1], line)
        if span is not None:
            found.functions.add(span.name)  # e.g. lines added at the end of a function
        elif not _add(found, after, line):
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
        if "." in qualname:
            found.attributes.add(name)
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


def _add(found: LiteralChange, side: _Side, line: int) -> bool:
    """Account for the statement holding ``line``; False if it is not a literal rebinding."""
    body, prefix, plain = side.tree.body, "", True
    while True:
        statement = _holding(body, line)
        if statement is None or is_main_guard(statement):
            return True  # a blank or comment line, or code that does not run on import
        if isinstance(statement, ast.ClassDef):
            if line < _first_body_line(statement):
                return False
            body, prefix = statement.body, f"{prefix}{statement.name}."
            plain = plain and side.classes.plain(side.path, side.tree, statement)
            continue
        if isinstance(statement, _DEFS):  # a method's defaults matter only to its calls
            return _function(found, statement, prefix)
        return plain and _assignment(found, statement, side, in_class=bool(prefix))


def _assignment(found: LiteralChange, statement: ast.stmt, side: _Side, *,
                in_class: bool) -> bool:
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
        return True  # a docstring or a bare literal: only doctests read it
    if isinstance(statement, ast.Pass):
        return True
    if isinstance(statement, ast.AnnAssign) and not _future_annotations(side.tree):
        return False
    targets = _targets(statement)
    value = getattr(statement, "value", None)
    if targets is None or (value is not None and not _built(value, side, in_class=in_class)):
        return False
    if any(_dunder(t) for t in targets):
        return False  # __slots__, __all__, __hash__: effects beyond reading the name
    found.names.update(targets)
    if in_class:
        found.attributes.update(targets)
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


def _built(value: ast.expr, side: _Side, *, in_class: bool) -> bool:
    """A literal, or a value built from literals and the module's constants alone; in a
    class body, where a name may be an earlier attribute, from literals alone."""
    if in_class and any(isinstance(n, ast.Name) and n.id != "re" for n in ast.walk(value)
                        if not _called(n, value)):
        return _literal(value)
    return side.constants.pure(value)


def _called(name: ast.AST, value: ast.expr) -> bool:
    """Whether ``name`` is the function of a call in ``value`` (``frozenset(...)``)."""
    return any(isinstance(n, ast.Call) and n.func is name for n in ast.walk(value))


def derived_names(base: ast.Module, head: ast.Module, names: set[str]) -> set[str] | None:
    """The module's constants built from ``names`` while importing (``LABEL_RE =
    re.compile(LABEL)``), read like them; None if other import-time code reads them, or
    if one of them can no longer be built from the new values."""
    constants, after = Constants(base), Constants(head)
    built = [s for s in base.body if id(s) in constants.statements]
    found = set(names)
    grew = True
    while grew:
        grew = False
        for statement in built:
            target = constants.statements[id(statement)]
            if target not in found and any(
                    isinstance(n, ast.Name) and n.id in found for n in ast.walk(statement)):
                found.add(target)
                grew = True
    derived = found - names
    if not derived <= set(after.values):
        return None
    rest = ast.Module(body=[s for s in base.body if id(s) not in constants.statements],
                      type_ignores=[])
    return None if found & import_time_names(rest) else derived


def _literal(node: ast.expr) -> bool:
    try:
        ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False
    return True


def _future_annotations(tree: ast.Module) -> bool:
    return any(isinstance(s, ast.ImportFrom) and s.module == "__future__"
               and any(a.name == "annotations" for a in s.names) for s in tree.body)
