"""``categories.json`` from QAtron's failure analysis: one Allure category per cause.

Allure puts a result in every category whose ``matchedStatuses``, ``messageRegex`` and
``traceRegex`` match it in full (Java, ``DOTALL``) and whose ``flaky`` equals the
result's. It has no match on labels, and a cause is decided from the whole exception chain,
the phase and the frames, which no regex over one message reproduces; messages are not
unique to a cause either. So each analysed result's trace ends with one line naming its cause
(:func:`cause_line`), and each category's ``traceRegex`` matches exactly that line at the end::

    [{"name": "wrong_behaviour", "description": "the product ran but did the wrong thing …",
      "matchedStatuses": ["failed"], "flaky": false,
      "traceRegex": ".*QAtron failure cause: wrong_behaviour"}]

A failure the analysis did not see falls into Allure's own "Product defects" (failed) or
"Test defects" (broken).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

CAUSE_PREFIX = "QAtron failure cause: "


def cause_line(category: str) -> str:
    """The last line of an analysed result's trace."""
    return f"{CAUSE_PREFIX}{category}"


def with_cause(trace: str, category: str | None) -> str:
    """``trace`` with its cause line appended (unchanged when there is no cause)."""
    if not category:
        return trace
    return f"{trace.rstrip()}\n\n{cause_line(category)}" if trace.strip() else cause_line(category)


def java_literal(text: str) -> str:
    """A regex matching ``text`` literally in Java and Python: every ASCII character that is
    not a letter or digit escaped (both accept a backslash before any of them)."""
    out = []
    for char in text:
        if char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif char.isascii() and not char.isalnum() and char.isprintable():
            out.append("\\" + char)
        elif char.isascii() and not char.isprintable():
            out.append(f"\\x{ord(char):02x}")
        else:
            out.append(char)
    return "".join(out)


def trace_regex(category: str) -> str:
    """The ``traceRegex`` of ``category``'s Allure category."""
    return ".*" + java_literal(cause_line(category))


def categories_json(analysed: Iterable[tuple[str, str, bool]],
                    descriptions: dict[str, str]) -> list[dict[str, Any]]:
    """The categories for results given as ``(category, allure status, flaky)``: one per
    cause (two when a cause has flaky and steady results: Allure matches ``flaky`` exactly),
    with the statuses its results have, in the order causes first appear."""
    statuses: dict[tuple[str, bool], set[str]] = {}
    for category, status, flaky in analysed:
        statuses.setdefault((category, flaky), set()).add(status)
    return [{"name": category, "description": descriptions.get(category, ""),
             "matchedStatuses": sorted(found), "flaky": flaky,
             "traceRegex": trace_regex(category)}
            for (category, flaky), found in statuses.items()]


def matches(category: dict[str, Any], status: str, trace: str, flaky: bool) -> bool:
    """Allure's rule, for checking an export: does ``category`` take this result?"""
    return (status in category["matchedStatuses"] and flaky == category["flaky"]
            and re.fullmatch(category["traceRegex"], trace, re.DOTALL) is not None)
