"""QAtron's pytest plugin, loaded through the ``pytest11`` entry point, and in QAtron's
test processes as ``qatron_plugin.pytest_plugin`` (see :mod:`qatron.interpreter`), in
any interpreter: what it imports is the standard library and pytest, and its QAtron
modules relatively (``redaction``, ``unstable_ids``, ``queue``, ``browser``, ``bdd``:
standard library only; ``browser`` imports Selenium when a test asks for a ``driver``).

For tests it provides four fixtures:

* ``environment``: the environment QAtron provisioned for the run, a dict
  with ``name``, ``base_url``, ``api_url``, ``services`` (name → url, host,
  port) and the environment's ``variables``;
* ``api_client``: a :class:`qatron.api_client.APIClient` on ``api_url``;
* ``journey``: in a step of a journey (see :mod:`qatron.journeys`), its ``inputs``
  (a dict) and ``publish(secret=False, **outputs)``; a test of a step may also
  return a dict of outputs.
* ``driver``: a Selenium WebDriver on a new headless Chromium (or a Selenium Grid's),
  quit after the test (see :mod:`qatron.browser` for its ``QATRON_BROWSER_*`` settings);
  when the test fails, its screenshot, page source and console log are saved under
  ``$QATRON_EVIDENCE_DIR/<test>/``, listed in its result's ``attachments`` and as
  ``[[ATTACHMENT|path]]`` lines in its JUnit ``system-out``.

For QAtron's shard runner it adds options that are inert unless given:
``--qatron-collect FILE`` writes the collected tests as JSON, with the files of
the application's own top-level packages (folders with ``__init__.py`` in the
working folder or its ``src/``) that the tests imported from elsewhere
(``imported_elsewhere``: an installed copy won over the checkout),
``--qatron-nodeids FILE`` keeps only the listed node ids (with
``--qatron-collected FILE``, the collection's JSON, a listed id whose parameters
changed since that collection is run under its new id: see
:mod:`qatron.unstable_ids`), and
``--qatron-results FILE`` streams one JSON line per finished test, so a
shard whose process dies still leaves the results it got (a ``started``
line before each test and a ``finished`` line at the end of the session
tell a dead process, and the test it died in, from one that ended; the
``collected`` line names the stand-ins, new id → listed id), and
``--qatron-queue FILE`` runs only the tests this shard claims from a shared
queue, batch by batch, until it is empty (see :mod:`qatron.queue`). With
``--qatron-queue`` and ``--qatron-collect`` but no queue yet, the shards collect
for themselves: the first to finish collecting writes the collection (and, to
``--qatron-collect-reports FILE``, its errors and module-level skips as result
lines, left out of its results) and then the queue of its tests in collected
order; the others run the tests they claim, under their own ids where those
differ (stand-ins, as with ``--qatron-collected``).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest

from . import bdd, redaction
from . import browser as browsers
from .queue import publish, units_of
from .unstable_ids import stand_ins

ENVIRONMENT_FILE_VAR = "QATRON_ENVIRONMENT_FILE"
JOURNEY_OUTPUTS_VAR = "QATRON_JOURNEY_OUTPUTS"
OUTPUT_TAIL_CHARS = 4000
#: The tests run under a new id in place of a listed one: {new id: listed id}.
STAND_INS = pytest.StashKey[dict[str, str]]()
#: The browser a test's ``driver`` fixture gave it.
BROWSER = pytest.StashKey[browsers.Browser]()
#: The user property (and result field) naming a file of a failed test's evidence.
ATTACHMENT = "attachment"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("qatron", "QAtron shard runner")
    group.addoption("--qatron-collect", metavar="FILE", help="write collected tests as JSON")
    group.addoption("--qatron-nodeids", metavar="FILE", help="run only the node ids in FILE")
    group.addoption("--qatron-collected", metavar="FILE",
                    help="the --qatron-collect JSON the node ids come from (matches ids "
                         "whose parameters changed since)")
    group.addoption("--qatron-results", metavar="FILE", help="stream results as JSON lines")
    group.addoption("--qatron-queue", metavar="FILE",
                    help="run the tests claimed from this queue, batch by batch (queue mode)")
    group.addoption("--qatron-collect-reports", metavar="FILE",
                    help="with --qatron-queue and --qatron-collect: the collection's errors "
                         "and skips as JSON lines, written by the shard that writes the queue")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "flaky_candidate: QAtron reruns this test's failures "
                                       "in suites with retry_on: [flaky_candidate]")
    path = config.getoption("qatron_results", None)
    if path:  # a QAtron shard: captured logs go to its results, reports and notifications
        redaction.install()
    shared = _shared_collection(config)
    if path and not hasattr(config, "workerinput"):
        config.pluginmanager.register(ResultStream(Path(path), collection=shared is None),
                                      "qatron-results")
    if shared is not None and not hasattr(config, "workerinput"):
        config.pluginmanager.register(shared, "qatron-shared-collection")
    if not hasattr(config, "workerinput"):
        config.pluginmanager.register(JUnitAttachments(config), "qatron-junit-attachments")
    if config.pluginmanager.has_plugin("pytest-bdd"):
        bdd.register_feature_tags(config)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    wanted_file = config.getoption("qatron_nodeids", None)
    if not wanted_file:
        return
    listed = [n for n in Path(wanted_file).read_text(encoding="utf-8").split("\n") if n]
    collected = _collected(config.getoption("qatron_collected", None))
    config.stash[STAND_INS] = stand_ins([item.nodeid for item in items], listed, collected)
    wanted = {*listed, *config.stash[STAND_INS]}
    keep = [item for item in items if item.nodeid in wanted]
    dropped = [item for item in items if item.nodeid not in wanted]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
    items[:] = keep


def _collected(path: str | None) -> list[str] | None:
    """The node ids of a ``--qatron-collect`` file, in order; None without a readable one."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8")) if path else None
        return [str(test["nodeid"]) for test in data["tests"]] if data else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def pytest_collection_finish(session: pytest.Session) -> None:
    path = session.config.getoption("qatron_collect", None)
    if not path or session.config.pluginmanager.has_plugin("qatron-shared-collection"):
        return
    Path(path).write_text(json.dumps(_collection(session)), encoding="utf-8")


def _collection(session: pytest.Session) -> dict[str, Any]:
    """What ``--qatron-collect`` writes: pytest's rootdir, the tests and their markers."""
    tests = [
        {"nodeid": item.nodeid, "markers": sorted({m.name for m in item.iter_markers()})}
        for item in session.items
    ]
    return {"rootdir": str(session.config.rootpath), "tests": tests,
            "imported_elsewhere": imported_elsewhere(Path.cwd())}


def _shared_collection(config: pytest.Config) -> SharedCollection | None:
    """The shards collect for themselves (see module docstring): a queue to share and a
    collection to write, in a session that runs tests."""
    queue, collect = (config.getoption(name, None) for name in ("qatron_queue", "qatron_collect"))
    if not queue or not collect or config.option.collectonly:
        return None
    reports = config.getoption("qatron_collect_reports", None)
    return SharedCollection(Path(queue), Path(collect), Path(reports) if reports else None)


class SharedCollection:
    """A shard that collected the suite itself: the first to finish collecting writes the
    collection and the queue; the others map the queue's ids to their own."""

    def __init__(self, queue: Path, collect: Path, reports: Path | None) -> None:
        self.queue, self.collect, self.reports = queue, collect, reports
        self.records: dict[str, dict[str, Any]] = {}

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if not report.passed:
            self.records.setdefault(report.nodeid or ".", _collect_record(report))

    @pytest.hookimpl(tryfirst=True)  # before the results stream records the stand-ins
    def pytest_collection_finish(self, session: pytest.Session) -> None:
        collection = _collection(session)
        here = [test["nodeid"] for test in collection["tests"]]
        units = units_of(here, {item.nodeid: group for item in session.items
                                if (group := _xdist_group(item)) is not None})
        if publish(self.queue, units, lambda: self._write(collection)):
            return
        listed = _collected(str(self.collect)) or []
        session.config.stash[STAND_INS] = stand_ins(here, listed, listed)

    def _write(self, collection: dict[str, Any]) -> None:
        if self.reports is not None:
            lines = "".join(json.dumps(record) + "\n" for record in self.records.values())
            _replace(self.reports, lines)
        _replace(self.collect, json.dumps(collection))


def _xdist_group(item: pytest.Item) -> str | None:
    marker = item.get_closest_marker("xdist_group")
    if marker is None:
        return None
    return str(marker.args[0] if marker.args else marker.kwargs.get("name", "default"))


def _replace(path: Path, text: str) -> None:
    """Write ``path`` whole or not at all."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)


def imported_elsewhere(app_dir: Path) -> dict[str, str]:
    """The application's own top-level packages imported from outside ``app_dir``:
    {name: the file imported}."""
    import sys

    found: dict[str, str] = {}
    for folder in (app_dir, app_dir / "src"):
        for init in sorted(folder.glob("*/__init__.py")):
            module = sys.modules.get(init.parent.name)
            where = getattr(module, "__file__", None)
            if where and not Path(where).resolve().is_relative_to(app_dir.resolve()):
                found[init.parent.name] = where
    return found


class ResultStream:
    """Writes each test's final result as one JSON line as soon as it is known."""

    def __init__(self, path: Path, collection: bool = True) -> None:
        self.path = path
        #: Whether the collection's errors and skips are results here (else a shared
        #: collection's: see SharedCollection).
        self.collection = collection
        self.file: IO[str] | None = None
        self.pending: dict[str, dict[str, Any]] = {}
        self.collect_reported: set[str] = set()

    def _write(self, record: dict[str, Any]) -> None:
        if self.file is None:
            self.file = self.path.open("a", encoding="utf-8")
        self.file.write(json.dumps(record) + "\n")
        self.file.flush()

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self._write({"event": "collected", "count": len(session.items), "pid": os.getpid(),
                     "stand_ins": session.config.stash.get(STAND_INS, {})})

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        """A module that failed to collect is an error; one skipped while collected
        (``pytest.importorskip``, ``pytest.skip(..., allow_module_level=True)``) is a
        skipped result, as pytest counts it."""
        nodeid = report.nodeid or "."
        if report.passed or nodeid in self.collect_reported or not self.collection:
            return  # xdist's controller may hear the same module from every worker
        self.collect_reported.add(nodeid)
        self._write(_collect_record(report))

    def pytest_runtest_logstart(self, nodeid: str) -> None:
        self._write({"event": "started", "nodeid": nodeid})

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        record = self.pending.setdefault(report.nodeid, _new_record(report))
        record["duration"] += report.duration
        record["attachments"] = list(dict.fromkeys([*record["attachments"],
                                                    *_attachments(report)]))
        record["finished_at"] = getattr(report, "stop", time.time())
        record["output_tail"] = _tail(record["output_tail"] + _output_of(report))
        _apply_phase(record, report)
        if report.when == "teardown":
            self._write(self.pending.pop(report.nodeid))

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, exitstatus: int) -> None:
        self._write({"event": "finished", "exitstatus": int(exitstatus)})

    def pytest_unconfigure(self) -> None:
        if self.file is not None:
            self.file.close()


def _collect_record(report: pytest.CollectReport) -> dict[str, Any]:
    """A module that failed to collect (an error) or was skipped while collected."""
    return {
        "event": "result", "nodeid": report.nodeid or ".",
        "outcome": "error" if report.failed else "skipped", "duration": 0.0,
        "message": _first_line(report.longreprtext) if report.failed else _skip_reason(report),
        "traceback": report.longreprtext if report.failed else "", "output_tail": "",
        "started_at": time.time(), "finished_at": time.time(), "markers": [],
    }


def _new_record(report: pytest.TestReport) -> dict[str, Any]:
    return {
        "event": "result", "nodeid": report.nodeid, "outcome": "passed", "duration": 0.0,
        "message": "", "traceback": "", "output_tail": "", "attachments": [],
        "started_at": getattr(report, "start", time.time()), "finished_at": None,
        "markers": sorted(k for k, v in report.keywords.items() if v == 1 and k.isidentifier()),
        "scenario": getattr(report, "scenario", None),
    }


def _attachments(report: pytest.TestReport) -> list[str]:
    return [str(value) for name, value in report.user_properties if name == ATTACHMENT]


def _apply_phase(record: dict[str, Any], report: pytest.TestReport) -> None:
    """Fold one phase (setup, call, teardown) into the test's outcome."""
    if record["outcome"] in ("failed", "error"):
        return
    xfail = hasattr(report, "wasxfail")
    if report.failed:
        record["outcome"] = "failed" if report.when == "call" else "error"
        record["message"] = _first_line(report.longreprtext) or f"{report.when} failed"
        record["traceback"] = report.longreprtext
    elif report.skipped and report.when != "teardown":
        record["outcome"] = "xfailed" if xfail else "skipped"
        record["message"] = _skip_reason(report)
    elif report.passed and report.when == "call" and xfail:
        record["outcome"] = "xpassed"


def _skip_reason(report: pytest.TestReport | pytest.CollectReport) -> str:
    if hasattr(report, "wasxfail"):
        return str(report.wasxfail)
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr or "")


def _output_of(report: pytest.TestReport) -> str:
    return "".join(f"--- {name} ---\n{content}\n" for name, content in report.sections if content)


def _first_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("E ")]
    return (errors[0][1:].strip() if errors else (lines[-1] if lines else ""))[:500]


def _tail(text: str) -> str:
    return text[-OUTPUT_TAIL_CHARS:]


@pytest.fixture(scope="session")
def environment() -> dict[str, Any]:
    """The environment QAtron provisioned for this run (see module docstring)."""
    path = os.environ.get(ENVIRONMENT_FILE_VAR)
    if not path:
        pytest.fail(
            f"The 'environment' fixture needs a QAtron run: run these tests with "
            f"`qatron run --suite SUITE --env ENV`, or set {ENVIRONMENT_FILE_VAR} to a JSON "
            f"file describing the environment.",
            pytrace=False,
        )
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        pytest.fail(f"{ENVIRONMENT_FILE_VAR}={path}: cannot read it ({exc})", pytrace=False)
    if not isinstance(data, dict):
        pytest.fail(f"{ENVIRONMENT_FILE_VAR}={path}: expected a JSON object, got "
                    f"{type(data).__name__}", pytrace=False)
    return data


@pytest.fixture
def api_client(environment: dict[str, Any]) -> Any:
    """An APIClient on the environment's ``api_url``."""
    try:
        from .api_client import APIClient
    except ImportError as exc:  # httpx is not in the application's interpreter
        pytest.fail(f"the api_client fixture needs httpx in this interpreter ({exc}): "
                    f"install it there", pytrace=False)

    if not environment.get("api_url"):
        pytest.fail(
            f"environment {environment.get('name')!r} has no api_url: set one in qatron.yml",
            pytrace=False,
        )
    with APIClient(environment["api_url"]) as client:
        yield client


@pytest.fixture(scope="session")
def qatron_browser_pool() -> Iterator[browsers.BrowserPool]:
    """The worker process's browsers (see ``driver``); none is left when it ends."""
    try:
        settings = browsers.BrowserSettings.from_env()
    except browsers.BrowserError as exc:
        problem = str(exc)
    else:
        problem = ""
    if problem:
        pytest.fail(problem, pytrace=False)
    pool = browsers.BrowserPool(settings)
    try:
        yield pool
    finally:
        pool.close()


@pytest.fixture
def driver(request: pytest.FixtureRequest,
           qatron_browser_pool: browsers.BrowserPool) -> Iterator[Any]:
    """A Selenium WebDriver on a headless Chromium of the test's own (see module docstring)."""
    try:
        browser = qatron_browser_pool.acquire()
    except browsers.BrowserError as exc:
        problem = str(exc)  # failed outside the handler: no chained traceback
    else:
        problem = ""
    if problem:
        pytest.fail(problem, pytrace=False)
    request.node.stash[BROWSER] = browser
    try:
        yield browser.driver
    finally:
        qatron_browser_pool.release(browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """A browser test's call: fails it if its browser died, saves evidence if it failed."""
    report = yield
    scenario = bdd.scenario_of(item, Path.cwd())
    if scenario is not None:
        report.scenario = scenario  # kept by xdist: extra report attributes are serialised
    browser = item.stash.get(BROWSER, None)
    if browser is None or report.when != "call":
        return report
    if not browser.alive():
        _fail_for(report, f"{browser.died}: a new browser starts for the next test")
    elif report.failed:
        folder = browsers.evidence_folder(item.nodeid)
        saved = [str(path) for path in browsers.save_evidence(browser.driver, folder)]
        for path in saved:
            item.user_properties.append((ATTACHMENT, path))
            report.user_properties.append((ATTACHMENT, path))
        if saved:
            item.add_report_section("call", "stdout", _attachment_lines(saved))
    return report


def _fail_for(report: pytest.TestReport, reason: str) -> None:
    """Make ``report`` a failure whose first error line is ``reason``."""
    before = report.longreprtext if report.failed else ""
    report.outcome = "failed"
    report.longrepr = f"E   {reason}\n\n{before}".rstrip() + "\n"


def _attachment_lines(paths: list[str]) -> str:
    """The lines Jenkins and GitLab read as a test's attachments in JUnit ``system-out``."""
    return "".join(f"[[ATTACHMENT|{path}]]\n" for path in paths)


class JUnitAttachments:
    """Evidence of a failed test in its JUnit ``system-out`` when pytest writes none there
    (``junit_logging`` other than system-out, out-err or all): that element alone."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config

    @pytest.hookimpl(tryfirst=True)  # before pytest closes the test's element
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        attachments = _attachments(report)
        if report.when != "teardown" or not attachments:
            return
        from _pytest.junitxml import xml_key

        writer = self.config.stash.get(xml_key, None)
        if writer is None or writer.logging in ("system-out", "out-err", "all"):
            return  # no JUnit XML, or pytest writes the captured output with the lines
        import xml.etree.ElementTree as ET

        element = ET.Element("system-out")
        element.text = _attachment_lines(attachments)
        writer.node_reporter(report).append(element)


class JourneyStep:
    """A journey step's view from its test: what flowed in, and how to pass values on."""

    def __init__(self) -> None:
        self.name = os.environ.get("QATRON_JOURNEY", "")
        self.step = os.environ.get("QATRON_JOURNEY_STEP", "")
        self._outputs = os.environ.get(JOURNEY_OUTPUTS_VAR, "")
        path = os.environ.get("QATRON_JOURNEY_INPUTS")
        self.inputs: dict[str, Any] = {}
        if path:
            try:
                self.inputs = json.loads(Path(path).read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                pytest.fail(f"QATRON_JOURNEY_INPUTS={path}: cannot read it ({exc})",
                            pytrace=False)

    @property
    def active(self) -> bool:
        """Whether the test runs as a step of a journey."""
        return bool(self._outputs)

    def publish(self, secret: bool = False, **outputs: Any) -> None:
        """Pass ``outputs`` to the steps that read them; ``secret`` masks them in every
        log, artifact, the store and the report."""
        if not self.active:
            return
        path = Path(self._outputs)
        try:
            data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        except ValueError:
            data = {}
        try:
            json.dumps(outputs)
        except (TypeError, ValueError) as exc:
            pytest.fail(f"journey outputs must be JSON values: {exc}", pytrace=False)
        data.update(outputs)
        if secret:
            data["$secret"] = sorted({*data.get("$secret", []), *outputs})
        path.write_text(json.dumps(data), encoding="utf-8")


@pytest.fixture
def journey() -> JourneyStep:
    """The journey step this test runs as (inputs, publish); inert outside a journey."""
    return JourneyStep()


@pytest.hookimpl(wrapper=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> Any:
    """In a journey step, a dict the test returns is published as its outputs."""
    original = pyfuncitem.obj
    if not os.environ.get(JOURNEY_OUTPUTS_VAR) or _is_async(original):
        return (yield)

    def published(*args: Any, **kwargs: Any) -> Any:
        value = original(*args, **kwargs)
        if isinstance(value, dict):
            JourneyStep().publish(**value)
            return None
        return value

    pyfuncitem.obj = published
    try:
        return (yield)
    finally:
        pyfuncitem.obj = original


def _is_async(function: Any) -> bool:
    import inspect

    return inspect.iscoroutinefunction(function) or inspect.isasyncgenfunction(function)


# --- Per-test coverage contexts (change-based selection) ------------------------------
# Under `coverage run` (see qatron.selection.recording), each test's setup, call and
# teardown run in a coverage.py dynamic context named by its node id, the import of each
# test module in "<import>" + its node id, and everything else (conftest files, plugins)
# in "". Without coverage.py running, nothing is registered and no per-test hook runs.

#: The context prefix of a test module's import (qatron.selection.coverage_map.IMPORTING).
IMPORTING = "<import>"


def pytest_sessionstart(session: pytest.Session) -> None:
    import sys

    coverage = sys.modules.get("coverage")  # not imported: not measuring
    current = coverage.Coverage.current() if coverage is not None else None
    if current is not None:
        session.config.pluginmanager.register(CoverageContexts(current),
                                              "qatron-coverage-contexts")


class CoverageContexts:
    """Switches coverage.py's dynamic context to the running test's node id."""

    def __init__(self, coverage: Any) -> None:
        self.coverage = coverage

    @pytest.hookimpl(wrapper=True)
    def pytest_make_collect_report(self, collector: pytest.Collector) -> Any:
        if not isinstance(collector, pytest.Module):
            return (yield)
        self.coverage.switch_context(IMPORTING + collector.nodeid)
        try:
            return (yield)
        finally:
            self.coverage.switch_context("")

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        self.coverage.switch_context(item.nodeid)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_teardown(self, item: pytest.Item) -> Any:
        try:
            return (yield)
        finally:
            self.coverage.switch_context("")


@pytest.hookimpl(tryfirst=True)
def pytest_runtestloop(session: pytest.Session) -> bool | None:
    """Queue mode: claim batches from the shared queue and run them, in claim order."""
    path = session.config.getoption("qatron_queue", None)
    if not path or session.config.option.collectonly:
        return None
    from .queue import claim

    shard, _, shards = os.environ.get("QATRON_SHARD", "1/1").partition("/")
    items = {item.nodeid: item for item in session.items}
    items.update({listed: items[new] for new, listed in
                  session.config.stash.get(STAND_INS, {}).items() if new in items})

    def claimed() -> Iterator[pytest.Item]:
        while batch := claim(Path(path), int(shard), int(shards or 1)):
            yield from (items[nodeid] for nodeid in batch if nodeid in items)

    upcoming = claimed()
    item = next(upcoming, None)
    while item is not None:
        following = next(upcoming, None)  # claimed before this test ends: fixtures stay up
        item.config.hook.pytest_runtest_protocol(item=item, nextitem=following)
        if session.shouldfail:
            raise session.Failed(session.shouldfail)
        if session.shouldstop:
            raise session.Interrupted(session.shouldstop)
        item = following
    return True
