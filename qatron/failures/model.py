"""What failure analysis reads and what it decides."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from qatron.junit import JunitTest, JunitVerdict, captured_sections, read_tests
from qatron.models import Outcome, TestResult


@dataclass
class Failure:
    """One failed or errored test, from QAtron's results or any runner's JUnit XML.

    ``phase`` is where it failed: ``collection``, ``setup`` (a fixture), ``call`` (the
    test body) or ``teardown``. ``services`` maps each of the environment's services to
    ``ok`` or what its health check said at the time. ``log``, ``stdout`` and ``stderr``
    are what the test captured; ``output`` is the tail QAtron keeps when they are not
    told apart. ``reruns`` are the messages of earlier failed attempts of the same test
    in the same run; ``run`` names the run (a run id, or the file it was read from).
    """

    nodeid: str
    message: str = ""
    traceback: str = ""
    output: str = ""
    phase: str = "call"
    duration: float = 0.0
    attempts: int = 1
    flaky: bool = False
    flakiness: float = 0.0
    shard_index: int = 0
    services: dict[str, str] = field(default_factory=dict)
    source: str = ""
    classname: str = ""
    name: str = ""
    log: str = ""
    stdout: str = ""
    stderr: str = ""
    reruns: list[str] = field(default_factory=list)
    run: str = ""

    @property
    def test_file(self) -> str:
        return self.nodeid.split("::", 1)[0]

    @classmethod
    def from_result(cls, result: TestResult, services: dict[str, str] | None = None,
                    flakiness: float = 0.0, run: str = "") -> Failure:
        """A failed (or flaky) test of QAtron's own results; ``run`` names its run."""
        return cls(nodeid=result.nodeid, message=result.message, traceback=result.traceback,
                   output=result.output_tail,
                   phase=result_phase(result.nodeid, result.message,
                                      error=result.outcome is Outcome.ERROR),
                   duration=result.duration, attempts=result.attempts, flaky=result.flaky,
                   flakiness=flakiness, shard_index=result.shard_index,
                   services=dict(services or {}), run=run)

    @classmethod
    def from_junit(cls, test: JunitTest, source: str) -> Failure:
        """A failed, errored or flaky test read from a JUnit file (see ``read_failures``)."""
        result = test.result
        failed = test.failed_attempts()
        # what it ended with: its last failure, or, flaky, the first; the rest came before
        primary = (failed[0] if result.flaky else failed[-1]) if failed else None
        reruns = failed if result.flaky else failed[:-1]
        log, stdout, stderr = captured_sections(test.cases)
        first = test.cases[0]
        return cls(nodeid=result.nodeid, message=primary.summary if primary else result.message,
                   traceback=primary.text if primary else result.traceback,
                   output=result.output_tail, phase=_junit_phase(test, primary),
                   duration=result.duration, attempts=result.attempts, flaky=result.flaky,
                   shard_index=result.shard_index, source=source, classname=first.classname,
                   name=first.name, log=log, stdout=stdout, stderr=stderr,
                   reruns=[verdict.summary for verdict in reruns],
                   run=first.run or source)


def _junit_phase(test: JunitTest, primary: JunitVerdict | None) -> str:
    return next((case.phase for case in test.cases if case.verdict is primary), "call")


def result_phase(nodeid: str, message: str, *, error: bool) -> str:
    """Where a test of QAtron's own results failed: an error is in ``setup`` unless its
    message says ``teardown`` or it is a module that failed to import (``collection``)."""
    if not error:
        return "call"
    if message.startswith("failed on teardown"):
        return "teardown"
    if message == "collection failure" or "::" not in nodeid:
        return "collection"
    return "setup"


def read_failures(path: Path) -> list[Failure]:
    """The failed, errored and flaky tests of any runner's JUnit XML file (see
    ``qatron.junit``), with their whole evidence: traceback, captured log, stdout and
    stderr, phase, the messages of earlier failed attempts, and the run.

    A test that failed and then passed on a rerun is a ``Failure`` with ``flaky`` set.
    Raises ``ConfigError`` naming the file when it is missing, not JUnit XML or declares
    a DOCTYPE.
    """
    return [Failure.from_junit(test, str(path)) for test in read_tests(path)
            if test.result.outcome.is_failure or test.result.flaky]


@dataclass
class Verdict:
    """A failure's category, how sure, and why (the rule or signal that decided)."""

    category: str
    confidence: float
    evidence: str


@dataclass
class Analysed:
    """One failure with its verdict, cluster, team and the hint for its cluster."""

    failure: Failure
    category: str
    confidence: float
    evidence: str
    cluster: str
    fingerprint: str
    team: str
    team_evidence: str
    suggestion: str = ""

    def to_json(self) -> dict[str, Any]:
        data = {key: value for key, value in asdict(self).items() if key != "failure"}
        failure = self.failure
        return {"nodeid": failure.nodeid, "source": failure.source, "run": failure.run,
                "classname": failure.classname, "name": failure.name, "phase": failure.phase,
                "flaky": failure.flaky, "attempts": failure.attempts,
                "message": failure.message, **data}


@dataclass
class Cluster:
    """Failures with one root cause: a representative, its tests and a hint."""

    id: str
    fingerprint: str
    category: str
    team: str
    representative: str
    suggestion: str
    tests: list[str] = field(default_factory=list)
    count: int = 0
    first_seen: float | None = None
    last_seen: float | None = None
    #: How many runs it appeared in, this one included (see analyse.recall).
    runs: int = 1

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Analysis:
    """Every failure of a run (or of some JUnit files), and their clusters."""

    failures: list[Analysed] = field(default_factory=list)
    clusters: list[Cluster] = field(default_factory=list)

    def by(self, key: str) -> dict[str, list[Analysed]]:
        """Failures grouped by ``category``, ``cluster`` or ``team``, largest group first."""
        groups: dict[str, list[Analysed]] = {}
        for item in self.failures:
            groups.setdefault(str(getattr(item, key)), []).append(item)
        return dict(sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])))
