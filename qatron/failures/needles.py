"""Needles: literal texts that every match of a regular expression contains.

A long alternation of phrases (``Connection refused|No route to host|…``) costs a regex
search over every position of a text; checking first whether the lower-cased text holds
the phrases one of its alternatives needs skips the search where it cannot match::

    found = needles(re.compile(r"Connection refused|\\bE(CONN)?REFUSED\\b", re.IGNORECASE))
    # one alternative needs "connection refused", the other "e" and "refused"
    may_match(found, lowered("Connection reset"))  # False: no match, skip the search

The needles are read from the expression's parse (Python's own ``re`` parser): for each
top-level alternative, every run of literal characters it must hold, also inside the
groups and repeats of at least one it must hold, and of each alternation it must hold
the most selective run of every alternative. Lower-case comparison is exact for ASCII
text only: :func:`lowered` gives None for any other text, and :func:`may_match` then says
True.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

#: The parser ``re.compile`` uses (typeshed has no stubs for it).
_parser: Any = importlib.import_module("re._parser")
_REPEATS = (_parser.MAX_REPEAT, _parser.MIN_REPEAT, _parser.POSSESSIVE_REPEAT)
#: An (op, argument) pair of a parsed expression.
_Item = tuple[Any, Any]


@dataclass(frozen=True)
class Needles:
    """What every match holds: for one of the ``terms`` (an alternative of the
    expression), a text of each of its sets (lower-case ASCII)."""

    terms: tuple[tuple[frozenset[str], ...], ...]

    def found_in(self, lowered_text: str) -> bool:
        """Whether an alternative finds a text of each of its sets in ``lowered_text``."""
        for term in self.terms:
            for needed in term:
                if not any(needle in lowered_text for needle in needed):
                    break
            else:
                return True
        return False


def needles(pattern: re.Pattern[str]) -> Needles | None:
    """The needles of ``pattern`` (compared case-insensitively), or None where a match of
    one of its alternatives need not hold any literal text."""
    terms = [_needed(alternative) for alternative in
             _alternatives(_parser.parse(pattern.pattern, pattern.flags).data)]
    return Needles(tuple(terms)) if all(terms) else None


def lowered(text: str) -> str | None:
    """``text`` lower-cased for :func:`may_match`, or None where it is not ASCII."""
    return text.lower() if text.isascii() else None


def may_match(found: Needles | None, lowered_text: str | None) -> bool:
    """False only where no match of the expression ``found`` was read from can be in the
    text that ``lowered_text`` (see :func:`lowered`) is of."""
    return found is None or lowered_text is None or found.found_in(lowered_text)


def _alternatives(items: Sequence[_Item]) -> list[Sequence[_Item]]:
    """The top-level alternatives of a parsed expression (itself where it has none)."""
    if len(items) == 1 and items[0][0] is _parser.SUBPATTERN:
        return _alternatives(items[0][1][3])
    if len(items) == 1 and items[0][0] is _parser.BRANCH:
        return list(items[0][1][1])
    return [items]


def _needed(items: Sequence[_Item]) -> tuple[frozenset[str], ...]:
    """Every set of texts a match of the sequence ``items`` holds one of: each run of
    literal characters, and those of each part that must occur (see :func:`_inner`)."""
    found: list[frozenset[str]] = []
    run: list[str] = []
    for op, value in items:
        if op is _parser.LITERAL and value < 128:
            run.append(chr(value).lower())
            continue
        if run:
            found.append(frozenset(["".join(run)]))
            run = []
        found.extend(_inner(op, value))
    if run:
        found.append(frozenset(["".join(run)]))
    return tuple(found)


def _inner(op: Any, value: Any) -> tuple[frozenset[str], ...]:
    """The sets of texts a part of a sequence needs: all those of a group or of a repeat
    of at least one; of an alternation, the most selective set of each alternative
    together (none where an alternative has none)."""
    if op is _parser.SUBPATTERN:
        return _needed(value[3])
    if op is _parser.ATOMIC_GROUP:
        return _needed(value)
    if op in _REPEATS and value[0] >= 1:
        return _needed(value[2])
    if op is _parser.BRANCH:
        each = [found for alternative in value[1] if (found := _best(_needed(alternative)))]
        return (frozenset[str]().union(*each),) if len(each) == len(value[1]) else ()
    return ()


def _best(sets: tuple[frozenset[str], ...]) -> frozenset[str] | None:
    """The set whose shortest text is the longest (the least likely to be found)."""
    return max(sets, key=lambda texts: min(len(text) for text in texts), default=None)
