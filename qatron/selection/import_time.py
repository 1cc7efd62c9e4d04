"""Which functions may run while a module is imported, where coverage can't see them.

QAtron's coverage map attributes lines run while collecting (imports) to no
test, so a function called from module-level code, a class body, a
decorator or a default value looks "run by no test" there. Calls are
followed by simple name: code run at import time references names; the
module's functions and methods with those names may run then too, and so
on. Naming a class may run its dunder methods (``__init__``, ``__call__``,
``__set_name__``, …); its other methods run only if named themselves.
``if __name__ == "__main__":`` blocks do not run on import.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)


@dataclass
class _Defs:
    """A module's functions by simple name, and the dunder methods of its classes."""

    functions: dict[str, list[tuple[str, list[ast.stmt]]]] = field(default_factory=dict)
    dunders: dict[str, list[tuple[str, list[ast.stmt]]]] = field(default_factory=dict)


def import_time_names(tree: ast.Module) -> set[str]:
    """Simple names that code run at import time references, through the module's functions."""
    return _closure(_definitions(tree), set(_names(_import_level(tree.body))))[0]


def runs_at_import(tree: ast.Module, also: Iterable[str] = ()) -> set[str]:
    """Qualified names of the module's functions that may run when it is imported.

    ``also``: names another module's import-time code references (it imports this one).
    """
    start = set(_names(_import_level(tree.body))) | set(also)
    return _closure(_definitions(tree), start)[1]


def _closure(defs: _Defs, start: set[str]) -> tuple[set[str], set[str]]:
    names, run = set(start), set()
    queue = list(names)
    while queue:
        name = queue.pop()
        for qualname, body in [*defs.functions.get(name, ()), *defs.dunders.get(name, ())]:
            if qualname in run:
                continue
            run.add(qualname)
            for found in _names(body):
                if found not in names:
                    names.add(found)
                    queue.append(found)
    return names, run


def _definitions(tree: ast.Module) -> _Defs:
    defs = _Defs()
    stack: list[tuple[ast.AST, str, str | None]] = [(tree, "", None)]
    while stack:
        node, prefix, owner = stack.pop()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, _DEFS):
                qualname = f"{prefix}{child.name}"
                defs.functions.setdefault(child.name, []).append((qualname, child.body))
                if owner and child.name.startswith("__") and child.name.endswith("__"):
                    defs.dunders.setdefault(owner, []).append((qualname, child.body))
                stack.append((child, f"{qualname}.<locals>.", None))
            elif isinstance(child, ast.ClassDef):
                stack.append((child, f"{prefix}{child.name}.", child.name))
            elif isinstance(child, ast.stmt | ast.excepthandler | ast.match_case):
                stack.append((child, prefix, owner))
    return defs


def _import_level(statements: Iterable[ast.stmt]) -> Iterator[ast.AST]:
    """The parts of these statements that run when they are executed at import time."""
    for node in statements:
        if isinstance(node, _DEFS):
            yield from node.decorator_list
            yield from node.args.defaults
            yield from (d for d in node.args.kw_defaults if d is not None)
        elif isinstance(node, ast.ClassDef):
            yield from node.decorator_list
            yield from node.bases
            yield from node.keywords
            yield from _import_level(node.body)
        elif is_main_guard(node):
            yield from _import_level(node.orelse)
        elif isinstance(node, ast.If | ast.Try | ast.With | ast.For | ast.While):
            yield from _header(node)
            for name in ("body", "orelse", "finalbody"):
                yield from _import_level(getattr(node, name, []))
            for handler in getattr(node, "handlers", []):
                yield from _import_level(handler.body)
        else:
            yield node


def _header(node: ast.stmt) -> list[ast.AST]:
    if isinstance(node, ast.If | ast.While):
        return [node.test]
    if isinstance(node, ast.For):
        return [node.iter, node.target]
    if isinstance(node, ast.With):
        return [item.context_expr for item in node.items]
    return []


def is_main_guard(node: ast.stmt) -> bool:
    """``if __name__ == "__main__":``."""
    if not isinstance(node, ast.If) or not isinstance(node.test, ast.Compare):
        return False
    parts = [node.test.left, *node.test.comparators]
    return any(isinstance(p, ast.Name) and p.id == "__name__" for p in parts) and any(
        isinstance(p, ast.Constant) and p.value == "__main__" for p in parts)


def has_main_guard(tree: ast.Module) -> bool:
    """Whether the module runs something when executed as a script."""
    return any(is_main_guard(node) for node in tree.body)


def _names(nodes: Iterable[ast.AST]) -> Iterator[str]:
    """Names read (not assigned) by these nodes, and attributes read from anything."""
    for top in nodes:
        for node in ast.walk(top):
            if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Store):
                yield node.id
            elif isinstance(node, ast.Attribute) and not isinstance(node.ctx, ast.Store):
                yield node.attr
