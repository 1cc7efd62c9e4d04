"""JUnit XML: the one merged file of a run (``qatron.junit`` reads it back).

The written file follows the xunit2 layout that Jenkins, GitLab, GitHub's
dorny/test-reporter and Azure's PublishTestResults read: ``<testsuites>``
with one ``<testsuite>`` per shard. Run metadata goes into testsuite-level
``<properties>`` only (``qatron.unstable_ids``: a JSON list of the shard's
tests that ran under another id than the one planned); per-test qatron facts
(flaky, attempts, quarantine, an unstable id) go into the testcase's
``<system-out>``. A quarantined test's failure is written as ``<skipped
type="qatron.quarantined">`` with the failure's message and traceback, so CI
parsers show it without counting it as a failure.

A shard that timed out, failed on infrastructure or was cancelled gets one
extra ``<testcase>`` with an ``<error>`` (classname ``qatron.shards``), so
that a CI test report never shows a broken shard as green.
"""

from __future__ import annotations

import json
import re
import socket
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

from qatron.junit import ATTEMPTS_NOTE, FLAKY_NOTE, UNSTABLE_ID_NOTE
from qatron.models import Outcome, RunSummary, ShardResult, ShardStatus, TestResult
from qatron.quarantine import QuarantineMatch
from qatron.unstable_ids import function_of
from qatron.whole_files import write_whole
from reports.coverage import coverage_properties

#: A testsuite property: the JSON list of the shard's tests that ran under another id than
#: the one planned (see qatron.unstable_ids); absent when there are none.
UNSTABLE_IDS_PROPERTY = "qatron.unstable_ids"
#: Classname of the synthetic testcase that reports a broken shard.
SHARD_CLASSNAME = "qatron.shards"
#: Shard statuses that are reported as a synthetic ``<error>`` testcase.
BROKEN_SHARD_STATUSES = (ShardStatus.TIMED_OUT, ShardStatus.INFRA_FAILED, ShardStatus.CANCELLED)

_ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
_XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_EXCEPTION_PREFIX = re.compile(r"^([A-Za-z_][\w.]*(?:Error|Exception|Exit|Failed|Warning)):")


def xml_text(text: str | None) -> str:
    """Return ``text`` without ANSI colour codes and characters illegal in XML 1.0."""
    if not text:
        return ""
    return _XML_ILLEGAL.sub("", _ANSI_ESCAPE.sub("", text))


def split_nodeid(nodeid: str) -> tuple[str, str, str]:
    """Split a pytest node id into JUnit ``(classname, name, file)``.

    ``tests/unit/test_money.py::TestAdd::test_x[1-2]`` gives
    ``("tests.unit.test_money.TestAdd", "test_x[1-2]", "tests/unit/test_money.py")``.
    A ``::`` inside the parametrization brackets does not split.
    """
    bracket = nodeid.find("[")
    head, params = (nodeid, "") if bracket < 0 else (nodeid[:bracket], nodeid[bracket:])
    parts = [part for part in head.split("::") if part != "()"]
    parts[-1] += params
    file = parts[0]
    module = file.removesuffix(".py").replace("\\", "/").replace("/", ".")
    names = [module, *parts[1:]]
    return ".".join(names[:-1]), names[-1], file


def write_junit(summary: RunSummary, path: Path) -> Path:
    """Write ``summary`` as one merged JUnit XML file at ``path``; return ``path``."""
    root = ET.Element("testsuites", name=f"{summary.project} {summary.suite}")
    hostname = socket.gethostname()
    for shard in summary.shards:
        root.append(_testsuite(summary, shard, hostname))
    _set_counts(root, root.findall("testsuite"))
    root.set("time", _seconds(summary.duration or sum(_suite_time(s) for s in summary.shards)))
    if summary.started_at is not None:
        root.set("timestamp", _iso(summary.started_at))
    ET.indent(root)
    return write_whole(Path(path), ET.tostring(root, encoding="utf-8", xml_declaration=True))


def _testsuite(summary: RunSummary, shard: ShardResult, hostname: str) -> ET.Element:
    suite = ET.Element("testsuite", name=f"{summary.suite} shard {shard.index}/{shard.count}")
    suite.set("hostname", hostname)
    if shard.started_at is not None:
        suite.set("timestamp", _iso(shard.started_at))
    suite.set("time", _seconds(_suite_time(shard)))
    suite.append(_properties(summary, shard))
    quarantined = {m.nodeid: m for m in summary.quarantine if not m.expired}
    cases = [_testcase(result, quarantined.get(result.nodeid)) for result in shard.results]
    if shard.status in BROKEN_SHARD_STATUSES:
        cases.append(_broken_shard_case(shard))
    suite.extend(cases)
    _set_counts(suite, cases)
    return suite


def _suite_time(shard: ShardResult) -> float:
    return shard.duration or sum(result.duration for result in shard.results)


def _properties(summary: RunSummary, shard: ShardResult) -> ET.Element:
    values = {
        "qatron.run_id": summary.run_id,
        "qatron.project": summary.project,
        "qatron.suite": summary.suite,
        "qatron.environment": summary.environment,
        "qatron.branch": summary.branch,
        "qatron.commit": summary.commit,
        "qatron.status": summary.status.value,
        "qatron.shard_status": shard.status.value,
        "qatron.shard_exit_code": shard.exit_code,
        UNSTABLE_IDS_PROPERTY: _unstable_ids(shard),
        **coverage_properties(summary.coverage),
    }
    properties = ET.Element("properties")
    for name, value in values.items():
        if value is not None:
            ET.SubElement(properties, "property", name=name, value=xml_text(str(value)))
    return properties


def _unstable_ids(shard: ShardResult) -> str | None:
    unstable = [result.nodeid for result in shard.results if result.unstable_id]
    return json.dumps(unstable) if unstable else None


def _testcase(result: TestResult, quarantine: QuarantineMatch | None = None) -> ET.Element:
    classname, name, file = split_nodeid(result.nodeid)
    case = ET.Element(
        "testcase",
        classname=xml_text(classname),
        name=xml_text(name),
        file=xml_text(file),
        time=_seconds(result.duration),
    )
    verdict = _verdict(result)
    if verdict is not None and quarantine is not None and result.outcome.is_failure:
        verdict = _quarantined(verdict, quarantine)
    if verdict is not None:
        case.append(verdict)
    output = _system_out(result, quarantine)
    if output:
        ET.SubElement(case, "system-out").text = output
    return case


def _verdict(result: TestResult) -> ET.Element | None:
    """The ``<failure>``, ``<error>`` or ``<skipped>`` child of a testcase, if any."""
    message = xml_text(result.message)
    if result.outcome is Outcome.FAILED:
        element = ET.Element("failure", message=message, type=_exception_type(message, "failure"))
    elif result.outcome is Outcome.ERROR:
        element = ET.Element("error", message=message, type=_exception_type(message, "error"))
    elif result.outcome is Outcome.SKIPPED:
        element = ET.Element("skipped", message=message, type="pytest.skip")
    elif result.outcome is Outcome.XFAILED:
        element = ET.Element("skipped", message=message, type="pytest.xfail")
    else:
        return None
    element.text = xml_text(result.traceback) or message
    return element


def _quarantined(verdict: ET.Element, match: QuarantineMatch) -> ET.Element:
    """A quarantined failure as ``<skipped>``: CI parsers report it without failing."""
    skipped = ET.Element("skipped", type="qatron.quarantined", message=xml_text(
        f"quarantined until {match.until} ({match.owner}: {match.reason}); "
        f"{verdict.tag}: {verdict.get('message', '')}"))
    skipped.text = verdict.text
    return skipped


def _exception_type(message: str, default: str) -> str:
    match = _EXCEPTION_PREFIX.match(message)
    return match.group(1) if match else default


def _system_out(result: TestResult, quarantine: QuarantineMatch | None = None) -> str:
    lines = []
    if quarantine is not None:
        lines.append(f"[qatron] quarantined: {result.outcome.value}; owner {quarantine.owner}, "
                     f"until {quarantine.until}, reason: {quarantine.reason}")
    if result.unstable_id:
        lines.append(UNSTABLE_ID_NOTE)
    if result.flaky:
        lines.append(FLAKY_NOTE.format(attempts=result.attempts))
    elif result.attempts > 1:
        lines.append(ATTEMPTS_NOTE.format(attempts=result.attempts))
    tail = xml_text(result.output_tail)
    if tail:
        lines.append(tail)
    return "\n".join(lines)


def _broken_shard_case(shard: ShardResult) -> ET.Element:
    label = f"shard {shard.index}/{shard.count} ({shard.status.value})"
    case = ET.Element(
        "testcase", classname=SHARD_CLASSNAME, name=label, time=_seconds(shard.duration)
    )
    not_run = _not_run(shard)
    message = xml_text(f"{label}: {shard.message}" if shard.message else label)
    error = ET.SubElement(case, "error", message=message, type=shard.status.value)
    lines = [message, f"exit code: {shard.exit_code}", f"tests not run: {len(not_run)}"]
    error.text = xml_text("\n".join(lines + [f"  {nodeid}" for nodeid in not_run]))
    return case


def _not_run(shard: ShardResult) -> list[str]:
    """The shard's planned tests with no result (one that ran under a new id counts as run)."""
    ran = {result.nodeid for result in shard.results}
    not_run = [nodeid for nodeid in shard.nodeids if nodeid not in ran]
    for result in shard.results:
        if result.unstable_id:
            same = next((n for n in not_run if function_of(n) == function_of(result.nodeid)),
                        None)
            if same is not None:
                not_run.remove(same)
    return not_run


def _set_counts(element: ET.Element, children: list[ET.Element]) -> None:
    """Set tests/failures/errors/skipped on a testsuite(s) from its children."""
    if element.tag == "testsuites":
        totals = {
            key: sum(int(child.get(key, "0")) for child in children)
            for key in ("tests", "failures", "errors", "skipped")
        }
    else:
        totals = {
            "tests": len(children),
            "failures": sum(1 for case in children if case.find("failure") is not None),
            "errors": sum(1 for case in children if case.find("error") is not None),
            "skipped": sum(1 for case in children if case.find("skipped") is not None),
        }
    for key, value in totals.items():
        element.set(key, str(value))


def _seconds(value: float) -> str:
    return f"{max(value, 0.0):.3f}"


def _iso(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, UTC).isoformat(timespec="seconds")
