"""Module-level values built from literals alone, worked out without importing the module.

``PATTERN = re.compile(r"\\d+", re.I)``, ``LABEL = PREFIX + r"\\]"`` or
``NAMES = frozenset({"a", "b"})`` run nothing but the standard library on
literals while importing: like a literal, such a value reaches a test only
through code that reads its name. Whether the new value can be built at all
(a pattern that no longer compiles would fail every import) is decided by
building it here, from the module's own earlier constants.
"""

from __future__ import annotations

import ast
import operator
import re
from collections.abc import Callable
from typing import Any

_MAX_SIZE = 100_000  # a built string or collection longer than this is not worked out
_CONTAINERS: dict[str, Callable[..., Any]] = {"frozenset": frozenset, "tuple": tuple,
                                              "set": set, "list": list, "dict": dict}
_OPERATORS: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add, ast.BitOr: operator.or_, ast.Mod: operator.mod}
_ATOMS = (str, bytes, int, float, bool, type(None), re.RegexFlag)


class Impure(Exception):
    """The expression runs more than the standard library on literals, or fails."""


class Constants:
    """A module's top-level names bound once to values built from literals."""

    def __init__(self, tree: ast.Module) -> None:
        self._stdlib_re = _imports_re(tree)
        self._shadowed = _bound_names(tree)
        self.values: dict[str, Any] = {}
        self.statements: dict[int, str] = {}  # id of each such statement -> the name it binds
        counts: dict[str, int] = {}
        for name in self._shadowed:
            counts[name] = 2  # bound by an import, a def, a class or `global`: not a constant
        for statement in tree.body:
            for name in _stored(statement):
                counts[name] = counts.get(name, 0) + 1
        for statement in tree.body:
            target = _single_target(statement)
            if target is None or counts.get(target) != 1:
                continue
            try:
                self.values[target] = self.build(statement.value)  # type: ignore[attr-defined]
            except Impure:
                continue
            self.statements[id(statement)] = target

    def pure(self, node: ast.expr) -> bool:
        """Whether ``node`` builds from literals and this module's constants alone."""
        try:
            self.build(node)
        except Impure:
            return False
        return True

    def build(self, node: ast.expr) -> Any:
        """The value ``node`` builds; :class:`Impure` if it may run anything else."""
        try:
            value = ast.literal_eval(node)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            pass
        else:
            return _checked(value)
        if isinstance(node, ast.Name):
            if node.id not in self.values:
                raise Impure(node.id)
            return self.values[node.id]
        if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
            left, right = self.build(node.left), self.build(node.right)
            return _apply(_OPERATORS[type(node.op)], left, right)
        if isinstance(node, ast.JoinedStr):
            return _checked("".join(self._piece(value) for value in node.values))
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            items = [self.build(element) for element in node.elts]
            return _checked(tuple(items) if isinstance(node, ast.Tuple) else (
                items if isinstance(node, ast.List) else _call(set, items)))
        if isinstance(node, ast.Attribute):
            return self._flag(node)
        if isinstance(node, ast.Call):
            return self._call(node)
        raise Impure(ast.dump(node)[:60])

    def _piece(self, value: ast.expr) -> str:
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            return value.value
        if isinstance(value, ast.FormattedValue) and value.conversion == -1 \
                and value.format_spec is None:
            built = self.build(value.value)
            if isinstance(built, str | int) and not isinstance(built, bool):
                return str(built)
        raise Impure("f-string")

    def _flag(self, node: ast.Attribute) -> Any:
        if self._stdlib_re and isinstance(node.value, ast.Name) and node.value.id == "re":
            flag = getattr(re, node.attr, None)
            if isinstance(flag, re.RegexFlag):
                return flag
        raise Impure(node.attr)

    def _call(self, node: ast.Call) -> Any:
        args = [self.build(arg) for arg in node.args if not isinstance(arg, ast.Starred)]
        if len(args) != len(node.args) or any(k.arg is None for k in node.keywords):
            raise Impure("*args")
        kwargs = {str(k.arg): self.build(k.value) for k in node.keywords}
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "compile" and self._stdlib_re \
                and isinstance(func.value, ast.Name) and func.value.id == "re":
            return _call(re.compile, args, kwargs)
        if isinstance(func, ast.Name) and func.id in _CONTAINERS \
                and func.id not in self._shadowed and not kwargs:
            return _checked(_call(_CONTAINERS[func.id], args))
        raise Impure("call")


def _call(function: Callable[..., Any], args: list[Any],
          kwargs: dict[str, Any] | None = None) -> Any:
    try:
        return function(*args, **(kwargs or {}))
    except Exception as exc:  # e.g. re.error, TypeError: importing would fail the same way
        raise Impure(str(exc)) from exc


def _apply(function: Callable[[Any, Any], Any], left: Any, right: Any) -> Any:
    if not all(isinstance(side, (*_ATOMS, tuple, frozenset)) for side in (left, right)):
        raise Impure("operand")
    return _checked(_call(function, [left, right]))


def _checked(value: Any) -> Any:
    """``value`` if it is small and made of plain immutable parts (or compiled patterns)."""
    if isinstance(value, str | bytes) and len(value) > _MAX_SIZE:
        raise Impure("too large")
    if isinstance(value, (re.Pattern, *_ATOMS)):
        return value
    if isinstance(value, tuple | frozenset | list | set):
        if len(value) > _MAX_SIZE:
            raise Impure("too large")
        for item in value:
            _checked(item)
        return value
    if isinstance(value, dict):
        if len(value) > _MAX_SIZE:
            raise Impure("too large")
        for key, item in value.items():
            _checked(key)
            _checked(item)
        return value
    raise Impure(type(value).__name__)


def _imports_re(tree: ast.Module) -> bool:
    """``import re`` at the top level, and nothing else binding ``re``."""
    imported = any(isinstance(s, ast.Import) and any(a.name == "re" and a.asname is None
                                                     for a in s.names) for s in tree.body)
    rebinds = sum(1 for s in ast.walk(tree) if isinstance(s, ast.Import | ast.ImportFrom)
                  for a in s.names if (a.asname or a.name) == "re")
    stores = any(isinstance(n, ast.Name) and n.id == "re" and isinstance(n.ctx, ast.Store)
                 for n in ast.walk(tree))
    return imported and rebinds == 1 and not stores


def _bound_names(tree: ast.Module) -> set[str]:
    """Names bound anywhere in the module other than by a top-level assignment."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Global):
            names.update(node.names)
    return names


def _stored(statement: ast.stmt) -> set[str]:
    return {n.id for n in ast.walk(statement)
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}


def _single_target(statement: ast.stmt) -> str | None:
    if isinstance(statement, ast.Assign) and len(statement.targets) == 1 \
            and isinstance(statement.targets[0], ast.Name):
        return statement.targets[0].id
    if isinstance(statement, ast.AnnAssign) and statement.value is not None \
            and isinstance(statement.target, ast.Name):
        return statement.target.id
    return None
