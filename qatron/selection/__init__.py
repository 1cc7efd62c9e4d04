"""Change-based test selection: run what a change can break, and say why.

    >>> selection = select_tests(Path("payment-service"), base="origin/main")
    >>> selection.nodeids()[:2], selection.skipped, selection.fallbacks

The changed files come from git (:func:`changed_files`); tests are chosen by
the coverage map of earlier runs where it is current, the static import
graph elsewhere, the application's mapping rules, and run history.
"""

from qatron.selection.git import ChangedFile, changed_files
from qatron.selection.model import SelectedTest, Selection, TestHistory
from qatron.selection.select import select_tests

__all__ = ["ChangedFile", "SelectedTest", "Selection", "TestHistory", "changed_files",
           "select_tests"]
