"""A failure's exception chain, read from its traceback text, root cause first.

Python prints a chain cause first: each exception's traceback, then "The above exception
was the direct cause of the following exception:" (``raise … from``) or "During handling
of the above exception, another exception occurred:", then the next one. pytest prints
the same order with its own frame format (``path.py:12: in func`` and ``E   Type: msg``
lines), or for a report of its own (a doctest's) a traceback and ``path.py:12: Type``;
Java and Kotlin print the last exception first and its causes as ``Caused by:``.

An exception group's first sub-exception is the group's root cause, and a child process's
traceback carried in an exception's message (a test that ran the product's command line
and raised, or asserted, with its stderr) is that exception's: their chains come first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache

from qatron.failures.frames import Frame, frames

_SEPARATOR = re.compile(
    r"^\s*(?P<how>The above exception was the direct cause of the following exception|"
    r"During handling of the above exception, another exception occurred):\s*$",
    re.MULTILINE)
#: ``Type: message`` or a bare ``Type`` of a Python exception line.
_TYPE = r"(?:[A-Za-z_]\w*\.)*[A-Za-z_]\w*"
_PYTHON_LINE = re.compile(rf"^(?P<type>{_TYPE})(?::\s?(?P<message>.*))?$")
_PYTEST_LOCATION = re.compile(rf"^[^\s:][^:\n]*:\d+: (?P<type>{_TYPE})$")
_CAUSED_BY = re.compile(rf"^\s*Caused by: (?P<type>{_TYPE})(?::\s?(?P<message>.*))?$",
                        re.MULTILINE)
_JAVA_HEAD = re.compile(rf"^(?P<type>{_TYPE}(?:Exception|Error|Failure))(?::\s?(?P<message>.*))?$")


@dataclass
class ChainedException:
    """One exception of a chain: its full type name, message and frames (outermost first).

    ``link`` says how the next exception of the chain came from this one: ``cause``
    (``raise … from``), ``context`` (raised while handling it), ``child`` (a child process
    died of it and the next carries its traceback), ``group`` (the next is an exception
    group holding it) or ``""`` for the last.
    ``section`` is its part of the traceback; :attr:`frames` are read from it when asked.
    """

    type: str
    message: str
    section: str = ""
    link: str = ""

    @cached_property
    def frames(self) -> list[Frame]:
        return frames(self.section)

    @property
    def name(self) -> str:
        """The class name without its module (``requests.exceptions.ConnectionError`` →
        ``ConnectionError``)."""
        return self.type.rsplit(".", 1)[-1]

    @property
    def text(self) -> str:
        return f"{self.type}: {self.message}" if self.message else self.type


@lru_cache(maxsize=1024)
def exception_chain(traceback: str, message: str = "") -> list[ChainedException]:
    """The chain in ``traceback``, root cause first; ``message`` (a runner's one-line
    failure message) stands for the last exception when the traceback names none.

    Cached: the category and the cluster of a failure both read it (treat it as read-only).
    """
    chain = _traceback_chain(traceback)
    if chain:
        return _with_child(chain)
    found = _python_exception(message) if message else None
    return [ChainedException(found[0], found[1], traceback)] if found is not None else []


@lru_cache(maxsize=1024)
def _traceback_chain(traceback: str) -> list[ChainedException]:
    """The chain ``traceback`` itself shows, root cause first. Cached by the traceback
    alone: a failure's category reads it with the failure's message, its cluster with
    the message without a runner's phase prefix."""
    if "Caused by: " in traceback and _CAUSED_BY.search(traceback):
        return _java_chain(traceback)
    if "Exception Group Traceback" in traceback and _GROUP_HEAD.search(traceback):
        return _group_chain(traceback)
    if "Traceback (most recent call last)" in traceback:
        traceback = _REPORTED_AT.sub(r"\1", traceback)
    chained = "The above exception" in traceback or "During handling of" in traceback
    sections = _SEPARATOR.split(traceback) if chained else [traceback]
    texts, links = sections[0::2], sections[1::2]
    chain: list[ChainedException] = []
    for index, text in enumerate(texts):
        found = _python_exception(text)
        if found is None:
            continue
        kind, said = found
        link = "" if index >= len(links) else (
            "cause" if links[index].startswith("The above") else "context")
        chain.append(ChainedException(kind, said, text, link))
    return chain


#: An exception group's head, ``+ Exception Group Traceback`` (without the ``+`` nested).
_GROUP_HEAD = re.compile(r"^\s*(?:\+ )?Exception Group Traceback", re.MULTILINE)
#: Where an exception group's sub-exception begins: ``+-+---- 1 ----`` for the first.
_SUB_EXCEPTION = re.compile(r"^(?P<indent>\s*)\+-(?:\+-)?-*\s*1\s*-+\s*$", re.MULTILINE)


def _group_chain(traceback: str) -> list[ChainedException]:
    """An exception group's chain (``asyncio.TaskGroup``'s, anyio's, Hypothesis's): its
    first sub-exception's chain, then the group's own. The group says only that its tasks
    failed; what they failed of is in them."""
    first = _SUB_EXCEPTION.search(traceback)
    own = _GROUP_HEAD.sub("Traceback", traceback[:first.start()] if first else traceback)
    group = _traceback_chain(re.sub(r"^ {0,2}\| ?", "", own, flags=re.MULTILINE))
    if first is None:
        return group
    rest = traceback[first.end():].lstrip("\n").splitlines()
    column = rest[0].find("|") if rest else -1  # the sub-exception's ``|`` column
    lines: list[str] = []
    for line in rest:
        nested = line[column:column + 3] == "+-+" or not line[:column + 1].strip()
        if column < 0 or line[column:column + 1] != "|" and not nested:
            break  # the next sub-exception's marker, or the group's end
        lines.append(line[column + 2:])
    sub = _traceback_chain("\n".join(lines))
    if not any(exception.frames for exception in sub):  # made, never raised: the group's
        return group
    return [*sub[:-1], replace(sub[-1], link="group"), *group]


#: pytest's location line after a traceback it reports whole (a doctest's unexpected
#: exception): the traceback's own last line says what was raised.
_REPORTED_AT = re.compile(rf"(\n{_TYPE}(?::[^\n]*)?)\n[^\s:][^:\n]*:\d+: {_TYPE}\s*$")
_CHILD = "Traceback (most recent call last):"
#: The escapes of a ``bytes`` or ``str`` repr a child's stderr is shown in.
_ESCAPES = re.compile(r"\\(n|t|'|\"|\\)")
_UNESCAPED = {"n": "\n", "t": "\t", "'": "'", '"': '"', "\\": "\\"}
_CHILD_EXCEPTION = re.compile(rf"^{_TYPE}(?::.*)?$")


def _with_child(chain: list[ChainedException]) -> list[ChainedException]:
    """``chain`` after the chain of a child process's traceback that one of its exceptions
    carries in its message, else ``chain``."""
    for exception in reversed(chain):
        shown = [line[1:] for line in exception.section.splitlines() if line.startswith("E ")]
        said = "\n".join(shown) if shown else exception.message
        if _CHILD not in said:
            continue
        child = _traceback_chain(_child_traceback(said[said.index(_CHILD):]))
        if child:
            return [*child[:-1], replace(child[-1], link="child"), *chain]
    return chain


def _child_traceback(text: str) -> str:
    """A child's traceback as Python prints it, from the text an exception's message shows
    it in (a repr's escapes undone, its lines re-indented, nothing after its exception)."""
    first = text.partition("\n")[0]
    if "\\n" in first:  # a repr on one line
        text = _ESCAPES.sub(lambda m: _UNESCAPED[m.group(1)], first)
    lines = [line.strip() for line in text.splitlines()]
    last_frame = max((i for i, line in enumerate(lines) if line.startswith('File "')), default=-1)
    end = next((i for i in range(last_frame + 1, len(lines)) if _is_exception_line(lines[i])),
               -1)
    if last_frame < 0 or end < 0:
        return ""
    shown = []
    for line in lines[:end + 1]:
        at_margin = line.startswith(_CHILD) or _SEPARATOR.match(line) \
            or _is_exception_line(line)
        shown.append(line if at_margin else f"  {line}" if line.startswith('File "')
                     else f"    {line}")
    return "\n".join(shown)


def _is_exception_line(line: str) -> bool:
    return bool(_CHILD_EXCEPTION.match(line)) and _looks_like_type(line.split(":", 1)[0])


def root_cause(traceback: str, message: str = "") -> ChainedException | None:
    """The first exception of the chain: the one every other was raised because of."""
    chain = exception_chain(traceback, message)
    return chain[0] if chain else None


def _python_exception(text: str) -> tuple[str, str] | None:
    """The exception a (pytest or CPython) traceback section ends with: type, message."""
    lines = text.rstrip().splitlines()
    errors = [i for i, line in enumerate(lines) if line.startswith("E ")]
    if errors:
        return _pytest_exception(lines, errors)
    located = _PYTEST_LOCATION.match(lines[-1].strip()) if lines else None
    if located is not None and _looks_like_type(located.group("type")):
        return located.group("type"), ""  # a report of pytest's own: a doctest's
    for line in reversed(lines):
        if not line.strip() or line.startswith((" ", "\t")):
            continue
        match = _PYTHON_LINE.match(line.strip())
        if match and _looks_like_type(match.group("type")):
            return match.group("type"), (match.group("message") or "").strip()
        return _multiline_exception(lines)
    return None


def _multiline_exception(lines: list[str]) -> tuple[str, str] | None:
    """An exception whose message spans lines (pydantic's, jsonschema's, selenium's): the
    first ``Type: message`` line at the margin after the last frame, its message with the
    lines after it."""
    last_frame = max((i for i, line in enumerate(lines) if line.startswith('  File "')),
                     default=-1)
    for index in range(last_frame + 1, len(lines)):
        line = lines[index]
        match = None if line.startswith((" ", "\t")) else _PYTHON_LINE.match(line.strip())
        if match and _looks_like_type(match.group("type")):
            rest = [part.strip() for part in lines[index + 1:] if part.strip()]
            return match.group("type"), " ".join(
                [(match.group("message") or "").strip(), *rest]).strip()
    return None


def _pytest_exception(lines: list[str], errors: list[int]) -> tuple[str, str]:
    """pytest's ``E`` block: its first ``Type: message`` line, or an assertion."""
    start = len(errors) - 1  # the last contiguous run of E lines is the exception
    while start > 0 and errors[start - 1] == errors[start] - 1:
        start -= 1
    block = [lines[i][1:].strip() for i in errors[start:]]
    location = next((m.group("type") for line in reversed(lines)
                     if (m := _PYTEST_LOCATION.match(line.strip()))), None)
    for line in block:
        match = _PYTHON_LINE.match(line)
        if match and match.group("message") is not None and _looks_like_type(match["type"]):
            return match.group("type"), match.group("message").strip()
    head = block[0] if block else ""
    if location is not None and _looks_like_type(location):
        return location, head
    return "AssertionError", head


def _java_chain(traceback: str) -> list[ChainedException]:
    """``Caused by:`` chains: the head line is the last exception, the last cause the root."""
    chain: list[ChainedException] = []
    for match in reversed(list(_CAUSED_BY.finditer(traceback))):
        chain.append(ChainedException(match.group("type"), (match.group("message") or "")
                                      .strip(), link="cause"))
    for line in traceback.splitlines():
        head = _JAVA_HEAD.match(line.strip())
        if head:
            chain.append(ChainedException(head.group("type"),
                                          (head.group("message") or "").strip()))
            break
    return chain


def _looks_like_type(name: str) -> bool:
    """A class name: its last part starts upper-case (``E   assert x`` is not one)."""
    last = name.rsplit(".", 1)[-1]
    return last[:1].isupper() and last not in ("E", "AssertionRewritingHook")
