"""Read tracebacks: the exception's type and the innermost frame, whatever the runner."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

#: pytest (``path.py:12: in func`` / ``path.py:12: ValueError``), CPython
#: (``File "path.py", line 12, in func``), Node (``at fn (path.js:12:5)``), Java
#: (``at pkg.Cls.method(Cls.java:12)``) and Go (``path_test.go:12:``); each with the
#: texts one of which every frame it matches contains (a traceback without any is not
#: searched for that runner's frames).
_FRAMES: list[tuple[re.Pattern[str], tuple[str, ...]]] = [
    (re.compile(r'File "(?P<path>[^"]+)", line (?P<line>\d+), in (?P<func>[\w<>.]+)'),
     ('File "',)),
    (re.compile(r"^(?P<path>[^\s:][^:\n]*\.py):(?P<line>\d+):(?: in (?P<func>[\w<>.]+))?",
                re.MULTILINE), (".py:",)),
    (re.compile(r"at (?:(?P<func>[\w$.<>]+) )?\(?(?P<path>[^\s():]+\.[jt]sx?):(?P<line>\d+)"),
     (".js:", ".jsx:", ".ts:", ".tsx:")),
    (re.compile(r"at (?P<func>[\w$.]+)\((?P<path>\w+\.(?:java|kt|scala)):(?P<line>\d+)\)"),
     (".java:", ".kt:", ".scala:")),
    (re.compile(r"^\s*(?P<path>[\w./-]+_test\.go):(?P<line>\d+):", re.MULTILINE),
     ("_test.go:",)),
]
_EXCEPTION = re.compile(r"(?:^|\s|E\s+)(?P<type>(?:[A-Za-z_][\w]*\.)*[A-Z]\w*(?:Error|Exception|"
                        r"Exit|Interrupt|Warning|Failure|Refused|Timeout|NotFound|Denied)|"
                        r"AssertionError|Failed)(?::|$|\s*\()", re.MULTILINE)
_TEST_PATH = re.compile(r"(^|/)(tests?|testing|specs?|__tests__|e2e|it)/|(^|/)test_[^/]*$|"
                        r"_test\.(py|go)$|[._-](test|spec)\.[jt]sx?$|Tests?\.(java|kt)$|"
                        r"(^|/)conftest\.py$")


@dataclass(frozen=True)
class Frame:
    path: str
    line: int
    func: str


def frames(traceback: str) -> list[Frame]:
    """Every frame found, outermost first (as tracebacks print them)."""
    found: list[tuple[int, Frame]] = []
    for pattern, needles in _FRAMES:
        if not any(needle in traceback for needle in needles):
            continue
        for match in pattern.finditer(traceback):
            found.append((match.start(), Frame(match.group("path"), int(match.group("line")),
                                               match.groupdict().get("func") or "")))
    return [frame for _, frame in sorted(found, key=lambda item: item[0])]


def innermost_frame(traceback: str) -> Frame | None:
    """Where the exception was raised: the last frame outside the standard library."""
    found = [f for f in frames(traceback) if not is_library(f.path)]
    return found[-1] if found else None


def exception_type(message: str, traceback: str = "") -> str | None:
    """The exception's class name (without its module), from the message or traceback."""
    for text in (message, "\n".join(line for line in traceback.splitlines()
                                    if line.startswith("E ")), traceback):
        match = _EXCEPTION.search(text)
        if match:
            return match.group("type").rsplit(".", 1)[-1]
    return None


def syntax_error_place(text: str) -> tuple[str, int] | None:
    """Where a ``SyntaxError`` is, as Python shows it (``File "app/x.py", line 2`` with no
    function), in a traceback or a section of one; else None."""
    found = _SYNTAX_AT.search(text)
    return (found.group(1), int(found.group(2))) if found else None


_SYNTAX_AT = re.compile(r'^E?\s*File "([^"]+)", line (\d+)\s*$', re.MULTILINE)
#: The exceptions of a source file Python cannot parse.
SYNTAX_ERRORS = frozenset({"SyntaxError", "IndentationError", "TabError"})


@lru_cache(maxsize=4096)
def is_test_path(path: str) -> bool:
    return bool(_TEST_PATH.search(path.replace("\\", "/")))


def is_product(path: str, under_test: frozenset[str] = frozenset()) -> bool:
    """Whether ``path`` is the project's code: not a library's, or in an installed package
    that is the product here (see :mod:`qatron.failures.under_test`)."""
    return not is_library(path) or bool(under_test) and installed_package(path) in under_test


def installed_package(path: str) -> str:
    """The installed package a library path is in (``sqlalchemy`` of …/site-packages/
    sqlalchemy/sql/schema.py), else the file's name."""
    return site_package(path) or path.replace("\\", "/").rsplit("/", 1)[-1]


def site_package(path: str) -> str:
    """The package (or module) of ``site-packages`` a path is in, else ``""``."""
    match = _SITE_PACKAGE.search(path)
    return match.group(1) if match else ""


_SITE_PACKAGE = re.compile(r"(?:site|dist)-packages[/\\]([\w.-]+)")


@lru_cache(maxsize=4096)
def is_library(path: str) -> bool:
    """Whether ``path`` is an installed library's or the standard library's code."""
    return bool(re.search(r"site-packages|dist-packages|/lib/python3|<frozen |node_modules|"
                          r"^/usr/lib/", path))
