"""Quarantined tests: they run and are reported, but their failures do not fail the run.

    >>> notes = apply_quarantine(project.config.quarantine, summary_results, today)
    >>> [r.nodeid for r in summary_results if r.quarantined]
    ['tests/e2e/test_checkout.py::test_coupon']

A quarantine holds until the end of its ``until`` day (UTC); after that it is
ignored, and every run of the test says so ("quarantine of X expired on …")
until someone fixes the test or extends the date in ``qatron.yml``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from qatron.models import TestResult

if TYPE_CHECKING:
    from qatron.config import Quarantine


@dataclass(frozen=True)
class QuarantineMatch:
    """A quarantine entry that covered one of the run's tests, and whether it had expired."""

    nodeid: str
    test: str
    owner: str
    reason: str
    until: str  # ISO date
    expired: bool

    def note(self) -> str:
        """What a run says about an expired quarantine."""
        return (f"quarantine of {self.nodeid} expired on {self.until} "
                f"(owner {self.owner}): its failures count again")

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> QuarantineMatch:
        return cls(**{key: data[key] for key in cls.__dataclass_fields__})


def today_utc() -> datetime.date:
    return datetime.datetime.now(datetime.UTC).date()


def apply_quarantine(entries: Iterable[Quarantine], results: Iterable[TestResult],
                     today: datetime.date | None = None) -> list[QuarantineMatch]:
    """Mark the results an unexpired entry covers as ``quarantined``; return every match."""
    today = today or today_utc()
    entries = list(entries)
    matches = []
    for result in results:
        entry = next((e for e in entries if e.covers(result.nodeid)), None)
        if entry is None:
            continue
        expired = entry.until < today
        result.quarantined = not expired
        matches.append(QuarantineMatch(nodeid=result.nodeid, test=entry.test, owner=entry.owner,
                                       reason=entry.reason, until=entry.until.isoformat(),
                                       expired=expired))
    return matches


def restore_quarantine(matches: Iterable[QuarantineMatch], results: Iterable[TestResult]) -> None:
    """Set ``quarantined`` again on results loaded from the store (see RunSummary.quarantine)."""
    active = {match.nodeid for match in matches if not match.expired}
    for result in results:
        result.quarantined = result.nodeid in active


def expiry_notes(matches: Iterable[QuarantineMatch]) -> list[str]:
    """One line per expired quarantine, each test once."""
    return list(dict.fromkeys(match.note() for match in matches if match.expired))
