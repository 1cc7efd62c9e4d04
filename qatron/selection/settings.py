"""What selection reads of an application's ``selection:`` settings, and their defaults.

    >>> select_tests(app_dir, "HEAD")                       # DEFAULT_SETTINGS
    >>> select_tests(app_dir, "HEAD", rules=application.selection)  # from qatron.yml

qatron.yml's ``selection:`` is validated by :class:`qatron.config_selection.SelectionRules`;
the engine reads any object of the shape of :class:`Settings`, so a folder without
qatron.yml is selected in without loading pydantic or the configuration models.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

__all__ = ["DEFAULT_IGNORE", "DEFAULT_RUN_ALL_ON", "DEFAULT_SETTINGS", "MappingRule",
           "Settings"]

#: A change to one of these (beside the application) selects every test.
DEFAULT_RUN_ALL_ON = [
    "conftest.py", "requirements*.txt", "pyproject.toml", "setup.cfg", "setup.py", "tox.ini",
    "pytest.ini", "qatron.yml", "uv.lock", "poetry.lock",
]
#: A change to one of these selects nothing.
DEFAULT_IGNORE = [
    "*.md", "*.rst", "*.adoc", "LICENSE*", "COPYING*", "NOTICE*", "AUTHORS*", "CHANGELOG*",
    "CHANGES*", "HISTORY*", ".gitignore", ".gitattributes", ".editorconfig", ".github/**",
    "docs/**/*.png", "docs/**/*.jpg", "docs/**/*.jpeg", "docs/**/*.gif", "docs/**/*.svg",
    "docs/**/*.ico", "docs/**/*.webp", "__pycache__", "*.pyc", ".pytest_cache", ".mypy_cache",
    ".ruff_cache", ".hypothesis", ".tox", ".nox", ".venv", ".qatron", "htmlcov", ".coverage",
    ".coverage.*", ".testmondata*", "*.egg-info", ".DS_Store",
]


class MappingRule(Protocol):
    """A changed path matching ``source_pattern`` selects the tests ``test_pattern`` names."""

    @property
    def source_pattern(self) -> str: ...

    @property
    def test_pattern(self) -> str: ...


class Settings(Protocol):
    """How an application's changes map to its tests (see README, "Change-based selection")."""

    @property
    def rules(self) -> Sequence[MappingRule]: ...

    @property
    def always_run(self) -> Sequence[str]: ...

    @property
    def run_all_on(self) -> Sequence[str]: ...

    @property
    def ignore(self) -> Sequence[str]: ...

    @property
    def source_roots(self) -> Sequence[str]: ...

    @property
    def test_roots(self) -> Sequence[str]: ...


@dataclass(frozen=True)
class _Defaults:
    """The settings of an application without a ``selection:`` of its own."""

    rules: tuple[MappingRule, ...] = ()
    always_run: tuple[str, ...] = ()
    run_all_on: tuple[str, ...] = tuple(DEFAULT_RUN_ALL_ON)
    ignore: tuple[str, ...] = tuple(DEFAULT_IGNORE)
    source_roots: tuple[str, ...] = (".",)
    test_roots: tuple[str, ...] = ()


#: What ``select_tests`` uses when given no settings.
DEFAULT_SETTINGS: Settings = _Defaults()
