"""A run's collection, reused while nothing that shapes it has changed.

    >>> served = collect_cached(command, run_dir, project.root / ".qatron")
    >>> served.collection, served.cached_for   # the short key on a hit, else None

The collection pass of :func:`qatron.pytest_runner.collect_tests` is kept in
``<state>/collections/run-<key>.json``: what it wrote in the run folder (the collected
tests and their markers, pytest's rootdir, packages imported from elsewhere, modules
skipped while collected), or those the first shard to finish collecting wrote there
when the shards collected for themselves (:func:`keep_collection`). A hit writes those
files in the run folder as the pass would have, and reads them the same way. The key is
made of

* the repository's HEAD commit;
* the command: application folder, paths, marker expression, pytest arguments, the
  interpreter's path, and the test process's ``PYTEST_ADDOPTS``, ``PYTEST_PLUGINS``,
  ``PYTHONPATH`` and ``QATRON_ENV``;
* the interpreter's identity: the modification times of its executable and of its
  site-packages folders (installing or removing a package changes them);
* QAtron's pytest plugin (its source);
* the path and content of every file of the application folder that differs from HEAD
  or is untracked: a source module, a conftest, test data that parametrises tests, a
  ``.feature`` file can all change what is collected.

A pass with collection errors is not kept (an error may be transient). Outside a git
repository, when git fails, when any part of the key cannot be read, or with
``QATRON_COLLECTION_CACHE=0``, the tests are collected as before. Files that git
ignores, files outside the application folder and other environment variables are
not part of the key: set ``QATRON_COLLECTION_CACHE=0`` when they shape the collection.
A planned test that no longer exists is still reported: its shard gives it an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from qatron.pytest_runner import (
    COLLECTION_FILE,
    COLLECTION_RESULTS,
    Collection,
    TestCommand,
    collect_tests,
    discard_prefetched,
    prefetch_collection,
    read_collection,
)
from qatron.selection.git import git_out
from qatron.whole_files import write_whole

#: ``QATRON_COLLECTION_CACHE=0`` (or ``false``, ``no``, ``off``) turns the cache off.
SWITCH = "QATRON_COLLECTION_CACHE"
_FORMAT = 1  # bump when a kept file's shape or the key's parts change
_KEPT = 20  # collections kept per project, newest first
_PLUGIN = Path(__file__).resolve().parent / "pytest_plugin.py"
_ENV_KEYS = ("PYTEST_ADDOPTS", "PYTEST_PLUGINS", "PYTHONPATH", "QATRON_ENV")


@dataclass
class Served:
    """A collection, and the short key of the cached one it came from (None: collected)."""

    collection: Collection
    cached_for: str | None = None


def collect_cached(command: TestCommand, work_dir: Path, state_dir: Path, timeout: float = 300,
                   cancel: threading.Event | None = None) -> Served:
    """The suite's collection: the cached one if its key matches, else pytest's (kept)."""
    entry = cache_entry(command, state_dir)
    if entry is not None and entry.is_file():
        discard_prefetched(work_dir)  # before its files are written: it writes the same ones
        restored = _restore(entry, work_dir)
        if restored is not None:
            return Served(restored, entry.stem.removeprefix("run-")[:12])
    collection = collect_tests(command, work_dir, timeout=timeout, cancel=cancel)
    keep_collection(entry, work_dir, collection)
    return Served(collection)


def prefetch_uncached(command: TestCommand, work_dir: Path, state_dir: Path) -> None:
    """Start collecting now (see ``prefetch_collection``) unless a cached collection fits."""
    entry = cache_entry(command, state_dir)
    if entry is None or not entry.is_file():
        prefetch_collection(command, work_dir)


def cache_entry(command: TestCommand, state_dir: Path) -> Path | None:
    """The file the command's collection is kept in, whether it is kept yet or not; None
    when it is not to be cached."""
    key = collection_key(command, state_dir)
    return _entry(state_dir, key) if key is not None else None


def keep_collection(entry: Path | None, work_dir: Path, collection: Collection) -> None:
    """Keep the collection whose files are in ``work_dir`` at ``entry`` (from
    :func:`cache_entry`, taken before the tests were collected), unless it has errors."""
    if entry is not None and not collection.errors:
        with contextlib.suppress(OSError):  # not kept: the next run collects again
            _keep(entry, work_dir)


def collection_key(command: TestCommand, state_dir: Path) -> str | None:
    """The key of the command's collection; None when it is not to be cached. The state
    folder (runs, kept collections) gets a ``.gitignore``: what it holds is no change."""
    if os.environ.get(SWITCH, "1").strip().lower() in ("0", "false", "no", "off"):
        return None
    if command.junit_app is not None or command.python is None:
        return None
    try:
        _ignored(state_dir)
        return _key(command, command.python.site_packages())
    except Exception:  # noqa: BLE001 - any doubt about the key: collect as before
        return None


def _key(command: TestCommand, site_packages: list[Path]) -> str:
    app_dir = command.app_dir.resolve()
    root, head = git_out(app_dir, "rev-parse", "--show-toplevel", "HEAD").split(b"\n")[:2]
    python = command.python.path if command.python is not None else Path(sys.executable)
    environ = {**os.environ, **command.env}
    digest = hashlib.sha256(b"%d\0%s\0" % (_FORMAT, head))
    digest.update(json.dumps([
        str(app_dir), str(python), command.paths, command.marker_expression,
        command.extra_args, {name: environ.get(name) for name in _ENV_KEYS},
        _stamp(python.resolve()), [[str(p), _stamp(p)] for p in site_packages],
    ]).encode())
    digest.update(_PLUGIN.read_bytes())
    top = Path(os.fsdecode(root))
    for path in sorted(_changed(app_dir)):
        digest.update(b"\0" + os.fsencode(path) + b"\0" + _content(top / path))
    return digest.hexdigest()


def _changed(app_dir: Path) -> list[str]:
    """Files of the application folder that differ from HEAD, untracked ones included,
    relative to the repository's root folder."""
    out = git_out(app_dir, "status", "--porcelain", "-z", "--untracked-files=all",
                  "--no-renames", "--", ".")
    return [os.fsdecode(entry[3:]) for entry in out.split(b"\0") if entry]


def _stamp(path: Path) -> str:
    """A file's or folder's modification time and size; "absent" if it does not exist."""
    try:
        found = path.stat()
    except FileNotFoundError:
        return "absent"
    return f"{found.st_mtime_ns}:{found.st_size}"


def _content(path: Path) -> bytes:
    """A changed file's content; a deleted file (or a nested repository) as absent."""
    try:
        return path.read_bytes()
    except (FileNotFoundError, IsADirectoryError):
        return b"<absent>"


def _ignored(state_dir: Path) -> None:
    state_dir.mkdir(parents=True, exist_ok=True)
    ignore = state_dir / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n", encoding="utf-8")


def _entry(state_dir: Path, key: str) -> Path:
    return state_dir / "collections" / f"run-{key}.json"


def _restore(entry: Path, work_dir: Path) -> Collection | None:
    """Write the kept pass's files in ``work_dir`` and read them as the pass's own; None
    when the kept file cannot be read (the tests are collected again)."""
    try:
        kept = json.loads(entry.read_text(encoding="utf-8"))
        files = {COLLECTION_FILE: str(kept["collect"]),
                 COLLECTION_RESULTS: str(kept["results"])}
        work_dir.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (work_dir / name).write_text(text, encoding="utf-8")
        return read_collection(work_dir)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _keep(entry: Path, work_dir: Path) -> None:
    """Keep the pass's files under ``entry`` (written whole or not at all); the oldest
    collections beyond the newest ``_KEPT`` are removed."""
    results = work_dir / COLLECTION_RESULTS
    text = json.dumps({
        "collect": (work_dir / COLLECTION_FILE).read_text(encoding="utf-8"),
        "results": results.read_text(encoding="utf-8") if results.exists() else "",
    })
    write_whole(entry, text)
    kept = sorted(entry.parent.glob("run-*.json"), key=_mtime, reverse=True)
    for old in kept[_KEPT:]:
        old.unlink(missing_ok=True)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return 0.0
