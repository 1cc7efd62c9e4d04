"""Python changes that cannot change what a test sees: nothing to select for them.

Two versions of a file are compared as syntax trees, so comments and
formatting never count. Docstrings are left out too, unless the file reads
docstrings (``__doc__``, ``getdoc``, click/typer help texts) and the docstring
can reach that code: the module's own when it reads a bare ``__doc__``, a
class's (its instances carry it), a decorated function's (the decorator is
handed the function), or a function whose name some file of the project uses
as a value rather than calling it (``wraps(handler)``, ``getattr(x,
"handler")``). Where pytest collects doctests (``--doctest-modules``, or the
file's own doctests among the candidates) only their examples count, not the
prose around them. So are ``if TYPE_CHECKING:`` blocks holding only imports,
and the import of ``TYPE_CHECKING`` itself::

    >>> no_op_reason(b"x = 1  # one\\n", b"x = 1\\n", docstrings_matter=False)
    'only comments or formatting changed'
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from qatron.selection.candidates import is_python_test
from qatron.selection.git import ChangedFile, git, read_blobs
from qatron.selection.lines import parse

if TYPE_CHECKING:
    from qatron.selection.context import Context

_HOLDERS = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)
_BLOCKS = (ast.If, ast.For, ast.While, ast.With, ast.Try, ast.ExceptHandler)
_KEEP, _EXAMPLES, _STRIP = "keep", "examples", "strip"  # what is left of docstrings
_COMMANDS = ("click", "typer")  # libraries that make help texts of docstrings
#: Of the function names given, those some file of the project uses as a value.
ValueUses = Callable[[set[str]], set[str]]


@dataclass(frozen=True)
class _Reads:
    """How a file reads docstrings: which of its own docstrings that code can reach."""

    module: bool  # a bare ``__doc__``: the module's own docstring
    commands: bool  # click or typer: the help texts of the functions they decorate


def no_op_reason(base: bytes, head: bytes, *, docstrings_matter: bool,
                 value_uses: ValueUses | None = None) -> str | None:
    """Why the change from ``base`` to ``head`` does nothing at run time (None: it may).

    ``docstrings_matter``: pytest collects this file's doctests, so their
    examples (code and expected output) must stay the same. ``value_uses``: the
    function names used as values in the project (None: count every name as used).
    """
    before, after = parse(base), parse(head)
    if not isinstance(before, ast.Module) or not isinstance(after, ast.Module):
        return None
    reads = _merge(_reads(before), _reads(after))
    stripped = _EXAMPLES if docstrings_matter else _STRIP
    if reads is not None:
        changed = _changed_function_docs(before, after, reads)
        if changed and (value_uses is None or value_uses(changed)):
            return None  # a docstring that code of the project may read changed
    old = _normalise(before, stripped, reads)
    new = _normalise(after, stripped, reads)
    try:
        if not _equal(before, after):
            return None
    except RecursionError:  # a very deeply nested expression
        return None
    return _reason(stripped if old[0] != new[0] else _KEEP, old[1] != new[1])


def _reads(tree: ast.Module) -> _Reads | None:
    """Whether the module's code reads docstrings, and which of its own (None: it reads none)."""
    found = module = commands = False
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            module = module or node.id == "__doc__"
            found = found or node.id in ("__doc__", "getdoc")
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
            found = found or node.attr in ("__doc__", "getdoc")
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) \
                else [node.module or ""]
            if any(name.split(".")[0] in _COMMANDS for name in names):
                found = commands = True
    return _Reads(module, commands) if found else None


def _merge(one: _Reads | None, other: _Reads | None) -> _Reads | None:
    if one is None or other is None:
        return one or other
    return _Reads(one.module or other.module, one.commands or other.commands)


def _kept(holder: ast.AST, reads: _Reads | None) -> bool:
    """Whether the file's own code may read ``holder``'s docstring (functions named as values
    elsewhere are found separately, see ``_changed_function_docs``)."""
    if reads is None:
        return False
    if isinstance(holder, ast.Module):
        return reads.module
    if isinstance(holder, ast.ClassDef):
        return True
    assert isinstance(holder, _DEFS)
    return reads.commands or bool(holder.decorator_list)


def _function_docs(tree: ast.Module, reads: _Reads) -> dict[tuple[str, ...], tuple[str, str]]:
    """Qualified path → (name, docstring) of the functions whose docstring the file's own
    code cannot reach but a caller handed the function could."""
    found: dict[tuple[str, ...], tuple[str, str]] = {}

    def visit(node: ast.AST, path: tuple[str, ...]) -> None:
        for child in ast.iter_child_nodes(node):
            inner = (*path, child.name) if isinstance(child, (ast.ClassDef, *_DEFS)) else path
            if isinstance(child, _DEFS) and not _kept(child, reads):
                found[inner] = (child.name, ast.get_docstring(child, clean=False) or "")
            visit(child, inner)

    visit(tree, ())
    return found


def _changed_function_docs(before: ast.Module, after: ast.Module, reads: _Reads) -> set[str]:
    """Names of the functions whose docstring differs between the two trees."""
    old, new = _function_docs(before, reads), _function_docs(after, reads)
    return {entry[0] for key in old.keys() | new.keys()
            for entry in (old.get(key) or new[key],) if old.get(key) != new.get(key)}


def project_value_uses(root: Path, revision: str | None) -> ValueUses:
    """A ``ValueUses`` reading the project's Python files at ``revision`` (None: the
    working tree): a name counts as used where it is loaded other than as the function of
    a call, or written as a string (``getattr(obj, "name")``)."""

    def uses(names: set[str]) -> set[str]:
        if not names:
            return set()
        patterns = [arg for name in sorted(names) for arg in ("-e", name)]
        tree = [revision] if revision else ["--untracked"]
        done = git(root, "grep", "-l", "-z", "-w", "-F", *patterns, *tree, "--", "*.py")
        if done.returncode not in (0, 1):
            return set(names)  # git could not search: count them all as used
        specs = [raw.decode("utf-8", "surrogateescape") for raw in done.stdout.split(b"\0")
                 if raw]
        texts = list(read_blobs(root, specs).values()) if revision \
            else [_read(root / spec) for spec in specs]
        return {name for text in texts for name in _used(text, names)}

    return uses


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _used(text: bytes | None, names: set[str]) -> Iterable[str]:
    """The names a file uses as values (every name, if the file cannot be parsed)."""
    tree = parse(text) if text is not None else None
    if not isinstance(tree, ast.Module):
        return names
    called = {id(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}
    used: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in called:
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            used.add(node.id)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
            used.add(node.attr)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            used.add(node.value)
    return used & names


def _reason(docstrings: str, type_checking: bool) -> str:
    kinds = ["comments", "formatting"]
    if docstrings == _STRIP:
        kinds.insert(1, "docstrings (no doctests collected)")
    elif docstrings == _EXAMPLES:
        kinds.insert(1, "docstrings outside their doctest examples")
    if type_checking:
        kinds.insert(-1, "imports under `if TYPE_CHECKING:`")
    return f"only {', '.join(kinds[:-1])} or {kinds[-1]} changed"


def _normalise(tree: ast.Module, docstrings: str, reads: _Reads | None
               ) -> tuple[list[str], list[str]]:
    """Leave out of the tree what cannot matter; return the docstrings and type-checking
    blocks taken out, to say what differed."""
    texts: list[str] = []
    blocks: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, _HOLDERS) and not _kept(node, reads) and node.body \
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
    import doctest  # 20 ms of imports (pdb, unittest) that only a changed docstring needs

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
    value_uses = project_value_uses(ctx.root, ctx.snapshot.revision)
    for change in candidates:
        old, new = base[f"{ctx.base}:{change.path}"], head[change.path]
        if old is not None and new is not None:
            change.no_op = no_op_reason(old, new, docstrings_matter=_doctests(ctx, change.path),
                                        value_uses=value_uses)
    return [change for change in changes if change.no_op is None]


def _doctests(ctx: Context, path: str) -> bool:
    """Whether pytest may collect doctests from this file's docstrings."""
    return ctx.doctests.modules or bool(ctx.tests_in([path]) and not is_python_test(path))
