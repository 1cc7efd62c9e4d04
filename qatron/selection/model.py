"""What selection returns: the chosen tests in priority order, with their reasons.

A test's priority is the weight of its strongest reason (below), nudged by
its history; higher runs first. The order follows "likeliest to fail first".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from qatron.selection.git import ChangedFile

#: Reason weights, strongest first.
FAILED_LAST_RUN = 100.0
FLAKY = 90.0
NEW_TEST_FILE = 80.0
TEST_CHANGED = 78.0
TEST_FILE_CHANGED = 75.0
DIRECT_IMPORT = 65.0
COVERAGE = 60.0
IMPORT_GRAPH = 55.0
MAPPING_RULE = 30.0
EVERYTHING = 20.0
ALWAYS_RUN = 10.0
_MAX_REASONS = 8


@dataclass(frozen=True)
class TestHistory:
    """What earlier runs say about one test (fed from the results store).

    ``spurious``: its failures were none of its own (infrastructure, an
    unstable parametrised id), so they give it no priority.
    """

    __test__ = False

    last_outcome: str | None = None
    failed_recently: bool = False
    flaky_score: float = 0.0
    mean_duration: float | None = None
    spurious: bool = False


@dataclass
class SelectedTest:
    """One selected test (node id or test file), why, and how urgently."""

    nodeid: str
    reasons: list[str] = field(default_factory=list)
    priority: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {"nodeid": self.nodeid, "reasons": self.reasons, "priority": self.priority}


@dataclass
class Selection:
    """The selected tests, likeliest to fail first, and how the choice was made."""

    selected: list[SelectedTest]
    skipped: int
    total: int
    fallbacks: list[str]
    changed: list[ChangedFile]
    base: str = ""
    head: str | None = None

    def nodeids(self) -> list[str]:
        """The selected node ids, in priority order."""
        return [test.nodeid for test in self.selected]

    def to_json(self) -> dict[str, Any]:
        """What ``qatron select --format json`` prints."""
        return {"base": self.base, "head": self.head,
                "selected": [test.to_json() for test in self.selected],
                "skipped": self.skipped, "total": self.total, "fallbacks": self.fallbacks,
                "changed": [change.to_json() for change in self.changed]}


class Ballot:
    """Reasons collected per node id while deciding; the strongest weight wins."""

    def __init__(self) -> None:
        self._weights: dict[str, float] = {}
        self._reasons: dict[str, list[str]] = {}

    def __len__(self) -> int:
        return len(self._weights)

    def add(self, nodeids: list[str], reason: str, weight: float) -> None:
        """Give each node id this reason; its priority is its strongest reason's weight."""
        for nodeid in nodeids:
            self._weights[nodeid] = max(weight, self._weights.get(nodeid, 0.0))
            reasons = self._reasons.setdefault(nodeid, [])
            if reason not in reasons:
                reasons.append(reason)

    def ranked(self, history: dict[str, TestHistory]) -> list[SelectedTest]:
        """Selected tests, highest priority first; ties by history, then node id."""
        tests = [SelectedTest(nodeid, _trim(self._reasons[nodeid]),
                              round(weight + _nudge(history.get(nodeid)), 3))
                 for nodeid, weight in self._weights.items()]
        return sorted(tests, key=lambda t: (-t.priority, _duration(history.get(t.nodeid)),
                                            t.nodeid))


def _nudge(record: TestHistory | None) -> float:
    """Up to +5 for a test with a troubled history."""
    if record is None:
        return 0.0
    return (2.0 if record.failed_recently else 0.0) + 3.0 * min(max(record.flaky_score, 0), 1)


def _duration(record: TestHistory | None) -> float:
    """Faster tests first among equals; unknown durations last."""
    if record is None or record.mean_duration is None:
        return float("inf")
    return record.mean_duration


def _trim(reasons: list[str]) -> list[str]:
    if len(reasons) <= _MAX_REASONS:
        return reasons
    return [*reasons[:_MAX_REASONS], f"… and {len(reasons) - _MAX_REASONS} more reasons"]
