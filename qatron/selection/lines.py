"""Which function a changed line belongs to, from the file's syntax tree.

A line inside a function's body belongs to the innermost function whose
body holds it. A line of a ``def`` header (decorators, signature, default
values) runs at import time like module and class-body code: it belongs to
no function, and selection falls back to the import graph for it.
"""

from __future__ import annotations

import ast
import warnings
from dataclasses import dataclass

_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)


@dataclass(frozen=True)
class FunctionSpan:
    """A function's qualified name, first line (decorators included), body and last line."""

    name: str
    start: int
    body_start: int
    end: int

    @property
    def body(self) -> range:
        return range(self.body_start, self.end + 1)


def parse(source: bytes, filename: str = "<unknown>") -> ast.Module | SyntaxError:
    """The module's tree, or the SyntaxError that stopped parsing it."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. invalid escape sequences
            return ast.parse(source, filename)
    except SyntaxError as exc:
        return exc
    except ValueError as exc:  # null bytes
        return SyntaxError(str(exc))


def function_spans(tree: ast.Module) -> list[FunctionSpan]:
    """Every function and method, nested ones included, outermost first."""
    return [span for span, _ in function_nodes(tree)]


Function = ast.FunctionDef | ast.AsyncFunctionDef


def function_nodes(tree: ast.Module) -> list[tuple[FunctionSpan, Function]]:
    """:func:`function_spans` with each function's node."""
    found: list[tuple[FunctionSpan, Function]] = []
    stack: list[tuple[ast.AST, str]] = [(tree, "")]
    while stack:
        node, prefix = stack.pop()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, _DEFS):
                name = f"{prefix}{child.name}"
                span = FunctionSpan(name, _first_line(child), _first_line(child.body[0]),
                                    child.end_lineno or child.lineno)
                found.append((span, child))
                stack.append((child, f"{name}.<locals>."))
            elif isinstance(child, ast.ClassDef):
                stack.append((child, f"{prefix}{child.name}."))
            elif isinstance(child, ast.stmt | ast.excepthandler | ast.match_case):
                stack.append((child, prefix))
    return sorted(found, key=lambda item: (item[0].start, -item[0].end))


def enclosing(spans: list[FunctionSpan], line: int) -> FunctionSpan | None:
    """The innermost function whose body holds ``line`` (None: module or class level)."""
    found = None
    for span in spans:
        if span.body_start > line:
            break
        if line <= span.end and (found is None or span.body_start >= found.body_start):
            found = span
    return found


def split_changes(spans: list[FunctionSpan], old_lines: set[int],
                  insertion_points: set[int]) -> tuple[dict[FunctionSpan, set[int]], bool]:
    """Changed base lines grouped by function, and whether any change is at import level.

    Lines inserted after line ``n`` belong to the function whose body holds
    line ``n + 1`` if ``n`` is in that body or ends its header; lines added
    after a function's last line may be dedented, so they count as import level.
    """
    by_function: dict[FunctionSpan, set[int]] = {}
    import_level = False
    for line in old_lines:
        span = enclosing(spans, line)
        if span is None:
            import_level = True
        else:
            by_function.setdefault(span, set()).add(line)
    for point in insertion_points:
        span = enclosing(spans, point + 1)
        if span is None or point < span.body_start - 1:
            import_level = True
        else:
            by_function.setdefault(span, set()).add(point + 1)
    return by_function, import_level


def _first_line(node: ast.stmt) -> int:
    decorators: list[ast.expr] = getattr(node, "decorator_list", [])
    return min([node.lineno, *(d.lineno for d in decorators)])
