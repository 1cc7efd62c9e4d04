"""Needles: texts one of which every match of a regular expression contains.

A long alternation of phrases (``Connection refused|No route to host|…``) costs a regex
search over every position of a text; checking first whether the lower-cased text holds
any of the phrases skips the search where it cannot match::

    found = needles(re.compile(r"Connection refused|\\bECONNREFUSED\\b", re.IGNORECASE))
    # frozenset({"connection refused", "econnrefused"})
    may_match(found, lowered("Connection reset"))  # False: no match, skip the search

The needles are read from the expression's parse (Python's own ``re`` parser): the
longest run of literal characters every match must hold, through groups, repeats of at
least one and alternations (each alternative's needles). Lower-case comparison is exact
for ASCII text only; :func:`may_match` says True for any other text.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable
from typing import Any

#: The parser ``re.compile`` uses (typeshed has no stubs for it).
_parser: Any = importlib.import_module("re._parser")
_REPEATS = (_parser.MAX_REPEAT, _parser.MIN_REPEAT, _parser.POSSESSIVE_REPEAT)


def needles(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Lower-case ASCII texts one of which every match of ``pattern`` contains (compared
    case-insensitively), or None where its matches need not contain any literal text."""
    return _needles_of(_parser.parse(pattern.pattern, pattern.flags).data)


def lowered(text: str) -> str | None:
    """``text`` lower-cased for :func:`may_match`, or None where it is not ASCII."""
    return text.lower() if text.isascii() else None


def may_match(found: frozenset[str] | None, lowered_text: str | None) -> bool:
    """False only where no match of the expression ``found`` was read from can be in the
    text ``lowered_text`` is (:func:`lowered`) of."""
    return found is None or lowered_text is None or any(
        needle in lowered_text for needle in found)


def _needles_of(items: Iterable[tuple[Any, Any]]) -> frozenset[str] | None:
    """The most selective needles of a sequence: a run of literals, or a part of it that
    must occur (a group, a repeat of at least one, an alternation with needles in each
    alternative)."""
    best: frozenset[str] | None = None
    run: list[str] = []

    def consider(candidate: frozenset[str] | None) -> None:
        nonlocal best
        if candidate and (best is None or _shortest(candidate) > _shortest(best)):
            best = candidate

    for op, value in items:
        if op is _parser.LITERAL and value < 128:
            run.append(chr(value).lower())
            continue
        consider(frozenset(["".join(run)]) if run else None)
        run = []
        if op is _parser.SUBPATTERN:
            consider(_needles_of(value[3]))
        elif op is _parser.ATOMIC_GROUP:
            consider(_needles_of(value))
        elif op in _REPEATS and value[0] >= 1:
            consider(_needles_of(value[2]))
        elif op is _parser.BRANCH:
            each = [found for alternative in value[1] if (found := _needles_of(alternative))]
            if len(each) == len(value[1]):
                consider(frozenset[str]().union(*each))
    consider(frozenset(["".join(run)]) if run else None)
    return best


def _shortest(found: frozenset[str]) -> int:
    return min(len(needle) for needle in found)
