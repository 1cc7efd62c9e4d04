"""The node ids a suite's own pytest collection gives, cached per commit.

    >>> collected = cached_collection(command, project_root / ".qatron")
    >>> collected.nodeids if collected.nodeids is not None else collected.note

Only what pytest really collects is a test: files that look like tests but that
pytest never collects (``tests/mypy_test_cases/``) are left out. The node ids are
kept in ``<state>/collections/<key>.json``, the key being the repository's HEAD
commit, the command (paths, markers, arguments) and the content of every file in
the working tree that differs from it and can change the collection: test files,
``conftest.py``, pytest's configuration files (every Python file when doctests are
collected). ``<state>`` gets a ``.gitignore`` so that git ignores what it holds.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from qatron.errors import QatronError
from qatron.pytest_runner import TestCommand, collect_tests
from qatron.selection.candidates import is_python_test
from qatron.selection.git import git_out
from qatron.selection.pytest_config import doctests_of

CONFIG_FILES = ("pytest.ini", ".pytest.ini", "pyproject.toml", "setup.cfg", "tox.ini")
_FORMAT = 1  # bump when the cached file's shape changes


@dataclass
class Collected:
    """The collected node ids (app-relative), or None and why not."""

    nodeids: list[str] | None
    note: str = ""


def cached_collection(command: TestCommand, state_dir: Path) -> Collected:
    """The suite's node ids: from the cache if the key matches, else pytest's collection."""
    try:
        cache = state_dir / "collections" / f"{_key(command)}.json"
    except QatronError as exc:
        return Collected(None, f"tests not collected ({exc}); selected by test file")
    if cache.is_file():
        return Collected(list(json.loads(cache.read_text(encoding="utf-8"))["nodeids"]))
    try:
        nodeids = _collect(command)
    except QatronError as exc:
        return Collected(None, f"pytest could not collect the tests ({_first_line(exc)}); "
                               f"selected by test file")
    _write(state_dir, cache, nodeids)
    return Collected(nodeids)


def _collect(command: TestCommand) -> list[str]:
    """Node ids relative to the application folder; a file that failed to collect stands
    for all of its tests (its path)."""
    with tempfile.TemporaryDirectory(prefix="qatron-collect-") as work:
        collection = collect_tests(command, Path(work))
    app_dir = command.app_dir.resolve()
    rootdir = collection.rootdir.resolve()
    broken = [result.nodeid for result in collection.errors]
    return [_relative(nodeid, rootdir, app_dir) for nodeid in [*collection.nodeids, *broken]]


def _relative(nodeid: str, rootdir: Path, app_dir: Path) -> str:
    """A node id of pytest's rootdir as one of the application folder."""
    if rootdir == app_dir:
        return nodeid
    path, sep, rest = nodeid.partition("::")
    relative = os.path.relpath(rootdir / path, app_dir)
    return Path(relative).as_posix() + sep + rest


def _key(command: TestCommand) -> str:
    """HEAD, the command, and the working tree's changes that can alter the collection."""
    app_dir = command.app_dir.resolve()
    head = git_out(app_dir, "rev-parse", "--verify", "--quiet", "HEAD").strip() or b"none"
    digest = hashlib.sha1(b"%d\0%s\0" % (_FORMAT, head))
    digest.update(json.dumps([str(app_dir), str(command.python.path if command.python else ""),
                              command.paths, command.marker_expression,
                              command.extra_args]).encode())
    changed = _changed(app_dir)
    configs = {path for path in [*CONFIG_FILES, *changed] if Path(path).name in CONFIG_FILES}
    doctests = doctests_of({path: _read(app_dir / path) for path in configs}).modules
    for path in sorted(changed):
        if doctests and path.endswith(".py") or _shapes_collection(path):
            digest.update(path.encode() + b"\0" + _content(app_dir / path) + b"\0")
    return digest.hexdigest()


def _changed(app_dir: Path) -> list[str]:
    """Files of the application folder that differ from HEAD, untracked ones included."""
    out = git_out(app_dir, "status", "--porcelain", "-z", "--untracked-files=all",
                  "--no-renames", "--", ".")
    prefix = git_out(app_dir, "rev-parse", "--show-prefix").decode().strip()
    paths = [entry[3:] for entry in out.decode("utf-8", "replace").split("\0") if entry]
    return [path.removeprefix(prefix) for path in paths]


def _shapes_collection(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return is_python_test(path) or name == "conftest.py" or name in CONFIG_FILES


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _content(path: Path) -> bytes:
    found = _read(path)
    return b"<absent>" if found is None else found


def _write(state_dir: Path, cache: Path, nodeids: list[str]) -> None:
    cache.parent.mkdir(parents=True, exist_ok=True)
    ignore = state_dir / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n", encoding="utf-8")
    partial = cache.with_suffix(".tmp")
    partial.write_text(json.dumps({"nodeids": nodeids}), encoding="utf-8")
    partial.replace(cache)


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
