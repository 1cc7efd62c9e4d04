"""Globs and mapping rules of an application's ``selection:`` settings.

Globs work like ``.gitignore`` lines: ``*`` and ``?`` stay within one path
segment, ``**`` crosses folders, and a glob without ``/`` matches a file name
at any depth. A mapping rule's ``source_pattern`` must match a whole changed
path (relative to the repository, or to the application folder); its
``test_pattern`` then names test files or node ids, possibly with globs.
"""

from __future__ import annotations

import fnmatch
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from qatron.selection.settings import MappingRule

_GLOB_CHARS = re.compile(r"[*?\[]")


@functools.lru_cache(maxsize=1024)
def glob_regex(glob: str) -> re.Pattern[str]:
    """The compiled regular expression a glob stands for (see the module docstring)."""
    pattern = glob.strip().lstrip("/") if "/" in glob.strip().rstrip("/") else glob.strip()
    anywhere = "/" not in pattern.rstrip("/")
    out, index = [], 0
    while index < len(pattern):
        if pattern.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
        elif pattern.startswith("**", index):
            out.append(".*")
            index += 2
        elif pattern[index] == "*":
            out.append("[^/]*")
            index += 1
        elif pattern[index] == "?":
            out.append("[^/]")
            index += 1
        elif pattern[index] == "[" and "]" in pattern[index + 2:]:
            end = pattern.index("]", index + 2)
            out.append(fnmatch.translate(pattern[index:end + 1])[4:-3])
            index = end + 1
        else:
            out.append(re.escape(pattern[index]))
            index += 1
    body = "".join(out).rstrip("/")
    prefix = "(?:.*/)?" if anywhere else ""
    return re.compile(f"{prefix}{body}(?:/.*)?")


def matches(globs: Sequence[str], *paths: str | None) -> str | None:
    """The first glob matching any of ``paths`` (None if none does)."""
    for glob in globs:
        regex = glob_regex(glob)
        if any(path is not None and regex.fullmatch(path) for path in paths):
            return glob
    return None


def has_glob(text: str) -> bool:
    """Whether ``text`` holds glob characters."""
    return bool(_GLOB_CHARS.search(text))


@dataclass(frozen=True)
class RuleHit:
    """A mapping rule that matched a changed path: its 1-based number and the tests it names."""

    number: int
    target: str


def rule_hits(rules: Sequence[MappingRule], *paths: str | None) -> list[RuleHit]:
    """Every rule whose ``source_pattern`` matches a whole path, with its expanded target."""
    hits: list[RuleHit] = []
    for number, rule in enumerate(rules, start=1):
        regex = _compiled(rule.source_pattern)
        for path in paths:
            found = regex.fullmatch(path) if path is not None else None
            if found is not None:
                hits.append(RuleHit(number, _expand(rule.test_pattern, found)))
                break
    return hits


@functools.lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _expand(template: str, found: re.Match[str]) -> str:
    return re.sub(r"\{(\d+)\}", lambda m: found.group(int(m.group(1))) or "", template)
