"""Classes whose creation only binds their attributes.

A class attribute rebound to a literal reaches a test only through code that
reads it, unless creating the class runs code of its own: a decorator, a
metaclass other than ``abc.ABCMeta``, or an ``__init_subclass__`` somewhere up
its bases. Bases are followed into the project's other modules through their
``from … import`` statements; a base that cannot be followed is not plain.
"""

from __future__ import annotations

import ast
from collections.abc import Callable

PLAIN_BASES = frozenset({"object", "dict", "list", "set", "frozenset", "tuple", "str", "int",
                         "float", "bytes", "Exception", "ValueError", "TypeError", "KeyError",
                         "RuntimeError", "LookupError", "AttributeError", "IndexError"})
_PLAIN_METACLASSES = frozenset({"ABCMeta"})
_HOOKS = frozenset({"__init_subclass__"})

Locate = Callable[[str, ast.ImportFrom], tuple[str, ast.Module] | None]
"""The path and parsed tree of the module a ``from … import`` statement of the module at a
path loads."""


class PlainClasses:
    """Decides :meth:`plain` for classes of one project, following bases by import."""

    def __init__(self, locate: Locate | None = None) -> None:
        self._locate = locate

    def plain(self, path: str, tree: ast.Module, node: ast.ClassDef) -> bool:
        """No decorators, metaclass or subclass hooks, here or up the bases."""
        return self._plain(path, tree, node, frozenset(), base=False)

    def _plain(self, path: str, tree: ast.Module, node: ast.ClassDef,
               seen: frozenset[tuple[str, str]], *, base: bool) -> bool:
        key = (path, node.name)
        if node.decorator_list or key in seen or not all(map(_plain_keyword, node.keywords)):
            return False
        if base and any(isinstance(s, ast.FunctionDef) and s.name in _HOOKS for s in node.body):
            return False
        return all(self._plain_base(path, tree, b, seen | {key}) for b in node.bases)

    def _plain_base(self, path: str, tree: ast.Module, expr: ast.expr,
                    seen: frozenset[tuple[str, str]]) -> bool:
        if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name):
            return expr.value.id == "abc" and expr.attr == "ABC"
        if not isinstance(expr, ast.Name):
            return False
        local = _top_level_class(tree, expr.id)
        if local is not None:
            return self._plain(path, tree, local, seen, base=True)
        source = _imported_from(tree, expr.id)
        if source is None:
            return expr.id in PLAIN_BASES
        statement, original = source
        if statement.module == "abc" and statement.level == 0:
            return original == "ABC"
        found = self._locate(path, statement) if self._locate is not None else None
        if found is None:
            return False
        where, module = found
        defined = _top_level_class(module, original)
        return defined is not None and self._plain(where, module, defined, seen, base=True)


def _plain_keyword(keyword: ast.keyword) -> bool:
    value = keyword.value
    name = value.attr if isinstance(value, ast.Attribute) else getattr(value, "id", None)
    return keyword.arg == "metaclass" and name in _PLAIN_METACLASSES


def _top_level_class(tree: ast.Module, name: str) -> ast.ClassDef | None:
    found = [s for s in tree.body if isinstance(s, ast.ClassDef) and s.name == name]
    return found[0] if len(found) == 1 else None


def _imported_from(tree: ast.Module, name: str) -> tuple[ast.ImportFrom, str] | None:
    """The top-level ``from … import`` binding ``name``, and the name it imports."""
    for statement in tree.body:
        if isinstance(statement, ast.ImportFrom):
            for alias in statement.names:
                if (alias.asname or alias.name) == name:
                    return statement, alias.name
    return None
