"""Which files name a data file or a module.

Data files are named by string literals holding their names: ``"users.json"``,
``"data/users.json"`` and ``Path(...) / "users.json"`` all name
``data/users.json``; so does QAtron's ``load_data_fixture("users")`` for a
JSON/YAML file under a ``data/`` folder, and ``get_test_data(...)`` for
``data/…/test_data.yml``. A file read by a computed name is found by no one,
and then selection runs everything.

Modules named in configuration files (``-m services.api`` in a qatron.yml
service command, ``pkg.plugin`` as a pytest plugin, a console script when some
test starts processes) run outside the tests' own imports, so a change they
import may affect any test.
Only the parts that decide what the tests run are read (see
``pytest_config.parts_run_by_tests``): a ruff or mypy setting naming a file does not.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Mapping

from qatron.selection.pytest_config import parts_run_by_tests
from qatron.selection.snapshot import Snapshot

_FIXTURE_SUFFIXES = (".json", ".yml", ".yaml")
CONFIG_FILES = ("qatron.yml", "pyproject.toml", "setup.cfg", "setup.py", "tox.ini", "pytest.ini")
_OPTION_NAME = re.compile(rb"(?:^|\s)-[mp]\s*([A-Za-z_][\w.]*)")
_DOTTED_NAME = re.compile(rb"(?<![\w./-])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)(?![\w/-])")
_ENTRY_POINT = re.compile(rb"[\s'\"=]([A-Za-z_][\w.]*):[A-Za-z_]\w*")
_PY_PATH = re.compile(rb"(?<![\w./-])((?:\.{0,2}/)?[\w./-]+\.py)(?![\w/-])")


def referencing(texts: Mapping[str, bytes | None], files: list[str],
                names: dict[str, list[str]] | None = None) -> dict[str, list[str]]:
    """For each file (repository-relative), the modules (of ``texts``) whose text names it.

    ``names``: dotted module names a file also goes by (``"scripts.report"``).
    """
    finders = {path: _finders(path, (names or {}).get(path, [])) for path in files}
    needles = {needle for found in finders.values() for needle, _ in found}
    found: dict[str, list[str]] = {path: [] for path in files}
    if not needles:
        return found
    for module, text in texts.items():
        if text is None or not any(needle in text for needle in needles):
            continue
        for path, pairs in finders.items():
            if any(needle in text and regex.search(text) for needle, regex in pairs):
                found[path].append(module)
    return found


def _finders(path: str, dotted: list[str]) -> list[tuple[bytes, re.Pattern[bytes]]]:
    """(cheap substring, confirming regex) pairs that find a reference to ``path``."""
    name = posixpath.basename(path)
    stem, suffix = posixpath.splitext(name)
    quoted = rb"['\"](?:[^'\"\n]*[/\\])?" + re.escape(name.encode()) + rb"['\"]"
    pairs = [(name.encode(), re.compile(quoted))]
    for module in (n for n in dotted if "." in n):
        literal = rb"['\"]" + re.escape(module.encode()) + rb"(?::[\w.]+)?['\"]"
        pairs.append((module.encode(), re.compile(literal)))
    if suffix in _FIXTURE_SUFFIXES and "data" in path.split("/")[:-1]:
        call = rb"load_data_fixture\(\s*['\"]" + re.escape(stem.encode()) + rb"['\"]"
        pairs.append((b"load_data_fixture", re.compile(call)))
        if stem == "test_data":
            pairs.append((b"get_test_data", re.compile(rb"\bget_test_data\(")))
    return pairs


def configured_modules(snapshot: Snapshot, configs: list[str], names: dict[str, list[str]],
                       spawning: Callable[[], bool] = lambda: True) -> dict[str, str]:
    """Python files (repository-relative) named in these configuration files → that file.

    Console scripts count only if ``spawning()``: some test may start a process.
    """
    found: dict[str, str] = {}
    scripts: bool | None = None
    for config, text in snapshot.read(configs).items():
        if text is None:
            continue
        run, without = parts_run_by_tests(config, text), parts_run_by_tests(config, text, False)
        if run != without and scripts is None:
            scripts = spawning()
        text = run if scripts or run == without else without
        folder = posixpath.dirname(config)
        for name in _module_names(text):
            for module in names.get(name, ()):
                found.setdefault(module, config)
        for match in _PY_PATH.finditer(text):
            path = posixpath.normpath(posixpath.join(folder, match[1].decode("utf-8", "replace")))
            found.setdefault(path, config)
    return found


def _module_names(text: bytes) -> set[str]:
    raw = [m[1] for regex in (_OPTION_NAME, _DOTTED_NAME, _ENTRY_POINT)
           for m in regex.finditer(text)]
    return {name.decode("utf-8", "replace") for name in raw}


#: Words of code that starts another process (where a console script may run unseen).
_SPAWNS = (b"subprocess", b"Popen", b"os.system", b"os.exec", b"os.spawn", b"pexpect",
           b"script_runner", b"runpy", b"multiprocessing", b"pty.spawn")


def starts_processes(snapshot: Snapshot, paths: list[str]) -> bool:
    """Whether one of these files (the tests and their helpers) may start a process."""
    return any(text is not None and any(word in text for word in _SPAWNS)
               for text in snapshot.read(paths).values())
