"""Read ``git diff -U0`` output: which base lines each file's change touched.

Only what selection needs is kept: the base lines changed or deleted, the
base lines after which lines were inserted, the head lines added, and
whether git saw the file as binary. Paths are taken from the ``---``/``+++``,
``rename``/``copy`` and ``diff --git`` lines, C-unquoted as git quotes them.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

_HUNK = re.compile(rb"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
_PATH_LINES = (b"+++ ", b"--- ", b"rename to ", b"copy to ", b"rename from ", b"copy from ")


@dataclass
class FilePatch:
    """The line-level change of one file between base and head."""

    old_lines: set[int] = field(default_factory=set)
    insertion_points: set[int] = field(default_factory=set)
    new_lines: set[int] = field(default_factory=set)
    binary: bool = False


def parse_patch(data: bytes) -> dict[str, FilePatch]:
    """Each file's :class:`FilePatch`, keyed by its head path and, if different, its base path."""
    patches: dict[str, FilePatch] = {}
    for section in _sections(data):
        patch, paths = _parse_section(section)
        for path in paths:
            patches.setdefault(path, patch)
    return patches


def _sections(data: bytes) -> list[list[bytes]]:
    sections: list[list[bytes]] = []
    for line in data.split(b"\n"):
        if line.startswith(b"diff --git "):
            sections.append([line])
        elif sections:
            sections[-1].append(line)
    return sections


def _parse_section(lines: list[bytes]) -> tuple[FilePatch, list[str]]:
    patch = FilePatch()
    found: dict[bytes, str] = {}
    in_header = True
    for line in lines[1:]:
        hunk = _HUNK.match(line)
        if hunk:
            in_header = False
            _add_hunk(patch, hunk)
        elif in_header:
            if line.startswith((b"Binary files ", b"GIT binary patch")):
                patch.binary = True
            prefix = next((p for p in _PATH_LINES if line.startswith(p)), None)
            if prefix is not None:
                found[prefix] = _path(line[len(prefix):], strip_prefix=prefix in (b"+++ ", b"--- "))
    new = found.get(b"+++ ") or found.get(b"rename to ") or found.get(b"copy to ")
    old = found.get(b"--- ") or found.get(b"rename from ") or found.get(b"copy from ")
    header = _header_path(lines[0][len(b"diff --git "):])
    paths = [p for p in (new, old, header) if p and p != "/dev/null"]
    return patch, list(dict.fromkeys(paths))


def _add_hunk(patch: FilePatch, hunk: re.Match[bytes]) -> None:
    old_start, old_count = int(hunk[1]), int(hunk[2] if hunk[2] is not None else 1)
    new_start, new_count = int(hunk[3]), int(hunk[4] if hunk[4] is not None else 1)
    if old_count == 0:
        patch.insertion_points.add(old_start)
    else:
        patch.old_lines.update(range(old_start, old_start + old_count))
    patch.new_lines.update(range(new_start, new_start + new_count))


def _path(raw: bytes, *, strip_prefix: bool) -> str:
    """A path as git prints it: maybe C-quoted, maybe with a trailing tab, maybe ``a/``."""
    raw = raw.rstrip(b"\r")
    if raw.endswith(b"\t"):
        raw = raw[:-1]
    text = unquote(raw)
    if strip_prefix and text[:2] in ("a/", "b/"):
        text = text[2:]
    return text


def _header_path(rest: bytes) -> str | None:
    """The path of ``a/P b/P`` (same path on both sides), quoted or not."""
    if rest.startswith(b'"'):
        end = _closing_quote(rest)
        first, second = unquote(rest[:end + 1]), rest[end + 2:]
        second_text = unquote(second) if second else ""
        if first[2:] == second_text[2:]:
            return first[2:]
        return None
    if len(rest) % 2 == 1:
        half = (len(rest) - 1) // 2
        old, new = rest[:half], rest[half + 1:]
        if old[2:] == new[2:] and old[:2] == b"a/" and new[:2] == b"b/":
            return old[2:].decode("utf-8", "surrogateescape")
    return None


def _closing_quote(text: bytes) -> int:
    index = 1
    while index < len(text):
        if text[index:index + 1] == b"\\":
            index += 2
            continue
        if text[index:index + 1] == b'"':
            return index
        index += 1
    return len(text) - 1


def unquote(raw: bytes) -> str:
    """Undo git's C-style quoting of a path (``"a\\tb"``); plain paths pass through."""
    if len(raw) >= 2 and raw.startswith(b'"') and raw.endswith(b'"'):
        raw = codecs.escape_decode(raw[1:-1])[0]
    return raw.decode("utf-8", "surrogateescape")
