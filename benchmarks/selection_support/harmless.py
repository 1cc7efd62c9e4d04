"""Edits that cannot break a test, as a developer makes them every day.

Five kinds, each placed by a seeded ``random.Random`` in a different module:
a comment line inside a function body, a trailing comment on a code line, a
word added to a function's docstring (one without ``>>>``, so no doctest
changes), a word added to the module's docstring (or a comment on top when it
has none), and a line added to the README. Each is one small text edit of one
file, applied and reverted like a mutation.
"""

from __future__ import annotations

import ast
import random
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Harmless:
    """One harmless edit: ``line`` (1-based) of ``path`` replaced by ``text``."""

    kind: str
    path: str
    line: int
    text: str  # the new content of the line (may hold several lines)

    @property
    def scope(self) -> str:
        return "-"

    def describe(self) -> str:
        return f"{self.kind} at {self.path}:{self.line}"

    def apply(self, root: Path) -> None:
        target = root / self.path
        lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
        if self.line > len(lines):
            lines.append(self.text)
        else:
            lines[self.line - 1] = self.text
        target.write_text("".join(lines), encoding="utf-8")


def _functions(tree: ast.Module) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [node for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)]


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def comment_in_body(lines: list[str], tree: ast.Module, rng: random.Random) -> tuple[int, str]:
    """A comment line before a function's first statement that is not its docstring."""
    sites = [f.body[1] if ast.get_docstring(f) and len(f.body) > 1 else f.body[0]
             for f in _functions(tree)]
    sites = [s for s in sites if lines[s.lineno - 1].strip()
             and not lines[s.lineno - 1].lstrip().startswith(("'", '"'))]
    statement = rng.choice(sites)
    line = lines[statement.lineno - 1]
    return statement.lineno, f"{_indent(line)}# Checked by the caller already.\n{line}"


def trailing_comment(lines: list[str], tree: ast.Module, rng: random.Random) -> tuple[int, str]:
    """A comment at the end of a one-line ``return`` inside a function."""
    sites = [node for f in _functions(tree) for node in ast.walk(f)
             if isinstance(node, ast.Return) and node.lineno == node.end_lineno
             and "#" not in lines[node.lineno - 1] and "\\" not in lines[node.lineno - 1]]
    statement = rng.choice(sites)
    return statement.lineno, lines[statement.lineno - 1].rstrip("\n") + "  # the result\n"


def function_docstring(lines: list[str], tree: ast.Module,
                       rng: random.Random) -> tuple[int, str]:
    """A word added to a function docstring that holds no doctest."""
    sites = [f.body[0] for f in _functions(tree)
             if ast.get_docstring(f) and ">>>" not in (ast.get_docstring(f) or "")]
    return _add_word(lines, rng.choice(sites))


def module_docstring(lines: list[str], tree: ast.Module, rng: random.Random) -> tuple[int, str]:
    """A word added to the module docstring, else a comment on top."""
    doc = ast.get_docstring(tree, clean=False)
    if doc and ">>>" not in doc:
        return _add_word(lines, tree.body[0])
    return 1, f"# Part of the project's public API.\n{lines[0]}"


def _add_word(lines: list[str], node: ast.stmt) -> tuple[int, str]:
    """The docstring statement's first line with " Indeed." inside the string: before
    the closing quotes of a one-line docstring, else at the end of its first line."""
    line = lines[node.lineno - 1]
    if node.lineno != node.end_lineno:
        return node.lineno, line.rstrip("\n") + " Indeed.\n"
    raw, end = line.encode(), node.end_col_offset or 0  # ast's offsets count UTF-8 bytes
    quote = 3 if raw[end - 3:end] in (b'"""', b"'''") else 1
    return node.lineno, (raw[: end - quote] + b" Indeed." + raw[end - quote:]).decode()


PYTHON_KINDS = {"comment line": comment_in_body, "trailing comment": trailing_comment,
                "function docstring": function_docstring, "module docstring": module_docstring}


def choose_harmless(root: Path, modules: list[str], seed: int) -> list[Harmless]:
    """One edit of each Python kind in modules chosen at random, and one README line."""
    rng = random.Random(seed)
    edits: list[Harmless] = []
    for kind, place in PYTHON_KINDS.items():
        for path in rng.sample(modules, len(modules)):
            lines = (root / path).read_text(encoding="utf-8").splitlines(keepends=True)
            try:
                line, text = place(lines, ast.parse("".join(lines)), rng)
            except (IndexError, ValueError):  # no site of that kind in this module
                continue
            edits.append(Harmless(kind, path, line, text))
            break
    readme = next(p for p in sorted(root.glob("README*")) if p.is_file())
    length = len(readme.read_text(encoding="utf-8").splitlines())
    edits.append(Harmless("README line", readme.name, length + 1,
                          "\nThanks to everyone who reported a bug.\n"))
    return edits
