"""Which functions may run while a module is imported, where coverage can't see them.

QAtron's coverage map attributes lines run while collecting (imports) to no
test, so a function called from module-level code, a class body, a
decorator or a default value looks "run by no test" there. Calls are
followed by simple name: code run at import time references names; the
module's functions and methods with those names may run then too, and so
on. Naming a class may run its dunder methods (``__init__``, ``__eq__``, …),
subclassing it only its subclass hooks (``__init_subclass__``, …); its
other methods run only if named themselves.
``if __name__ == "__main__":`` blocks do not run on import.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeGuard

_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)
_SUBCLASS_HOOKS = frozenset({"__init_subclass__", "__set_name__", "__class_getitem__",
                             "__mro_entries__"})


@dataclass
class _Defs:
    """A module's functions, methods and classes' dunder methods, by how code refers to them.

    ``"name"`` is a bare name, ``".name"`` an attribute: a method is only
    called through an attribute (``obj.sorted()``, not the builtin ``sorted()``).
    """

    by_reference: dict[str, list[tuple[str, list[ast.stmt]]]] = field(default_factory=dict)
    implies: dict[str, list[str]] = field(default_factory=dict)  # a class → its bases

    def add(self, references: Iterable[str], qualname: str, body: list[ast.stmt]) -> None:
        for reference in references:
            self.by_reference.setdefault(reference, []).append((qualname, body))

    def merge(self, other: _Defs) -> None:
        """Add ``other``'s definitions (another module's): names then match across both."""
        for reference, found in other.by_reference.items():
            self.by_reference.setdefault(reference, []).extend(found)
        for name, bases in other.implies.items():
            self.implies.setdefault(name, []).extend(bases)


def import_time_names(tree: ast.Module) -> set[str]:
    """Simple names that code run at import time references, through the module's functions."""
    found = _closure(_definitions(tree), set(_references(_import_level(tree.body))))[0]
    return {reference.lstrip(".^") for reference in found}


def runs_at_import(tree: ast.Module, also: Iterable[str] = ()) -> set[str]:
    """Qualified names of the module's functions that may run when it is imported.

    ``also``: names another module's import-time code references (it imports this one).
    """
    start = set(_references(_import_level(tree.body)))
    start |= {form for name in also for form in (name, f".{name}")}
    return _closure(_definitions(tree), start)[1]


def runs_while_importing(importing: Iterable[ast.Module],
                         project: Iterable[ast.Module]) -> set[str]:
    """Qualified names of functions of ``project``'s modules that may run while the
    ``importing`` modules are imported.

    Names are matched across every module, whichever module defines them: a call
    through another module's function, a subclass hook or a descriptor's
    ``__set_name__`` is followed wherever it is defined.
    """
    defs = _Defs()
    for tree in project:
        defs.merge(_definitions(tree))
    start = {ref for tree in importing for ref in _references(_import_level(tree.body))}
    return _closure(defs, start)[1]


def _closure(defs: _Defs, start: set[str]) -> tuple[set[str], set[str]]:
    references, run = set(start), set()
    queue = list(references)
    while queue:
        reference = queue.pop()
        more = list(defs.implies.get(reference, ()))
        for qualname, body in defs.by_reference.get(reference, ()):
            if qualname not in run:
                run.add(qualname)
                more += _references(body)
        for found in more:
            if found not in references:
                references.add(found)
                queue.append(found)
    return references, run


def _definitions(tree: ast.Module) -> _Defs:
    defs = _Defs()
    stack: list[tuple[ast.AST, str, str | None]] = [(tree, "", None)]
    while stack:
        node, prefix, owner = stack.pop()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, _DEFS):
                qualname = f"{prefix}{child.name}"
                dunder = child.name.startswith("__") and child.name.endswith("__")
                if owner and dunder:  # run by using the class, not by name (super().__init__)
                    defs.add([owner, f".{owner}"], qualname, child.body)
                    if child.name in _SUBCLASS_HOOKS:
                        defs.add([f"^{owner}"], qualname, child.body)
                else:
                    defs.add([f".{child.name}"] if owner else [child.name, f".{child.name}"],
                             qualname, child.body)
                stack.append((child, f"{qualname}.<locals>.", None))
            elif isinstance(child, ast.ClassDef):
                bases = [ref.lstrip(".") for ref in _references(child.bases)]
                for form in (child.name, f".{child.name}", f"^{child.name}"):
                    defs.implies.setdefault(form, []).extend(
                        f"{form[0] if form[0] in '.^' else ''}{base}" for base in bases)
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
            yield from (_Base(base) for base in node.bases)
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


def is_main_guard(node: ast.stmt) -> TypeGuard[ast.If]:
    """``if __name__ == "__main__":``."""
    if not isinstance(node, ast.If) or not isinstance(node.test, ast.Compare):
        return False
    parts = [node.test.left, *node.test.comparators]
    return any(isinstance(p, ast.Name) and p.id == "__name__" for p in parts) and any(
        isinstance(p, ast.Constant) and p.value == "__main__" for p in parts)


def has_main_guard(tree: ast.Module) -> bool:
    """Whether the module runs something when executed as a script."""
    return any(is_main_guard(node) for node in tree.body)


class _Base(ast.AST):
    """A class's base: subclassing runs only the base's subclass hooks."""

    def __init__(self, node: ast.expr) -> None:
        super().__init__()
        self.node = node


def _references(nodes: Iterable[ast.AST]) -> Iterator[str]:
    """What these nodes read: ``"name"`` for names, ``".attr"`` for attributes,
    ``"^name"`` for a class subclassed."""
    for top in nodes:
        if isinstance(top, _Base):
            yield from (f"^{ref.lstrip('.')}" for ref in _references([top.node]))
            continue
        for node in ast.walk(top):
            if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Store):
                yield node.id
            elif isinstance(node, ast.Attribute) and not isinstance(node.ctx, ast.Store):
                yield f".{node.attr}"
