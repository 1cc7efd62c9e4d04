"""The installed package a run's tests exercise, when the product under test is a library.

A project's own suite often runs against the project installed into a virtualenv (``pip
install .`` then ``pytest``): its code is then in ``site-packages`` like any dependency's,
and an error raised there reads as a library's. Across one run the test bodies of such a
suite call into that one package more often than into any other and than into their own
code: it is the product.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from qatron.failures.frames import Frame, frames, is_library, is_test_path, site_package
from qatron.failures.model import Failure


def packages_under_test(failures: Iterable[Failure]) -> dict[str, frozenset[str]]:
    """Per run (:attr:`Failure.run`), the installed package its tests exercise: the one
    test bodies call directly in more failures than any other and than their project's
    own code, in at least half of the run's failures whose test body calls out."""
    entries: dict[str, Counter[str]] = defaultdict(Counter)
    for failure in failures:
        if failure.phase == "call":  # fixtures call drivers and servers the tests set up
            entries[failure.run][entered(frames(failure.traceback))] += 1
    found: dict[str, frozenset[str]] = {}
    for run, counted in entries.items():
        counted.pop("", None)
        if not counted:
            continue
        package, count = counted.most_common(1)[0]
        if package != "<own>" and 2 * count >= sum(counted.values()):
            found[run] = frozenset({package})
    return found


def entered(listed: list[Frame]) -> str:
    """What test code called first in ``listed`` (outermost first): an installed package,
    ``<own>`` (the project's code outside tests) or ``""`` (nothing: the error was raised
    in the test itself, or in the standard library)."""
    for caller, called in zip(listed, listed[1:], strict=False):
        if not is_test_path(caller.path) or is_test_path(called.path):
            continue
        if not is_library(called.path):
            return "<own>"
        installed = site_package(called.path)
        if installed:
            return installed
    return ""
