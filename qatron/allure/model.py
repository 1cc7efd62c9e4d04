"""One QAtron test result as an Allure 2 result (``<uuid>-result.json``), built as allure-pytest
builds it: ``fullName`` ``package.Class#test``, ``testCaseId`` the MD5 of ``fullName``,
``historyId`` the MD5 of ``fullName`` and the parameter id, suite labels from the node id.

    >>> names = TestNames.of("tests/api/test_orders.py::TestRefund::test_state[eur-2]")
    >>> names.full_name, names.parameter
    ('tests.api.test_orders.TestRefund#test_state', 'eur-2')
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from qatron.models import Outcome, TestResult

#: Exception types whose failure is a failed check (Allure ``failed``); others are ``broken``.
ASSERTIONS = frozenset({"AssertionError", "Failed", "AssertError", "AssertionFailedError",
                        "ComparisonFailure", "DocTestFailure"})
#: pytest's own marks: not tags.
PYTEST_MARKS = frozenset({"parametrize", "pytestmark", "usefixtures", "filterwarnings", "skip",
                          "skipif", "xfail", "tryfirst", "trylast"})
_PARAMETER = re.compile(r"^(?P<name>[^\[]*)\[(?P<id>.*)\]$", re.DOTALL)


def md5(*parts: str) -> str:
    """allure-python-commons' ``md5``: the digest of the parts' UTF-8 bytes in a row."""
    digest = hashlib.md5(usedforsecurity=False)
    for part in parts:
        digest.update(part.encode("utf-8"))
    return digest.hexdigest()


@dataclass(frozen=True)
class TestNames:
    """What a node id says: the test's name, its file's package and module, its classes."""

    __test__ = False  # not a pytest test class

    nodeid: str
    name: str  # the last part of the node id, parameter id included: ``test_state[eur-2]``
    function: str  # ``test_state``
    parameter: str | None  # ``eur-2``
    directory: str  # ``tests.api``
    module: str  # ``test_orders``
    classes: str  # ``TestRefund`` (nested classes joined with dots)

    @classmethod
    def of(cls, nodeid: str) -> TestNames:
        path, _, rest = nodeid.partition("::")
        found = _PARAMETER.match(rest)  # a parameter id may hold "::": split the names first
        *classes, function = (found["name"] if found else rest or path).split("::")
        directory, _, file_name = path.rpartition("/")
        name = f"{function}[{found['id']}]" if found else function
        return cls(nodeid=nodeid, name=name, function=function,
                   parameter=found["id"] if found else None,
                   directory=directory.replace("/", "."),
                   module=file_name.split(".")[0], classes=".".join(classes))

    @property
    def package(self) -> str:
        """allure-pytest's ``package`` label: the file's path without extension, dotted."""
        return ".".join(part for part in (self.directory, self.module) if part)

    @property
    def full_name(self) -> str:
        owner = ".".join(part for part in (self.package, self.classes) if part)
        return f"{owner}#{self.function}"

    @property
    def test_case_id(self) -> str:
        return md5(self.full_name)

    @property
    def history_id(self) -> str:
        """Stable across runs: the same test with the same parameters has the same id."""
        if self.parameter is None:
            return md5(self.full_name)
        return md5(self.full_name, self.parameter)

    def suite_labels(self) -> list[dict[str, str]]:
        pairs = (("parentSuite", self.directory), ("suite", self.module),
                 ("subSuite", self.classes))
        return [label(name, value) for name, value in pairs if value]

    def identifiers(self) -> set[str]:
        """Every name of the node id pytest also lists among a test's keywords."""
        words = re.split(r"[/:.\[\]]+", self.nodeid)
        return {word for word in words if word} | {self.function}


def label(name: str, value: str) -> dict[str, str]:
    return {"name": name, "value": value}


def status_of(result: TestResult) -> str:
    """Allure's status: an assertion that failed is ``failed``; any other exception (and an
    error in set-up or teardown) is ``broken``; xfail is ``skipped``, xpass ``passed``."""
    if result.outcome in (Outcome.PASSED, Outcome.XPASSED):
        return "passed"
    if result.outcome in (Outcome.SKIPPED, Outcome.XFAILED):
        return "skipped"
    if result.outcome is Outcome.FAILED and failed_check(result):
        return "failed"
    return "broken"


def failed_check(result: TestResult) -> bool:
    """Whether the exception that failed the test is an assertion's (its last in the chain)."""
    from qatron.failures.chain import exception_chain

    chain = exception_chain(result.traceback, result.message)
    if not chain:
        return result.message.startswith(("assert ", "AssertionError"))
    return chain[-1].type.rsplit(".", 1)[-1] in ASSERTIONS


def message_of(result: TestResult) -> str:
    """allure-pytest's message for an xfail or xpass, else the stored message."""
    if result.outcome is Outcome.XFAILED:
        return f"XFAIL {result.message}".strip()
    if result.outcome is Outcome.XPASSED:
        return f"XPASS {result.message}".strip()
    return result.message


def tags_of(result: TestResult, names: TestNames, exclude: set[str]) -> list[str]:
    """The test's markers, without the node id's own names, pytest's marks and ``exclude``."""
    skip = names.identifiers() | PYTEST_MARKS | exclude
    return sorted({marker for marker in result.markers if marker not in skip})


def times_of(result: TestResult, fallback: float | None) -> tuple[int, int]:
    """Start and stop in epoch milliseconds (from the duration when one end is unknown)."""
    stop = result.finished_at
    start = result.started_at
    if start is None:
        start = (stop - result.duration) if stop is not None else (fallback or 0.0)
    if stop is None:
        stop = start + result.duration
    return round(start * 1000), round(max(stop, start) * 1000)


def result_json(result: TestResult, uuid: str, *, labels: list[dict[str, str]],
                trace: str, attachments: list[dict[str, str]],
                fallback_start: float | None) -> dict[str, Any]:
    """The ``<uuid>-result.json`` document of ``result``."""
    names = TestNames.of(result.nodeid)
    start, stop = times_of(result, fallback_start)
    parameters = [] if names.parameter is None else [{"name": "id", "value": names.parameter}]
    return {
        "uuid": uuid, "historyId": names.history_id, "testCaseId": names.test_case_id,
        "fullName": names.full_name, "name": names.name, "status": status_of(result),
        "statusDetails": {"known": False, "muted": result.quarantined, "flaky": result.flaky,
                          "message": message_of(result), "trace": trace},
        "stage": "finished", "start": start, "stop": stop,
        "labels": [*names.suite_labels(), label("package", names.package), *labels],
        "parameters": parameters, "attachments": attachments, "links": [], "steps": [],
    }
