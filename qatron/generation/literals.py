"""Strings mined from the module itself: its literals, its tables and its regular expressions.

Table-driven code (rules, word lists, option names) is reached entry by entry only by inputs
the tables name. ``mined_strings`` collects, with where each came from:

- the string literals of the module's source (docstrings and format strings left out);
- the strings held by its module-level tables once imported (lists, tuples, sets and dicts,
  nested), including rules added at import;
- for each regular expression among them (a compiled pattern, or a string that compiles and
  uses regular-expression syntax), sample strings it matches: one per alternative of each
  branch, ``(octop|vir)us$`` giving ``"octopus"`` and ``"virus"``;
- the capitalised form of each mined word (rules that keep or change case).

``strings_for`` orders them for one function: first what the tables and literals it reads
(directly or through the module's functions it calls) yield, then the rest.
"""

from __future__ import annotations

import ast
import importlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Any

__all__ = ["Mined", "int_literals", "mined_strings", "regex_samples", "strings_for"]

_parser: Any = importlib.import_module("re._parser")
_constants: Any = importlib.import_module("re._constants")

#: Samples drawn from one regular expression (each alternative appears in one at least).
_MAX_SAMPLES = 8
_MAX_LENGTH = 40
_MAX_ITEMS = 2000
#: What makes a string read as a regular expression (parentheses alone do not: prose has them).
_REGEX_SYNTAX = re.compile(r"[\\^$|\[*+?{]|\(\?")
_FILLERS = "bcdfgklmnprstvwxz0a_ -"


@dataclass(frozen=True)
class Mined:
    """A string from the module: ``source`` names the table or function it came from
    (``None``: a literal outside any table), ``origin`` says how it was found."""

    value: str
    origin: str
    source: str | None = None


def mined_strings(module: ModuleType, source: str) -> list[Mined]:
    """Every string worth trying from ``module`` (see the module docstring), once each."""
    found: dict[str, Mined] = {}
    for name, value in vars(module).items():
        if name.startswith("__") or isinstance(value, (ModuleType, type)) or callable(value):
            continue
        for text in _strings_in(value):
            _add(found, text, f"from the table {name}", name)
    for owner, text in _source_literals(source):
        _add(found, text, f"literal in {owner}" if owner else "literal of the module", owner)
    words = list(found.values())
    for mined in words:
        if mined.value.isalpha() and mined.value.islower() and len(mined.value) > 1:
            found.setdefault(
                mined.value.capitalize(),
                Mined(mined.value.capitalize(), f"{mined.origin}, capitalised", mined.source),
            )
    return list(found.values())


def _add(found: dict[str, Mined], text: str, origin: str, source: str | None) -> None:
    if _is_regex(text):
        for sample in regex_samples(text):
            found.setdefault(sample, Mined(sample, f"matches {text!r} {origin}", source))
    elif len(text) <= _MAX_LENGTH and not any(mark in text for mark in "\n\\{%"):
        found.setdefault(text, Mined(text, origin, source))


def _strings_in(value: object) -> Iterator[str]:
    """The strings (and patterns' sources) a table holds, depth first, bounded."""
    stack, seen = [value], 0
    while stack and seen < _MAX_ITEMS:
        item = stack.pop()
        seen += 1
        if isinstance(item, str):
            yield item
        elif isinstance(item, re.Pattern) and isinstance(item.pattern, str):
            yield item.pattern
        elif isinstance(item, dict):
            stack += reversed([*item.keys(), *item.values()])
        elif isinstance(item, (list, tuple)):
            stack += reversed(item)
        elif isinstance(item, (set, frozenset)):
            stack += sorted(
                (v for v in item if isinstance(v, (str, tuple))), key=repr, reverse=True
            )


def _source_literals(source: str) -> Iterator[tuple[str | None, str]]:
    """(the top-level function or class holding it, or None; literal) for each string
    literal of the source that is not a docstring or part of an f-string."""
    tree = ast.parse(source)
    skip: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (
            isinstance(body, list)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
        ):
            skip.add(id(body[0].value))
        if isinstance(node, ast.JoinedStr):
            skip |= {id(part) for part in node.values}
    for statement in tree.body:
        owner = (
            statement.name
            if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
            else None
        )
        for node in ast.walk(statement):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in skip
            ):
                yield owner, node.value


def _is_regex(text: str) -> bool:
    if not _REGEX_SYNTAX.search(text) or text.count(" ") > 1:
        return False
    try:
        re.compile(text)
    except (re.error, OverflowError, RecursionError):
        return False
    return True


def regex_samples(pattern: str | re.Pattern[str]) -> list[str]:
    """Strings ``pattern`` matches (``re.search``): each alternative of each branch and
    each optional part present in one sample at least; empty when none could be built."""
    compiled = re.compile(pattern) if isinstance(pattern, str) else pattern
    try:
        parsed = _parser.parse(compiled.pattern, compiled.flags)
    except (re.error, RecursionError):
        return []
    samples = _sequence(list(parsed.data))
    kept = [s for s in dict.fromkeys(samples) if s and compiled.search(s)]
    return kept[:_MAX_SAMPLES]


def _sequence(items: list[tuple[Any, Any]]) -> list[str]:
    """Samples of a sequence of nodes: sample i takes option i of each node (cycling)."""
    options = [_node(op, arg) for op, arg in items]
    width = min(max((len(o) for o in options), default=1), _MAX_SAMPLES)
    return ["".join(o[i % len(o)] for o in options if o) for i in range(width)]


def _node(op: Any, arg: Any) -> list[str]:
    name = str(op)
    if name == "LITERAL":
        return [chr(arg)]
    if name == "NOT_LITERAL":
        return [next(c for c in _FILLERS if ord(c) != arg)]
    if name == "ANY":
        return ["a"]
    if name == "IN":
        return _members(arg)
    if name == "CATEGORY":
        return [_category(str(arg))]
    if name == "BRANCH":
        return [s for alternative in arg[1] for s in _sequence(list(alternative))]
    if name == "SUBPATTERN":
        return _sequence(list(arg[3]))
    if name == "ATOMIC_GROUP":
        return _sequence(list(arg))
    if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        low, high, inner = arg
        options = _sequence(list(inner))
        counts = [low] if high == low else [low, low + 1]
        return [option * count for count in counts for option in options[:2]]
    return [""]  # anchors, look-arounds, group references: nothing to add


def _members(items: list[tuple[Any, Any]]) -> list[str]:
    """Up to two characters of a ``[...]`` class (one outside it for ``[^...]``)."""
    if items and str(items[0][0]) == "NEGATE":
        return [next((c for c in _FILLERS if not _in_class(items[1:], c)), "~")]
    chosen: list[str] = []
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            chosen.append(chr(arg))
        elif name == "RANGE":
            chosen.append(chr(arg[0]))
        elif name == "CATEGORY":
            chosen.append(_category(str(arg)))
    return chosen[:2] or ["a"]


def _in_class(items: Iterable[tuple[Any, Any]], char: str) -> bool:
    for op, arg in items:
        name = str(op)
        if name == "LITERAL" and chr(arg).lower() == char.lower():
            return True
        if name == "RANGE" and arg[0] <= ord(char) <= arg[1]:
            return True
        if name == "CATEGORY" and re.fullmatch(_CATEGORIES.get(str(arg), "."), char):
            return True
    return False


_CATEGORIES = {
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S",
    "CATEGORY_WORD": r"\w",
    "CATEGORY_NOT_WORD": r"\W",
}


def _category(name: str) -> str:
    return {"CATEGORY_DIGIT": "0", "CATEGORY_SPACE": " ", "CATEGORY_NOT_WORD": "-"}.get(name, "a")


def strings_for(mined: list[Mined], reads: set[str], own: int, others: int) -> list[Mined]:
    """The mined strings for a function that reads the names ``reads`` (tables and
    functions of the module): up to ``own`` of theirs, then up to ``others`` of the rest."""
    theirs = [m for m in mined if m.source is not None and m.source in reads]
    rest = [m for m in mined if m.source is None or m.source not in reads]
    return [*theirs[:own], *rest[:others]]


def int_literals(source: str, first: int, last: int) -> list[int]:
    """The integers written on lines ``first``..``last`` of ``source`` (a function's body:
    the keys of its tables, the numbers it compares with), once each, in order."""
    found = [
        node.value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant)
        and type(node.value) is int
        and first <= getattr(node, "lineno", 0) <= last
    ]
    return list(dict.fromkeys(found))
