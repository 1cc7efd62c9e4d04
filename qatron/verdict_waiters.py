"""Who waits for a run's verdict, not for its reports.

    with waiting_for(run_id, lambda verdict: print(verdict.status)):
        ...                                   # the run-suite flow runs the run

The run-suite flow asks :func:`verdict_awaited` once the verdict is decided: when someone
waits for it (a ``qatron run`` on the warm worker without ``--wait-reports``), the flow
records the verdict and writes the JUnit XML first, hands the verdict over
(:func:`announce_verdict`), and only then writes the HTML report, analyses the failures
and uploads the artifacts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qatron.verdict import Verdict

__all__ = ["announce_verdict", "verdict_awaited", "waiting_for"]

_waiting: dict[int, Callable[[Verdict], None]] = {}


@contextmanager
def waiting_for(run_id: int, callback: Callable[[Verdict], None]) -> Iterator[None]:
    """Have ``callback`` called with run ``run_id``'s verdict once it is recorded, while
    the body runs."""
    _waiting[run_id] = callback
    try:
        yield
    finally:
        _waiting.pop(run_id, None)


def verdict_awaited(run_id: int) -> bool:
    """Whether someone waits for run ``run_id``'s verdict."""
    return run_id in _waiting


def announce_verdict(run_id: int, verdict: Verdict) -> None:
    """Tell whoever waits for run ``run_id``'s verdict (once); nothing if no one does."""
    callback = _waiting.pop(run_id, None)
    if callback is not None:
        callback(verdict)
