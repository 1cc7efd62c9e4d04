"""Who owns a file: CODEOWNERS / TESTOWNERS in GitHub's syntax (the last match wins)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

#: Where owners files are looked for, under the repository root.
LOCATIONS = ("TESTOWNERS", ".github/TESTOWNERS", "CODEOWNERS", ".github/CODEOWNERS",
             "docs/CODEOWNERS")


@dataclass(frozen=True)
class OwnerRule:
    pattern: re.Pattern[str]
    owners: tuple[str, ...]
    source: str


def owner_rules(root: Path) -> list[OwnerRule]:
    """The rules of every owners file under ``root``, TESTOWNERS first (so CODEOWNERS,
    read later, wins for a file both name)."""
    rules: list[OwnerRule] = []
    for name in LOCATIONS:
        path = root / name
        if path.is_file():
            rules += _parse(path.read_text(encoding="utf-8", errors="replace"), name)
    return rules


def owners_of(path: str, rules: list[OwnerRule]) -> tuple[tuple[str, ...], str] | None:
    """The owners of ``path`` (relative to the root) and the rule that says so."""
    path = path.replace("\\", "/").removeprefix("./").lstrip("/")
    found = None
    for rule in rules:
        if rule.pattern.search(path):
            found = (rule.owners, rule.source)
    return found


def _parse(text: str, name: str) -> list[OwnerRule]:
    rules = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        pattern, *owners = line.split()
        if owners:
            rules.append(OwnerRule(_glob(pattern), tuple(owners),
                                   f"{name}:{number} {pattern} {' '.join(owners)}"))
    return rules


@lru_cache(maxsize=512)
def _glob(pattern: str) -> re.Pattern[str]:
    """A gitignore-style pattern as a regex over a root-relative path."""
    anchored = pattern.startswith("/") or "/" in pattern.rstrip("/")
    body = pattern.strip("/")
    regex = ""
    index = 0
    while index < len(body):
        char = body[index]
        if body.startswith("**/", index):
            regex, index = regex + "(?:.*/)?", index + 3
        elif body.startswith("**", index):
            regex, index = regex + ".*", index + 2
        elif char == "*":
            regex, index = regex + "[^/]*", index + 1
        elif char == "?":
            regex, index = regex + "[^/]", index + 1
        else:
            regex, index = regex + re.escape(char), index + 1
    prefix = "^" if anchored else r"(?:^|/)"
    return re.compile(f"{prefix}{regex}(?:/.*)?$")
