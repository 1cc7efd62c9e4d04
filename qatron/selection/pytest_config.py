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

import configparser
import fnmatch
import posixpath
import shlex
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

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
