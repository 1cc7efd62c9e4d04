"""Which failed tests get a suite's reruns (``retry_on``), decided per test.

    >>> policy = RetryPolicy(on=frozenset({RetryOn.FLAKY_CANDIDATE}),
    ...                      candidates=frozenset({"tests/test_a.py::test_b"}))
    >>> policy.wants(result)        # a failure of a known-flaky test: rerun it
    True

``retry_on`` values:

* ``failed``: every failed or errored test (the default, and what a suite
  without ``retry_on`` does);
* ``flaky_candidate``: failures of tests whose flakiness score in the store's
  history is above the suite's ``flaky_threshold``, or that carry
  ``@pytest.mark.flaky_candidate``;
* ``infrastructure_error``: tests that ended as ERROR (a fixture's setup or
  teardown failed) and the tests a crashed shard process never finished.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from qatron.models import Outcome, TestResult

if TYPE_CHECKING:
    from qatron.config import Suite
    from qatron.store import ResultsStore

#: The pytest marker that makes a test a flaky candidate whatever its history.
FLAKY_MARKER = "flaky_candidate"


class RetryOn(StrEnum):
    """What kind of failure a suite's ``retries`` are spent on."""

    FAILED = "failed"
    FLAKY_CANDIDATE = "flaky_candidate"
    INFRASTRUCTURE_ERROR = "infrastructure_error"


@dataclass(frozen=True)
class RetryPolicy:
    """``on``: the suite's ``retry_on``; ``candidates``: node ids flaky by history."""

    on: frozenset[RetryOn] = frozenset({RetryOn.FAILED})
    candidates: frozenset[str] = frozenset()

    @property
    def reruns_lost(self) -> bool:
        """Whether tests lost in a crashed shard process are run again."""
        return RetryOn.INFRASTRUCTURE_ERROR in self.on

    def wants(self, result: TestResult) -> bool:
        """Whether this failed result gets another attempt."""
        if not result.outcome.is_failure:
            return False
        if RetryOn.FAILED in self.on:
            return True
        if RetryOn.INFRASTRUCTURE_ERROR in self.on and result.outcome is Outcome.ERROR:
            return True
        return RetryOn.FLAKY_CANDIDATE in self.on and (
            result.nodeid in self.candidates or FLAKY_MARKER in result.markers)


def retry_policy(suite: Suite, store: ResultsStore, project: str) -> RetryPolicy:
    """The suite's policy; flaky candidates (by the project's history of every suite)
    are read from the store only when the suite asks for them."""
    on = frozenset(suite.retry_on)
    candidates: frozenset[str] = frozenset()
    if suite.retries and RetryOn.FLAKY_CANDIDATE in on:
        scores = store.flakiness(project, last=suite.flaky_history)
        candidates = frozenset(n for n, r in scores.items() if r.score > suite.flaky_threshold)
    return RetryPolicy(on=on, candidates=candidates)
