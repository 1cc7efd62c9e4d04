"""Change-based test selection: run what a change can break, and say why.

    >>> selection = select_tests(Path("payment-service"), base="origin/main")
    >>> selection.nodeids()[:2], selection.skipped, selection.fallbacks

The changed files come from git (:func:`changed_files`); tests are chosen by
the coverage map of earlier runs where it is current, the static import
graph elsewhere, the application's mapping rules, and run history.

Names are imported when first used (PEP 562), so a module of the package
(``qatron.selection.settings``, ``qatron.selection.git``) loads without the engine.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qatron.selection.git import ChangedFile, changed_files
    from qatron.selection.model import SelectedTest, Selection, TestHistory
    from qatron.selection.select import select_tests

_EXPORTS = {
    "ChangedFile": "qatron.selection.git",
    "changed_files": "qatron.selection.git",
    "SelectedTest": "qatron.selection.model",
    "Selection": "qatron.selection.model",
    "TestHistory": "qatron.selection.model",
    "select_tests": "qatron.selection.select",
}

__all__ = ["ChangedFile", "SelectedTest", "Selection", "TestHistory", "changed_files",
           "select_tests"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'qatron.selection' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
