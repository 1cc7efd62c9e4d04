"""pytest-bdd inside the test process: which scenario a test is, and feature tags as markers.

Imported by :mod:`qatron.pytest_plugin` relatively, so standard library and pytest only;
pytest-bdd itself is read only when the test process has loaded it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import pytest

#: Folders never searched for feature files.
_SKIPPED_DIRS = {"node_modules", "venv", "site-packages", "__pycache__"}


def scenario_of(item: pytest.Item, base: Path) -> dict[str, Any] | None:
    """``{feature, name, line}`` of the pytest-bdd scenario ``item`` runs, else None.

    ``feature`` is the feature file relative to ``base`` (the application's folder) when
    it lies inside it. pytest-bdd 8 and 9 keep the scenario in a registry keyed by the
    test function; older releases put it on the function as ``__scenario__``.
    """
    function = getattr(item, "obj", None) if isinstance(item, pytest.Function) else None
    if function is None:
        return None
    module = sys.modules.get("pytest_bdd.scenario")
    registry = getattr(module, "scenario_wrapper_template_registry", None) or {}
    template = registry.get(function) or getattr(function, "__scenario__", None)
    feature = getattr(template, "feature", None)
    if template is None or feature is None:
        return None
    path = Path(str(feature.filename)).resolve()
    shown = path.relative_to(base.resolve()) if path.is_relative_to(base.resolve()) else path
    return {"feature": shown.as_posix(), "name": str(template.name),
            "line": int(template.line_number)}


def register_feature_tags(config: pytest.Config) -> None:
    """Register every tag of the feature files under the rootdir as a marker, so that
    ``--strict-markers`` accepts the markers pytest-bdd makes of them."""
    known = {line.split(":")[0].split("(")[0].strip() for line in config.getini("markers")}
    for tag in sorted(feature_tags(config.rootpath) - known):
        config.addinivalue_line("markers", f"{tag}: a tag of a Gherkin feature")


def feature_tags(root: Path) -> set[str]:
    """The tags (``@name`` on tag lines) of the ``.feature`` files under ``root``."""
    tags: set[str] = set()
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in _SKIPPED_DIRS]
        for name in files:
            if name.endswith(".feature"):
                tags |= _tags_in(Path(folder, name))
    return tags


def _tags_in(path: Path) -> set[str]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return set()
    tags: set[str] = set()
    for line in lines:
        text = line.split(" #")[0].strip()
        if text.startswith("@"):
            tags |= {word[1:] for word in text.split() if word.startswith("@") and word[1:]}
    return tags
