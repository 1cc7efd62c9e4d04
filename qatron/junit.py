"""JUnit XML of any runner, read into QAtron's results: the one reader of the product.

    >>> from qatron.junit import read_junit
    >>> results = read_junit(Path("build/junit.xml"))     # list[TestResult], by node id

It reads what pytest, Jest (jest-junit), Node's test runner (``--test-reporter=junit``),
gotestsum and Maven Surefire write: ``<testsuites>`` or a bare ``<testsuite>``, suites
nested at any depth, ``<testcase>`` (classname, name, file, line, time) with its
``<failure>``, ``<error>`` or ``<skipped>`` (message, type, text), ``<system-out>``,
``<system-err>`` and ``<properties>``. Surefire's reruns (``rerunFailure``,
``flakyFailure`` …) count as attempts; QAtron's own ``[qatron]`` notes in
``<system-out>`` (``reports.junit`` writes them) give ``flaky``, ``attempts`` and
``unstable_id`` back.

``read_cases`` gives every testcase as it is written (``JunitCase``); ``read_tests``
groups the testcases of one node id (pytest reports a teardown error as a second
testcase; gotestsum and pytest-rerunfailures write one testcase per attempt) into a
``JunitTest`` with the ``TestResult`` they make together; ``read_junit`` gives those
results. A file that is missing, not XML, not JUnit XML or
declares a DOCTYPE raises ``ConfigError`` naming it: a DOCTYPE is refused before any
entity it defines is read, so entities are never expanded or fetched.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from qatron.errors import ConfigError
from qatron.models import Outcome, TestResult

__all__ = [
    "ATTEMPTS_NOTE", "FLAKY_NOTE", "OUTPUT_TAIL_CHARS", "UNSTABLE_ID_NOTE",
    "DoctypeRefused", "JunitCase", "JunitTest", "JunitVerdict", "captured_sections",
    "junit_nodeid", "parse_xml", "read_cases", "read_junit", "read_tests",
]

#: How much of a testcase's ``<system-out>`` and ``<system-err>`` a result keeps (its tail).
OUTPUT_TAIL_CHARS = 4000
#: QAtron's notes in a testcase's ``<system-out>``: written by ``reports.junit``, read here.
FLAKY_NOTE = "[qatron] flaky: passed on attempt {attempts}"
ATTEMPTS_NOTE = "[qatron] attempts: {attempts}"
UNSTABLE_ID_NOTE = "[qatron] id not stable between processes: planned under another id"

_FLAKY_LINE = re.compile(f"^{re.escape(FLAKY_NOTE)}$".replace(r"\{attempts\}", r"(\d+)"), re.M)
_ATTEMPTS_LINE = re.compile(f"^{re.escape(ATTEMPTS_NOTE)}$".replace(r"\{attempts\}", r"(\d+)"),
                            re.M)
_UNSTABLE_LINE = re.compile(f"^{re.escape(UNSTABLE_ID_NOTE)}$", re.M)
_NOTE = "[qatron] "
_NOTE_LINE = re.compile(f"^{re.escape(_NOTE)}.*\\n?", re.M)
#: pytest's section headers in ``<system-out>``/``<system-err>``: ``--- Captured Log ---``
#: (``junit_logging``), ``--- Captured stdout call ---`` (older pytest, terminal reports).
_SECTION = re.compile(r"^-{3,} Captured (\w+)(?: \w+)? -{3,}$", re.M)
_SECTION_STREAMS = {"log": "log", "out": "stdout", "stdout": "stdout", "err": "stderr",
                    "stderr": "stderr"}
#: A verdict's ``type`` that names an exception class (Surefire's ``java.lang.Foo``),
#: not a runner's label (``testCodeFailure``, ``pytest.skip``, ``failure``).
_EXCEPTION_CLASS = re.compile(r"^[A-Z][\w$]*$")
_PY_MODULE = re.compile(r"^(test_\w*|\w*_test)$")
_DOTTED = re.compile(r"^\w+(\.\w+)*$")
#: The classname Node's test runner writes for every test: it says nothing.
_NODE_CLASSNAME = "test"
#: A testcase's verdict elements, worst first.
_VERDICTS = ("error", "failure", "skipped")
#: Surefire's earlier attempts of a rerun test: failed every time, or passed at last.
_RERUNS = ("rerunFailure", "rerunError")
_FLAKES = ("flakyFailure", "flakyError")
#: pytest's messages of an ``<error>`` outside the test body, by phase.
_SETUP_ERROR = "failed on setup with "
_TEARDOWN_ERROR = "failed on teardown with "
_COLLECTION_ERROR = "collection failure"
_OUTCOME_RANK = {
    Outcome.SKIPPED: 0,
    Outcome.XFAILED: 1,
    Outcome.XPASSED: 2,
    Outcome.PASSED: 3,
    Outcome.FAILED: 4,
    Outcome.ERROR: 5,
}


class DoctypeRefused(ElementTree.ParseError):
    """The file declares a DOCTYPE, which QAtron never reads."""


class _RefuseDoctype(ElementTree.TreeBuilder):
    """Stops the parse at ``<!DOCTYPE``, before any entity it defines is read or expanded."""

    def doctype(self, name: str, pubid: str | None, system: str | None) -> None:
        raise DoctypeRefused(
            f"a <!DOCTYPE {name}> declaration is refused: JUnit XML needs none, and the "
            f"entities a DOCTYPE defines can expand without bound; remove the DOCTYPE")


def parse_xml(path: Path) -> ElementTree.Element:
    """The root element of the XML file at ``path``; a DOCTYPE (DTD, entities) is refused.

    Raises ``ElementTree.ParseError`` for malformed XML and ``DoctypeRefused`` (one of
    them) for any DOCTYPE, so entities are never expanded or fetched, however large the file.
    """
    parser = ElementTree.XMLParser(target=_RefuseDoctype())
    return ElementTree.parse(path, parser=parser).getroot()


@dataclass(frozen=True)
class JunitVerdict:
    """A testcase's ``<failure>``, ``<error>`` or ``<skipped>``, or one of Surefire's reruns."""

    tag: str
    message: str = ""
    type: str = ""
    text: str = ""

    @property
    def summary(self) -> str:
        """A result's message: the message (else the text's first line), with the
        exception class in front when the runner gave it apart (Surefire's ``type``)."""
        message = self.message or _first_line(self.text)
        kind = self.type.rsplit(".", 1)[-1]
        if self.tag == "skipped" or not _EXCEPTION_CLASS.match(kind) or kind in message:
            return message
        return f"{kind}: {message}" if message else kind


@dataclass
class JunitCase:
    """One ``<testcase>`` as its runner wrote it.

    ``suites`` are the names of the enclosing ``<testsuite>`` elements, outermost first;
    ``file`` is the testcase's or else its nearest suite's; ``properties`` are the
    enclosing suites' and the testcase's own (the testcase's win). ``run`` is its
    ``run_id`` property, else ``name@timestamp`` of the file's first testsuite with a
    timestamp, else ''.
    """

    classname: str
    name: str
    file: str | None = None
    line: int | None = None
    time: float = 0.0
    suites: tuple[str, ...] = ()
    verdict: JunitVerdict | None = None
    reruns: tuple[JunitVerdict, ...] = ()
    system_out: str = ""
    system_err: str = ""
    properties: dict[str, str] = field(default_factory=dict)
    run: str = ""

    @property
    def nodeid(self) -> str:
        return junit_nodeid(self.classname, self.name, self.file, "::".join(self.suites))

    @property
    def outcome(self) -> Outcome:
        if self.verdict is None:
            return Outcome.PASSED
        if self.verdict.tag == "skipped":
            return Outcome.XFAILED if self.verdict.type == "pytest.xfail" else Outcome.SKIPPED
        return Outcome.ERROR if self.verdict.tag == "error" else Outcome.FAILED

    @property
    def phase(self) -> str:
        """Where it failed, as pytest's ``<error>`` messages tell: ``collection`` (no
        classname, ``collection failure``), ``setup``, ``teardown``; else ``call``."""
        verdict = self.verdict
        if verdict is None or verdict.tag != "error":
            return "call"
        if verdict.message.startswith(_SETUP_ERROR):
            return "setup"
        if verdict.message.startswith(_TEARDOWN_ERROR):
            return "teardown"
        if not self.classname and verdict.message == _COLLECTION_ERROR:
            return "collection"
        return "call"

    def to_result(self, shard_index: int = 0) -> TestResult:
        """This testcase as a ``TestResult`` (QAtron's notes read, its output's tail kept).

        A test Surefire reran until it passed is flaky, its message the first failure's,
        as QAtron's own reruns say it.
        """
        output = "\n".join(text for text in (self.system_out, self.system_err) if text)
        noted_flaky = noted = None
        unstable_id = False
        if _NOTE in output:  # the notes' patterns are costly to run on every output
            noted_flaky = _FLAKY_LINE.search(output)
            noted = noted_flaky or _ATTEMPTS_LINE.search(output)
            unstable_id = _UNSTABLE_LINE.search(output) is not None
            for note in (_FLAKY_LINE, _ATTEMPTS_LINE, _UNSTABLE_LINE):
                output = note.sub("", output)
        output = output.strip()
        attempts = int(noted.group(1)) if noted else 1 + len(self.reruns)
        flakes = [rerun for rerun in self.reruns if rerun.tag in _FLAKES]
        passed_on_rerun = self.verdict is None and bool(flakes)
        shown = flakes[0] if passed_on_rerun else self.verdict
        message = shown.summary if shown else ""
        if passed_on_rerun:
            message = f"passed on attempt {attempts}; attempt 1: {message}"
        return TestResult(
            nodeid=self.nodeid, outcome=self.outcome, duration=self.time, attempts=attempts,
            flaky=noted_flaky is not None or passed_on_rerun, message=message,
            traceback=shown.text if shown else "", output_tail=output[-OUTPUT_TAIL_CHARS:],
            shard_index=shard_index,
            unstable_id=unstable_id,
        )


@dataclass
class JunitTest:
    """One test of a JUnit file: its testcases in document order (one per attempt of a
    runner that reruns, plus pytest's separate teardown record) and their ``result``."""

    result: TestResult
    cases: list[JunitCase]

    def failed_attempts(self) -> list[JunitVerdict]:
        """Its failed attempts' verdicts in order: each testcase's failure or error, then
        Surefire's reruns of it. pytest's teardown record belongs to the attempt before it
        and counts only when nothing else failed."""
        attempts: list[JunitVerdict] = []
        teardowns: list[JunitVerdict] = []
        for case in self.cases:
            if case.verdict is not None and case.verdict.tag != "skipped":
                (teardowns if case.phase == "teardown" else attempts).append(case.verdict)
            attempts.extend(case.reruns)
        return attempts or teardowns


def captured_sections(cases: list[JunitCase]) -> tuple[str, str, str]:
    """(log, stdout, stderr) the testcases captured: pytest's ``Captured …`` sections of
    ``<system-out>`` and ``<system-err>`` told apart, other text kept as the stream it
    was written to, QAtron's ``[qatron]`` notes left out."""
    streams: dict[str, list[str]] = {"log": [], "stdout": [], "stderr": []}
    for case in cases:
        for text, stream in ((case.system_out, "stdout"), (case.system_err, "stderr")):
            parts = _SECTION.split(_NOTE_LINE.sub("", text) if _NOTE in text else text)
            streams[stream].append(parts[0])
            for kind, body in zip(parts[1::2], parts[2::2], strict=True):
                streams[_SECTION_STREAMS.get(kind.lower(), stream)].append(body)
    log, out, err = ("\n".join(p.strip("\n") for p in parts if p.strip())
                     for parts in streams.values())
    return log, out, err


def read_junit(path: Path, *, shard_index: int = 0) -> list[TestResult]:
    """Every test of the JUnit XML file at ``path``, one ``TestResult`` per node id.

    Testcases that share a node id merge into one result: a failure and then a pass is
    flaky (a rerun), else the worst outcome and the longest time win; every attempt
    counts. Raises ``ConfigError`` naming the file (see the module's doc).
    """
    return [test.result for test in read_tests(path, shard_index=shard_index)]


def read_tests(path: Path, *, shard_index: int = 0) -> list[JunitTest]:
    """Every test of the JUnit XML file at ``path`` with its testcases (see ``read_junit``)."""
    tests: dict[str, JunitTest] = {}
    attempts: dict[str, int] = {}  # every record but pytest's teardown one is an attempt
    for case in read_cases(path):
        result = case.to_result(shard_index)
        nodeid, rerun = result.nodeid, case.phase != "teardown"
        attempts[nodeid] = attempts.get(nodeid, 0) + (result.attempts if rerun else 0)
        known = tests.get(nodeid)
        if known is None:
            tests[nodeid] = JunitTest(result, [case])
            continue
        known.cases.append(case)
        known.result = _merge(known.result, result)
        if rerun and result.outcome.is_failure:  # failed again (gotestsum, rerunfailures)
            known.result.attempts = attempts[nodeid]
    return list(tests.values())


def read_cases(path: Path) -> list[JunitCase]:
    """Every ``<testcase>`` of the JUnit XML file at ``path``, in document order.

    Raises ``ConfigError`` naming the file when it is missing, not XML, not JUnit XML
    (its root is neither ``<testsuites>`` nor ``<testsuite>``) or declares a DOCTYPE.
    """
    root = _root(Path(path))
    return list(_cases(root, _Suite(run=_run_stamp(root))))


def _root(path: Path) -> ElementTree.Element:
    try:
        root = parse_xml(path)
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file; give the path of a JUnit XML file") from None
    except DoctypeRefused as exc:
        raise ConfigError(f"{path}: {exc}") from None
    except (ElementTree.ParseError, OSError) as exc:
        raise ConfigError(f"{path}: not JUnit XML ({exc})") from None
    if root.tag not in ("testsuites", "testsuite"):
        raise ConfigError(f"{path}: not JUnit XML (the root element is <{root.tag}>, "
                          f"expected <testsuites> or <testsuite>)")
    return root


@dataclass(frozen=True)
class _Suite:
    """What a testcase inherits from its enclosing testsuites."""

    names: tuple[str, ...] = ()
    file: str | None = None
    properties: dict[str, str] = field(default_factory=dict)
    run: str = ""


def _run_stamp(root: ElementTree.Element) -> str:
    """``name@timestamp`` of the first testsuite that has a timestamp: one run per file."""
    for suite in root.iter("testsuite"):
        stamp = suite.get("timestamp")
        if stamp:
            return f"{suite.get('name', '')}@{stamp}"
    return ""


def _cases(element: ElementTree.Element, suite: _Suite) -> Iterator[JunitCase]:
    if element.tag == "testsuite":
        suite = _Suite((*suite.names, element.get("name", "")), element.get("file") or suite.file,
                       {**suite.properties, **_properties(element)}, suite.run)
    for child in element:
        if child.tag == "testcase":
            yield _case(child, suite)
        elif child.tag in ("testsuite", "testsuites"):
            yield from _cases(child, suite)


def _case(element: ElementTree.Element, suite: _Suite) -> JunitCase:
    properties = {**suite.properties, **_properties(element)}
    return JunitCase(
        classname=element.get("classname", ""), name=element.get("name", ""),
        file=element.get("file") or suite.file, line=_line(element.get("line")),
        time=_seconds(element.get("time")),
        suites=tuple(name for name in suite.names if name), verdict=_verdict(element),
        reruns=tuple(_one_verdict(e) for e in element if e.tag in (*_RERUNS, *_FLAKES)),
        system_out=_text(element.find("system-out")),
        system_err=_text(element.find("system-err")),
        properties=properties, run=properties.get("run_id") or suite.run,
    )


def _verdict(case: ElementTree.Element) -> JunitVerdict | None:
    """The testcase's worst verdict; several of one kind (jest-junit) join their texts."""
    for tag in _VERDICTS:
        found = case.findall(tag)
        if found:
            first = _one_verdict(found[0])
            texts = [text for text in (_text(e) for e in found) if text]
            return replace(first, text="\n\n".join(texts))
    return None


def _one_verdict(element: ElementTree.Element) -> JunitVerdict:
    text = _text(element) or _text(element.find("stackTrace"))  # Surefire's reruns
    return JunitVerdict(element.tag, element.get("message") or "", element.get("type") or "",
                        text)


def _properties(element: ElementTree.Element) -> dict[str, str]:
    return {prop.get("name", ""): prop.get("value", prop.text or "")
            for prop in element.findall("properties/property")}


def _text(element: ElementTree.Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def _seconds(value: str | None) -> float:
    """``time="1,234.5"`` (a thousands separator) is 1234.5 s; what is no number is 0."""
    try:
        return float((value or "0").replace(",", ""))
    except ValueError:
        return 0.0


def _line(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def junit_nodeid(classname: str, name: str, file: str | None, suite: str = "") -> str:
    """A pytest-style node id ``file_or_classname_path::...::name`` for a testcase.

    ``suite`` is the enclosing suites' names, ``::``-joined. In order of preference:

    * a pytest collection error (no classname, the module as name): its file,
      ``tests.test_a`` -> ``tests/test_a.py``;
    * the ``file``, then the classname's part beyond the file's dotted module path as
      class segments (without a classname: the suites);
    * a dotted Python classname whose module follows pytest's naming,
      ``tests.test_a.TestB`` -> ``tests/test_a.py::TestB``;
    * any other classname that differs from the name (Surefire's ``com.example.MoneyTest``,
      gotestsum's package);
    * the suites (jest-junit repeats the title as classname; Node writes ``test``);
    * the bare name.
    """
    classname = "" if classname == _NODE_CLASSNAME else classname
    if not classname and (module := _python_module(name)) and (
            file == module or (not file and "." in name)):
        return module
    if file:
        segments = _class_segments(classname, file, name) if classname else \
            [part for part in suite.split("::") if part]
        return "::".join([file, *segments, name])
    if module := _python_module(classname, keep_classes=True):
        return f"{module}::{name}"
    if classname and classname != name:
        return f"{classname}::{name}"
    return f"{suite}::{name}" if suite else name


def _python_module(dotted: str, keep_classes: bool = False) -> str:
    """``tests.test_a`` -> ``tests/test_a.py``; with ``keep_classes`` also
    ``tests.test_a.TestB`` -> ``tests/test_a.py::TestB``; '' for anything else."""
    if not _DOTTED.match(dotted):
        return ""
    segments = dotted.split(".")
    modules = [i for i, segment in enumerate(segments) if _PY_MODULE.match(segment)]
    if not modules or (not keep_classes and modules[-1] != len(segments) - 1):
        return ""
    end = modules[-1] + 1
    return "::".join(["/".join(segments[:end]) + ".py", *segments[end:]])


def _class_segments(classname: str, file: str, name: str) -> list[str]:
    """The classname beyond the file's dotted path (``src.cart.test.js`` as reports.junit
    writes it, or pytest's ``tests.test_a`` without the ``.py``): its class segments."""
    dotted = file.replace("\\", "/").replace("/", ".")
    for module in (dotted, dotted.rsplit(".", 1)[0]):
        if classname == module:
            return []
        if classname.startswith(module + "."):
            return classname[len(module) + 1 :].split(".")
    return [] if classname in (name, file) else [classname]


def _merge(first: TestResult, second: TestResult) -> TestResult:
    """Two testcases of one node id as one result.

    A failure and then a pass is a rerun that passed (gotestsum's ``--rerun-fails`` writes
    every run): flaky, as QAtron's own reruns say it. Otherwise (pytest's teardown error
    beside the test's own result, a failed rerun) the worse outcome and the longer time
    win.
    """
    output = "\n".join(t for t in (first.output_tail, second.output_tail) if t)
    if first.outcome.is_failure and second.outcome is Outcome.PASSED:
        second.attempts += first.attempts
        second.flaky = True
        second.message = f"passed on attempt {second.attempts}; attempt 1: {first.message}"
        second.traceback = first.traceback
        second.output_tail = output[-OUTPUT_TAIL_CHARS:]
        return second
    worse = second if _OUTCOME_RANK[second.outcome] > _OUTCOME_RANK[first.outcome] else first
    other = first if worse is second else second
    worse.duration = max(first.duration, second.duration)
    worse.output_tail = output[-OUTPUT_TAIL_CHARS:]
    if not worse.message:
        worse.message, worse.traceback = other.message, other.traceback
    return worse
