"""Python changes that cannot change what a test sees: nothing to select for them.

Two versions of a file are compared as syntax trees, so comments and
formatting never count. Docstrings are left out too, unless the file reads
docstrings itself (``__doc__``, ``getdoc``, click/typer help texts); where
pytest collects doctests (``--doctest-modules``, or the file's own doctests
among the candidates) only their examples count, not the prose around them.
So are ``if TYPE_CHECKING:`` blocks holding only imports, and the import of
``TYPE_CHECKING`` itself::

    >>> no_op_reason(b"x = 1  # one\\n", b"x = 1\\n", docstrings_matter=False)
    'only comments or formatting changed'
"""

from __future__ import annotations

import ast
import doctest
from typing import TYPE_CHECKING

from qatron.selection.candidates import is_python_test
from qatron.selection.git import ChangedFile, read_blobs
from qatron.selection.lines import parse

if TYPE_CHECKING:
    from qatron.selection.context import Context

_DOCSTRING_READERS = (b"__doc__", b"getdoc", b"click", b"typer")
_HOLDERS = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
_BLOCKS = (ast.If, ast.For, ast.While, ast.With, ast.Try, ast.ExceptHandler)
_KEEP, _EXAMPLES, _STRIP = "keep", "examples", "strip"  # what is left of docstrings


def no_op_reason(base: bytes, head: bytes, *, docstrings_matter: bool) -> str | None:
    """Why the change from ``base`` to ``head`` does nothing at run time (None: it may).

    ``docstrings_matter``: pytest collects this file's doctests, so their
    examples (code and expected output) must stay the same.
    """
    if _reads_docstrings(base) or _reads_docstrings(head):
        docstrings = _KEEP
    else:
        docstrings = _EXAMPLES if docstrings_matter else _STRIP
    before, after = parse(base), parse(head)
    if not isinstance(before, ast.Module) or not isinstance(after, ast.Module):
        return None
    old, new = _normalise(before, docstrings), _normalise(after, docstrings)
    try:
        if not _equal(before, after):
            return None
    except RecursionError:  # a very deeply nested expression
        return None
    return _reason(docstrings if old[0] != new[0] else _KEEP, old[1] != new[1])


def _reads_docstrings(text: bytes) -> bool:
    return any(word in text for word in _DOCSTRING_READERS)


def _reason(docstrings: str, type_checking: bool) -> str:
    kinds = ["comments", "formatting"]
    if docstrings == _STRIP:
        kinds.insert(1, "docstrings (no doctests collected)")
    elif docstrings == _EXAMPLES:
        kinds.insert(1, "docstrings outside their doctest examples")
    if type_checking:
        kinds.insert(-1, "imports under `if TYPE_CHECKING:`")
    return f"only {', '.join(kinds[:-1])} or {kinds[-1]} changed"


def _normalise(tree: ast.Module, docstrings: str) -> tuple[list[str], list[str]]:
    """Leave out of the tree what cannot matter; return the docstrings and type-checking
    blocks taken out, to say what differed."""
    texts: list[str] = []
    blocks: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, _HOLDERS) and docstrings != _KEEP and node.body \
                and _is_docstring(node.body[0]):
            first = node.body[0]
            assert isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
            texts.append(str(first.value.value))
            node.body = node.body[1:] if docstrings == _STRIP else [_examples(first),
                                                                   *node.body[1:]]
        if isinstance(node, (*_HOLDERS, *_BLOCKS)):
            blocks += [ast.dump(s) for s in node.body if _type_checking_only(s)]
            node.body = [s for s in node.body if not _type_checking_only(s)]
    return texts, blocks


def _equal(one: object, other: object) -> bool:
    """Two syntax trees alike but for positions (stops at the first difference)."""
    if type(one) is not type(other):
        return False
    if isinstance(one, ast.AST):
        return all(_equal(getattr(one, name, None), getattr(other, name, None))
                   for name in one._fields)
    if isinstance(one, list) and isinstance(other, list):
        return len(one) == len(other) and all(map(_equal, one, other))
    return one == other


def _examples(statement: ast.stmt) -> ast.stmt:
    """A docstring reduced to what its doctest runs and expects (a string of them)."""
    assert isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)
    try:
        examples = doctest.DocTestParser().get_examples(str(statement.value.value))
    except ValueError:  # a malformed example: the doctest fails as it is written
        return statement
    kept = [(e.source, e.want, e.exc_msg, sorted(e.options.items()), e.indent)
            for e in examples]
    return ast.Expr(ast.Constant(repr(kept)))


def _is_docstring(statement: ast.stmt) -> bool:
    return isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant) \
        and isinstance(statement.value.value, str)


def _type_checking_only(statement: ast.stmt) -> bool:
    """An ``if TYPE_CHECKING:`` block of imports only, or ``from typing import TYPE_CHECKING``."""
    if isinstance(statement, ast.ImportFrom):
        return statement.module in ("typing", "typing_extensions") and all(
            alias.name == "TYPE_CHECKING" and alias.asname is None for alias in statement.names)
    if not isinstance(statement, ast.If) or statement.orelse:
        return False
    test = statement.test
    named = (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
        and isinstance(test.value, ast.Name) and test.value.id in ("typing", "t"))
    return named and all(isinstance(s, ast.Import | ast.ImportFrom) for s in statement.body)


def drop_no_ops(ctx: Context, changes: list[ChangedFile]) -> list[ChangedFile]:
    """Give each modified Python file that changed nothing its ``no_op`` reason; the rest."""
    candidates = [c for c in changes if c.status == "modified" and c.path.endswith(".py")
                  and not c.binary and not ctx.doctests.text_file(c.path)]
    if not candidates:
        return changes
    base = read_blobs(ctx.root, [f"{ctx.base}:{c.path}" for c in candidates])
    head = ctx.heads([c.path for c in candidates])
    for change in candidates:
        old, new = base[f"{ctx.base}:{change.path}"], head[change.path]
        if old is not None and new is not None:
            change.no_op = no_op_reason(old, new, docstrings_matter=_doctests(ctx, change.path))
    return [change for change in changes if change.no_op is None]


def _doctests(ctx: Context, path: str) -> bool:
    """Whether pytest may collect doctests from this file's docstrings."""
    return ctx.doctests.modules or bool(ctx.tests_in([path]) and not is_python_test(path))
