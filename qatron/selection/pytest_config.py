"""What a project's configuration files tell pytest: its options, read from each format.

``pyproject.toml`` (``[tool.pytest.ini_options]``, ``[tool.pytest]``),
``pytest.ini`` and ``tox.ini`` (``[pytest]``), ``setup.cfg``
(``[tool:pytest]``); tox's ``commands`` too, since they are how many
projects run their suite (``pytest --doctest-modules src``)::

    >>> doctests_of({"pytest.ini": b"[pytest]\\naddopts = --doctest-modules"})
    Doctests(modules=True, globs=())

A file that does not parse counts as asking for doctests everywhere (the safe side).
"""

from __future__ import annotations

import ast
import configparser
import fnmatch
import posixpath
import shlex
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from qatron.selection.lines import parse

_SCRIPT_GROUPS = ("console_scripts", "gui_scripts", "pytest11")
_PLUGIN_GROUPS = ("pytest11",)
_INI_SECTIONS = {"pytest.ini": ("pytest",), "tox.ini": ("pytest",), "setup.cfg": ("tool:pytest",)}


@dataclass(frozen=True)
class Doctests:
    """Whether pytest collects doctests from modules, and the text files it collects."""

    modules: bool = False
    globs: tuple[str, ...] = ()

    def text_file(self, path: str) -> bool:
        """Whether ``path`` is collected whole as a doctest text file."""
        name = posixpath.basename(path)
        return any(fnmatch.fnmatch(name, glob) for glob in self.globs)


def doctests_of(configs: Mapping[str, bytes | None]) -> Doctests:
    """The doctest options of these configuration files (path → content)."""
    options: list[str] = []
    for path, text in configs.items():
        found = pytest_options(path, text)
        if found is None:
            return Doctests(modules=True, globs=("*.py",))
        options += found
    globs = [option.partition("=")[2] for option in options
             if option.startswith("--doctest-glob=")]
    globs += [after for before, after in zip(options, options[1:], strict=False)
              if before == "--doctest-glob"]
    return Doctests(modules="--doctest-modules" in options, globs=tuple(globs))


def pytest_options(path: str, text: bytes | None) -> list[str] | None:
    """The command-line options one configuration file gives pytest (None: unreadable)."""
    if text is None:
        return []
    name = posixpath.basename(path)
    try:
        if name == "pyproject.toml":
            return _toml_options(tomllib.loads(text.decode("utf-8")))
        if name in _INI_SECTIONS:
            return _ini_options(ini_parser(text), _INI_SECTIONS[name])
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, configparser.Error, ValueError):
        return None
    return []


def ini_parser(text: bytes) -> configparser.RawConfigParser:
    """An INI file as pytest and setuptools read it (no interpolation, duplicates allowed)."""
    parser = configparser.RawConfigParser(strict=False, interpolation=None)
    parser.read_string(text.decode("utf-8"))
    return parser


def _toml_options(data: dict[str, Any]) -> list[str]:
    tool = data.get("tool", {})
    pytest = tool.get("pytest", {}) if isinstance(tool, dict) else {}
    if not isinstance(pytest, dict):
        return []
    tables = [pytest.get("ini_options", {}), pytest]
    return [option for table in tables if isinstance(table, dict)
            for option in _split(table.get("addopts"))]


def _ini_options(parser: configparser.RawConfigParser, sections: tuple[str, ...]) -> list[str]:
    options = [option for section in sections if parser.has_section(section)
               for option in _split(parser.get(section, "addopts", fallback=""))]
    for section in parser.sections():
        if section == "tox" or section.startswith(("testenv", "tox:")):
            options += _split(parser.get(section, "commands", fallback=""))
    return options


def _split(value: object) -> list[str]:
    if isinstance(value, list):
        return [str(item) for item in value]
    if not isinstance(value, str):
        return []
    try:
        return shlex.split(value)
    except ValueError:
        return value.split()


def parts_run_by_tests(path: str, text: bytes, scripts: bool = True) -> bytes:
    """The parts of a configuration file that decide what the tests' processes run.

    pytest's own settings and ``pytest11`` plugins count, and console scripts
    unless ``scripts`` is False (no test starts a process: a script then runs
    only where the tests call it, which the coverage map sees); lint,
    type-checker, formatter and coverage settings, and other tools' entry
    points, do not. A file that does not parse counts whole; so do qatron.yml
    (its service commands) and anything else.
    """
    name = posixpath.basename(path)
    try:
        if name == "pyproject.toml":
            values = _toml_run(tomllib.loads(text.decode("utf-8")), scripts)
        elif name in _INI_SECTIONS:
            values = _ini_run(ini_parser(text), _INI_SECTIONS[name], scripts)
        elif name == "setup.py":
            found = _setup_py_run(text, scripts)
            if found is None:
                return text
            values = found
        else:
            return text
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, configparser.Error, ValueError):
        return text
    return "\n".join(f' "{value}"' for value in values).encode()


def _toml_run(data: dict[str, Any], scripts: bool) -> list[str]:
    project, tool = _table(data, "project"), _table(data, "tool")
    poetry = _table(tool, "poetry")
    tables = [_table(tool, "pytest"), _table(_table(project, "entry-points"), "pytest11"),
              _table(_table(poetry, "plugins"), "pytest11")]
    if scripts:
        tables += [_table(project, "scripts"), _table(project, "gui-scripts"),
                   _table(poetry, "scripts")]
    return [value for table in tables for value in _strings(table)]


def _ini_run(parser: configparser.RawConfigParser, sections: tuple[str, ...],
             scripts: bool) -> list[str]:
    found = [value for section in sections if parser.has_section(section)
             for _, value in parser.items(section)]
    if parser.has_section("options.entry_points"):
        found += [parser.get("options.entry_points", group) for group in _groups(scripts)
                  if parser.has_option("options.entry_points", group)]
    if scripts and parser.has_option("options", "scripts"):
        found.append(parser.get("options", "scripts"))
    return [line.strip() for value in found for line in value.splitlines() if line.strip()]


def _setup_py_run(text: bytes, scripts: bool) -> list[str] | None:
    """Scripts and pytest plugins of a ``setup()`` call; None if not all literal."""
    tree = parse(text)
    if isinstance(tree, SyntaxError):
        return None
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "entry_points" \
                and not isinstance(node.value, ast.Dict):
            return None
        if scripts and isinstance(node, ast.keyword) and node.arg == "scripts":
            found += _constants(node.value)
        if isinstance(node, ast.Dict):
            found += [text for key, value in zip(node.keys, node.values, strict=True)
                      if isinstance(key, ast.Constant) and key.value in _groups(scripts)
                      for text in _constants(value)]
    return found


def _groups(scripts: bool) -> tuple[str, ...]:
    """The entry point groups whose modules the tests may run."""
    return _SCRIPT_GROUPS if scripts else _PLUGIN_GROUPS


def _constants(node: ast.AST) -> list[str]:
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant)
            and isinstance(n.value, str)]


def _table(data: object, key: str) -> dict[str, Any]:
    found = data.get(key) if isinstance(data, dict) else None
    return found if isinstance(found, dict) else {}


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []
