"""``qatron.yml``: the project's applications, environments and suites.

``load_project(path)`` reads and validates the file; every error names the
file, the key path, the line and what was expected::

    >>> project = load_project("examples/shop")
    >>> project.suite("smoke").marker_expression()
    'smoke'
"""

from __future__ import annotations

import contextlib
import datetime
import difflib
import gc
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails

from qatron.config_analytics import Analytics
from qatron.config_artifacts import ArtifactStorage
from qatron.config_blocks import BlockReference, provided
from qatron.config_gates import QualityGates
from qatron.config_path import CONFIG_NAME as CONFIG_NAME
from qatron.config_path import find_config as find_config
from qatron.config_refs import (
    ReferenceProblem,
    check_browser_url,
    check_dataset_url,
    check_environment,
    check_paths,
)
from qatron.config_runner import check_runner
from qatron.config_selection import DEFAULT_IGNORE as DEFAULT_IGNORE
from qatron.config_selection import DEFAULT_RUN_ALL_ON as DEFAULT_RUN_ALL_ON
from qatron.config_selection import SelectionRule as SelectionRule
from qatron.config_selection import SelectionRules as SelectionRules
from qatron.config_selection import regex_problem
from qatron.config_webhooks import RunWebhook
from qatron.config_yaml import compose_text, construct, key_path, read_text, yaml_problem
from qatron.errors import ConfigError
from qatron.flaky import RetryOn
from qatron.journeys.config import Journey, check_journeys
from qatron.load.config import LoadTest, LoadTests
from qatron.load.target import check_load_tests
from qatron.redaction import redact

#: The suite name of a run of one journey alone: ``journey:<name>``.
JOURNEY_PREFIX = "journey:"
#: The suite name of a run of one load test alone: ``load:<name>``.
LOAD_PREFIX = "load:"
NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
Name = Annotated[str, Field(pattern=NAME_PATTERN)]
Port = Annotated[int, Field(ge=1, le=65535)]
WEEK = 7 * 24 * 3600.0
Seconds = Annotated[float, Field(gt=0, le=WEEK)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class HealthCheck(_Model):
    """A URL that answers 2xx/3xx, or a command that exits 0, once the service is up."""

    url: str | None = None
    command: str | None = None
    interval: float = Field(0.1, gt=0, le=3600)

    @model_validator(mode="after")
    def _one_probe(self) -> HealthCheck:
        if (self.url is None) == (self.command is None):
            raise ValueError("give exactly one of 'url' or 'command'")
        return self


class ProcessService(_Model):
    """A process QAtron starts for a run, on a free loopback port."""

    type: Literal["process"] = "process"
    command: str
    cwd: str = "."
    port: Port | Literal["auto"] = "auto"
    host: str = "127.0.0.1"
    env: dict[str, str] = Field(default_factory=dict)
    health_check: HealthCheck | None = None
    startup_timeout: Seconds = 30.0
    stop_timeout: Seconds = 5.0

    @field_validator("health_check", mode="before")
    @classmethod
    def _url_shorthand(cls, value: Any) -> Any:
        return {"url": value} if isinstance(value, str) else value


class PostgresService(_Model):
    """An isolated database created on a PostgreSQL server for one run, dropped afterwards.

    ``server`` is an admin connection URL (a role that may create databases);
    empty means ``$QATRON_POSTGRES_URL``.
    """

    type: Literal["postgres"]
    server: str | None = None
    schema_files: list[str] = Field(default_factory=list, alias="schema")
    startup_timeout: Seconds = 30.0


class SqliteService(_Model):
    """A SQLite database file in the run's folder, with schema files applied."""

    type: Literal["sqlite"]
    schema_files: list[str] = Field(default_factory=list, alias="schema")


class DockerService(_Model):
    """A container on the Docker engine; container ports are published on free host ports."""

    type: Literal["docker"]
    image: str
    command: str | list[str] | None = None
    ports: dict[Port, Port | Literal["auto"]] = Field(default_factory=dict)
    env: dict[str, str] = Field(default_factory=dict)
    host: str = "127.0.0.1"
    health_check: HealthCheck | None = None
    startup_timeout: Seconds = 60.0
    stop_timeout: Seconds = 5.0

    @field_validator("health_check", mode="before")
    @classmethod
    def _url_shorthand(cls, value: Any) -> Any:
        return {"url": value} if isinstance(value, str) else value


class S3Service(_Model):
    """A bucket of its own on an S3 endpoint (AWS, MinIO, moto), emptied and deleted afterwards.

    Credentials default to the usual ``AWS_*`` variables.
    """

    type: Literal["s3"]
    endpoint_url: str | None = None
    region: str = "us-east-1"
    access_key_id: str | None = None
    secret_access_key: str | None = None
    startup_timeout: Seconds = 30.0


class SeleniumGridService(_Model):
    """A Selenium Grid (standalone, Java) whose node drives the local Chromium through the
    ``chromedriver`` on PATH; its jar comes from ``make system-deps`` or $QATRON_SELENIUM_JAR."""

    type: Literal["selenium-grid"]
    port: Port | Literal["auto"] = "auto"
    host: str = "127.0.0.1"
    max_sessions: int = Field(2, ge=1, le=64)
    session_timeout: Seconds = 300.0
    startup_timeout: Seconds = 60.0
    stop_timeout: Seconds = 10.0


Service = Annotated[
    ProcessService | PostgresService | SqliteService | DockerService | S3Service
    | SeleniumGridService,
    Field(discriminator="type"),
]


class TestDataSpec(_Model):
    """Generated test data: a schema file, rows per table, a seed, and where to load it."""

    __test__ = False

    schema_file: str = Field(alias="schema")
    rows: dict[Name, Annotated[int, Field(ge=0)]] = Field(default_factory=dict)
    seed: int = Field(0, ge=0, le=2**32 - 1)
    format: Literal["csv", "parquet"] = "csv"
    load_into: Name | None = None


class Dataset(_Model):
    """Data the tests depend on, checked by a Great Expectations suite before a run.

    The data is a CSV/Parquet ``path`` or a ``table`` at a SQLAlchemy ``url``
    (which may name a service: ``{payment-db.url}``). ``expectations`` is a
    YAML/JSON file of expectations. ``generate`` makes ``refresh`` regenerate
    ``path`` (the table ``table`` of the generated data).
    """

    path: str | None = None
    url: str | None = None
    table: str | None = None
    expectations: str
    generate: TestDataSpec | None = None

    @model_validator(mode="after")
    def _one_source(self) -> Dataset:
        if (self.path is None) == (self.url is None):
            raise ValueError("give exactly one of 'path' (a CSV or Parquet file) or 'url' "
                             "(a database, with 'table')")
        if self.url is not None and self.table is None:
            raise ValueError("'url' needs 'table': the table to validate")
        return self


class Environment(_Model):
    """A named place to test: URLs handed to the tests and services to start."""

    base_url: str | None = None
    api_url: str | None = None
    dataset: str | None = None
    #: Handed to the tests as JSON: text, numbers, true/false, null, lists and mappings
    #: (a date is the text written).
    variables: dict[str, JsonValue] = Field(default_factory=dict)
    services: dict[Name, Service] = Field(default_factory=dict)
    data: TestDataSpec | None = None

    @field_validator("services", mode="before")
    @classmethod
    def _process_by_default(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {name: {"type": "process", **spec} if isinstance(spec, dict)
                    and "type" not in spec else spec for name, spec in value.items()}
        return value


class Application(_Model):
    """A folder with its own tests and test command.

    ``tests`` empty means what the project's own pytest configuration collects.
    Any other ``command`` is a shell template run once per shard with ``{files}``
    (and ``{shard}``); it writes the JUnit XML file ``junit`` and its test files are
    those ``discover`` matches (see :mod:`qatron.junit_runner`).
    """

    path: str = "."
    tests: list[str] = Field(default_factory=list)
    command: str = "pytest"
    pytest_args: list[str] = Field(default_factory=list)
    #: The interpreter the tests run with, or a virtualenv folder (its bin/python), relative
    #: to the project root; default: the application's .venv, else QAtron's own (see
    #: qatron.interpreter).
    python: str | None = None
    junit: str | None = None
    discover: list[str] = Field(default_factory=list)
    selection: SelectionRules = Field(default_factory=SelectionRules)
    #: The environment services the application runs as: when one of them is down, a
    #: journey's steps of this application do not run (see qatron.journeys).
    services: list[Name] = Field(default_factory=list)

    @field_validator("discover", mode="before")
    @classmethod
    def _one_glob(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @property
    def uses_pytest(self) -> bool:
        return self.command.strip() == "pytest"


class Browser(_Model):
    """How the ``driver`` fixture's browsers start (passed as ``QATRON_BROWSER_*``).

    ``grid_url`` may name a service's value (``{grid.url}``); ``grid_block`` names a
    Prefect ``selenium-grid`` block holding the URL. Neither: a local Chromium.
    """

    grid_url: str | None = None
    grid_block: str | None = None
    name: Literal["chrome", "chromium"] = "chrome"
    headless: bool = True
    window: str = Field("1280x800", pattern=r"^\s*\d+\s*[xX]\s*\d+\s*$")
    implicit_wait: float = Field(0.0, ge=0, le=3600)
    page_load_timeout: Seconds = 30.0
    reuse: bool = False

    @model_validator(mode="after")
    def _one_grid(self) -> Browser:
        if self.grid_url is not None and self.grid_block is not None:
            raise ValueError("give at most one of 'grid_url' or 'grid_block'")
        return self

    def merged(self, override: Browser | None) -> Browser:
        """These settings with those ``override`` sets (a suite's) in their place."""
        if override is None:
            return self
        update = override.model_dump(exclude_unset=True)
        if "grid_url" in update or "grid_block" in update:
            update = {"grid_url": None, "grid_block": None, **update}
        return self.model_copy(update=update)


class Suite(_Model):
    """Which tests to run, how to split them and how long they may take."""

    application: str | None = None
    layer: str | None = None
    tags: list[Name] = Field(default_factory=list)
    markers: str | None = None
    paths: list[str] = Field(default_factory=list)
    shards: int = Field(1, ge=1, le=64)
    retries: int = Field(0, ge=0, le=10)
    timeout: Seconds = 3600.0
    require_dataset_health: bool = False
    dataset: str | None = None
    browser: Browser | None = None
    selection: Literal["all", "changed"] = "all"
    #: history: shards balanced on recorded durations; queue: shards pull batches from a
    #: shared queue; auto: queue when none of the tests has a recorded duration.
    sharding: Literal["auto", "history", "queue"] = "auto"
    record_coverage: bool = False
    retry_on: list[RetryOn] = Field(default_factory=lambda: [RetryOn.FAILED])
    flaky_threshold: float = Field(0.2, ge=0, le=1)
    flaky_history: int = Field(20, ge=1, le=1000)
    #: Journeys run after the suite's tests, on the same environment.
    journeys: list[Name] = Field(default_factory=list)
    #: Load tests run after the suite's tests and journeys, on the same environment.
    load_tests: list[Name] = Field(default_factory=list)
    #: This suite's quality gates, over the project's key by key (qatron.gates).
    quality_gates: QualityGates | None = None

    @field_validator("retry_on")
    @classmethod
    def _something_to_retry(cls, value: list[RetryOn]) -> list[RetryOn]:
        if not value:
            raise ValueError(f"one or more of {', '.join(RetryOn)} (for no reruns, "
                             f"set retries: 0)")
        return value

    def marker_expression(self) -> str | None:
        """The pytest ``-m`` expression: tags ORed, then ANDed with ``markers``."""
        parts = []
        if self.tags:
            parts.append(" or ".join(self.tags))
        if self.markers:
            parts.append(self.markers)
        if len(parts) == 2:
            return f"({parts[0]}) and ({parts[1]})"
        return parts[0] if parts else None


class Quarantine(_Model):
    """A test whose failures do not fail the run until ``until`` (it still runs and is reported).

    ``test`` is a pytest node id; it also covers the parametrized cases of a
    test and the tests of a file or class it names.
    """

    test: str = Field(min_length=1)
    owner: str = Field(min_length=1)
    reason: str = Field(min_length=1)
    until: datetime.date

    def covers(self, nodeid: str) -> bool:
        return nodeid == self.test or nodeid.startswith((f"{self.test}::", f"{self.test}["))


class Coverage(_Model):
    thresholds: dict[str, float] = Field(default_factory=dict)
    fail_below_threshold: bool = False


class Results(_Model):
    database_url: str | None = None
    #: Run folders (reports, JUnit, logs) of runs that ended longer ago are removed by the
    #: ``cleanup-artifacts`` flow; their results stay in the store.
    retention_days: int = Field(default=30, ge=1, le=36500)
    #: Where each run's reports and artifacts are copied in S3 (qatron.artifacts_s3).
    artifacts: ArtifactStorage | None = None
    #: Write ``<run folder>/allure-results`` at the end of every run (qatron.allure).
    allure: bool = False


class FailureCategory(_Model):
    """A user category: regular expressions over a failure's message, traceback and logs."""

    name: Name
    patterns: list[str] = Field(min_length=1)

    @field_validator("patterns")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            problem = regex_problem(pattern)
            if problem:
                raise ValueError(f"pattern {pattern[:60]!r} is not a regular expression: "
                                 f"{problem}")
        return patterns


class Notifier(_Model):
    """Where a team's failure clusters are sent: a webhook (JSON or Slack-compatible),
    signed with the secret in ``secret_env``; or a Prefect notification block by name."""

    webhook: str | None = None
    #: ``json`` or ``slack`` (Slack's incoming-webhook payload); ``style:`` in qatron.yml too.
    format: Literal["json", "slack"] = "json"
    secret_env: str | None = None
    prefect_block: str | None = None
    timeout: Seconds = 10.0
    retries: int = Field(default=3, ge=0, le=10)

    @model_validator(mode="before")
    @classmethod
    def _style(cls, data: Any) -> Any:
        """``style: slack`` is ``format: slack``."""
        if isinstance(data, dict) and "style" in data:
            if "format" in data:
                raise ValueError("give style or format, not both (they are the same setting)")
            data = {("format" if key == "style" else key): value for key, value in data.items()}
        return data

    @model_validator(mode="after")
    def _somewhere(self) -> Notifier:
        if not self.webhook and not self.prefect_block:
            raise ValueError("give a webhook URL or a prefect_block name")
        if self.webhook and not re.match(r"https?://", self.webhook):
            raise ValueError(f"webhook {self.webhook!r} is not an http(s) URL")
        return self


class FailureAnalysis(_Model):
    """``failure_analysis:`` categories (first match wins), routing and notifications."""

    categories: list[FailureCategory] = Field(default_factory=list)
    routing: dict[str, str] = Field(default_factory=dict)
    default_team: str = "qa"
    notify: dict[str, Notifier] = Field(default_factory=dict)


class ProjectConfig(_Model):
    """The whole of ``qatron.yml``."""

    project: Name
    applications: dict[Name, Application] = Field(
        default_factory=lambda: {"default": Application()}, min_length=1
    )
    environments: dict[Name, Environment] = Field(default_factory=lambda: {"local": Environment()})
    suites: dict[Name, Suite]
    datasets: dict[Name, Dataset] = Field(default_factory=dict)
    coverage: Coverage = Field(default_factory=Coverage)
    results: Results = Field(default_factory=Results)
    quarantine: list[Quarantine] = Field(default_factory=list)
    failure_analysis: FailureAnalysis = Field(default_factory=FailureAnalysis)
    journeys: dict[Name, Journey] = Field(default_factory=dict)
    load_tests: LoadTests = Field(default_factory=LoadTests)
    browser: Browser | None = None
    analytics: Analytics = Field(default_factory=Analytics)
    webhooks: dict[Name, RunWebhook] = Field(default_factory=dict)
    #: Every suite's quality gates (qatron.gates); a suite's own override them key by key.
    quality_gates: QualityGates | None = None

    @model_validator(mode="after")
    def _known_references(self, info: ValidationInfo) -> ProjectConfig:
        first: dict[str, int] = {}
        for index, entry in enumerate(self.quarantine):
            if entry.test in first:
                raise _ReferenceError(("quarantine", str(index), "test"),
                                      f"each test quarantined once; {entry.test!r} is already "
                                      f"entry {first[entry.test]}")
            first[entry.test] = index
        for name, environment in self.environments.items():
            self._known_dataset(("environments", name, "dataset"), environment.dataset)
            target = environment.data.load_into if environment.data else None
            if target is not None and target not in environment.services:
                raise _ReferenceError(("environments", name, "data", "load_into"),
                                      f"one of the environment's services "
                                      f"({', '.join(environment.services) or 'none'}); "
                                      f"got {target!r}")
        for name, application in self.applications.items():
            check_runner(name, application, self._shards_of(name))
        for name, suite in self.suites.items():
            if suite.application is None and len(self.applications) > 1:
                raise _ReferenceError(
                    ("suites", name, "application"),
                    f"which application to test; one of: {', '.join(self.applications)}",
                )
            if suite.application is not None and suite.application not in self.applications:
                raise _ReferenceError(
                    ("suites", name, "application"),
                    f"one of the applications {', '.join(self.applications)}; "
                    f"got {suite.application!r}",
                )
            self._known_dataset(("suites", name, "dataset"), suite.dataset)
        for name, environment in self.environments.items():
            check_environment(name, environment)
        for name, dataset in self.datasets.items():
            check_dataset_url(name, dataset.url, self.environments)
        check_browser_url(("browser", "grid_url"), self.browser, self.environments)
        for name, suite in self.suites.items():
            check_browser_url(("suites", name, "browser", "grid_url"), suite.browser,
                              self.environments)
        check_paths(self)
        check_journeys(self, (info.context or {}).get("root"))
        check_load_tests(self, (info.context or {}).get("root"))
        return self

    def _shards_of(self, application: str) -> int:
        """The most shards of the suites that test ``application``."""
        first = next(iter(self.applications))
        return max((s.shards for s in self.suites.values()
                    if (s.application or first) == application), default=1)

    def _known_dataset(self, loc: tuple[str, ...], dataset: str | None) -> None:
        if dataset is not None and dataset not in self.datasets:
            known = ", ".join(self.datasets) or "none declared under 'datasets:'"
            raise _ReferenceError(loc, f"one of the datasets ({known}); got {dataset!r}")


_ReferenceError = ReferenceProblem


class Project:
    """A loaded ``qatron.yml`` together with where it lives."""

    def __init__(self, config: ProjectConfig, path: Path) -> None:
        self.config = config
        self.path = path
        self.root = path.parent

    @property
    def name(self) -> str:
        return self.config.project

    @property
    def state_dir(self) -> Path:
        """Where runs, logs and the default results database live."""
        return self.root / ".qatron"

    def suite(self, name: str) -> Suite:
        """Suite ``name``; ``journey:<name>`` is the suite of a journey run alone."""
        if name.startswith(JOURNEY_PREFIX):
            return self.journey_suite(name.removeprefix(JOURNEY_PREFIX))
        if name.startswith(LOAD_PREFIX):
            return self.load_suite(name.removeprefix(LOAD_PREFIX))
        return self.config.suites[_choose(name, self.config.suites, "suite", self.path)]

    def journey(self, name: str) -> Journey:
        return self.config.journeys[_choose(name, self.config.journeys, "journey", self.path)]

    def journey_suite(self, name: str) -> Suite:
        """A journey run alone, as a suite with no tests of its own."""
        journey = self.journey(name)
        return Suite(application=journey.steps[0].app, timeout=journey.timeout,
                     journeys=[name.strip()])

    def standalone_environment(self, suite: str) -> str:
        """The environment a journey or load test run alone uses by default: its own."""
        if suite.startswith(JOURNEY_PREFIX):
            return self.journey(suite.removeprefix(JOURNEY_PREFIX)).environment
        return self.load_test(suite.removeprefix(LOAD_PREFIX)).environment

    def load_test(self, name: str) -> LoadTest:
        tests = self.config.load_tests.tests
        return tests[_choose(name, tests, "load test", self.path)]

    def load_suite(self, name: str) -> Suite:
        """A load test run alone, as a suite with no tests of its own."""
        spec = self.load_test(name)
        return Suite(application=next(iter(self.config.applications)),
                     timeout=min(spec.shape.length + spec.stop_timeout + 300, WEEK),
                     load_tests=[name])

    def environment(self, name: str) -> Environment:
        """The environment ``name`` of qatron.yml, or the one provided for ``block:<name>``
        (see :mod:`qatron.config_blocks`)."""
        reference = BlockReference.parse(name)
        if reference is not None:
            return provided(reference)
        return self.config.environments[
            _choose(name, self.config.environments, "environment", self.path)
        ]

    def application_of(self, suite: Suite) -> tuple[str, Application]:
        name = suite.application or next(iter(self.config.applications))
        return name, self.config.applications[name]

    def application_dir(self, suite: Suite) -> Path:
        return (self.root / self.application_of(suite)[1].path).resolve()


#: A file modified this recently is read again even if its size and time look unchanged
#: (a rewrite within the file system's clock tick keeps its mtime).
_SETTLED_NS = 2_000_000_000
_CACHE_SIZE = 16
_cache: dict[Path, tuple[tuple[int, int, int], Project]] = {}
_cache_lock = threading.Lock()


def load_project(path: str | Path = ".") -> Project:
    """Read and validate ``qatron.yml``; raise ConfigError naming file, key and line.

    A file already loaded, unchanged since (same mtime, size and inode), is not read again.
    """
    config_path = find_config(path)
    try:
        stat = config_path.stat()
    except OSError as exc:
        raise ConfigError(f"{config_path}: cannot be read ({exc.strerror or exc})") from None
    version = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
    with _cache_lock:
        cached = _cache.get(config_path)
    if cached is not None and cached[0] == version:
        return cached[1]
    project = _load(config_path)
    if time.time_ns() - stat.st_mtime_ns > _SETTLED_NS:
        with _cache_lock:
            _cache.pop(config_path, None)
            _cache[config_path] = (version, project)
            while len(_cache) > _CACHE_SIZE:
                _cache.pop(next(iter(_cache)))
    return project


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a large tree is built (it holds no cycles)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@_collector_paused()
def _load(config_path: Path) -> Project:
    text = read_text(config_path)
    root = compose_text(text, config_path)
    try:
        data = construct(root)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{config_path}: {yaml_problem(exc, text)}") from None
    if not isinstance(data, dict):
        line = root.start_mark.line + 1 if root is not None else 1
        raise ConfigError(f"{config_path}:{line}: expected a mapping with 'project' and "
                          f"'suites' at the top level")
    return Project(validate_config(data, config_path, root, config_path.parent), config_path)


def validate_config(data: Any, where: Path, root: yaml.Node | None = None,
                    folder: Path | None = None) -> ProjectConfig:
    """``data`` (qatron.yml's content, or the same built in Python) as a ProjectConfig.

    ConfigError names ``where``, the key path, what was expected and, given the YAML
    tree ``root``, the line; data built in Python gets the same messages without lines.
    Given the project ``folder``, the tests journeys name are looked for in it.
    """
    try:
        return ProjectConfig.model_validate(data, context={"root": folder})
    except ValidationError as exc:
        raise ConfigError(_describe(exc, where, root)) from None
    except ReferenceProblem as exc:
        raise ConfigError(_format(where, root, exc.loc, exc.expected)) from None


_yaml_problem = yaml_problem


def _describe(exc: ValidationError, path: Path, root: yaml.Node | None) -> str:
    by_key: dict[tuple[str, ...], list[str]] = {}
    for err in exc.errors():
        loc = tuple(str(p) for p in err["loc"])
        if err["type"] == "union_tag_invalid":
            loc += (err["ctx"]["discriminator"].strip("'"),)
        by_key.setdefault(_clean(loc), []).append(_expected(err))
    return redact("\n".join(
        _format(path, root, loc, _join(expectations)) for loc, expectations in by_key.items()
    ))


def _join(expectations: list[str]) -> str:
    """Merge the alternatives of a union: 'expected an integer' + "expected 'auto'"."""
    unique = list(dict.fromkeys(expectations))
    if len(unique) == 1:
        return unique[0]
    got = unique[0].rpartition("; got ")[2]
    wanted = [e.removeprefix("expected ").rpartition("; got ")[0] or e for e in unique]
    return f"expected {' or '.join(wanted)}; got {got}"


def _expected(err: ErrorDetails) -> str:
    kind, got = err["type"], _Shown(err.get("input"))
    if kind == "missing":
        return "this key is required"
    if kind == "extra_forbidden":
        return "unknown key (check its spelling)"
    if kind == "union_tag_invalid":
        return f"expected one of {err['ctx']['expected_tags']}; got {err['ctx']['tag']!r}"
    if kind == "string_pattern_mismatch":
        return f"a name of letters, digits, '.', '_' or '-'; got {got!r}"
    if kind == "invalid-json-value":
        return (f"expected text, a number, true/false, null, or a list or mapping of them; "
                f"got {type(got.value).__name__} {got!r}")
    message = err["msg"].removeprefix("Value error, ").removeprefix("Input should be ")
    message = message.split(", unable to parse")[0] or "something else"
    return f"expected {message[0].lower()}{message[1:]}; got {got!r}"


class _Shown:
    """An input as an error message shows it: its repr, cut short."""

    def __init__(self, value: Any, limit: int = 80) -> None:
        self.value = value
        self.limit = limit

    def __repr__(self) -> str:
        text = repr(self.value)
        return text if len(text) <= self.limit else f"{text[:self.limit]}…"


_SERVICE_TYPES = ("process", "postgres", "sqlite", "docker", "s3")
_BRANCH = re.compile(r"(function|constrained)-.*|(literal|list|dict)\[.*"
                     r"|int|str|float|bool|list|dict")


def _clean(loc: tuple[str, ...]) -> tuple[str, ...]:
    """Drop pydantic's union-branch names (and service-type tags) from an error location."""
    kept = tuple(p for p in loc if not _BRANCH.fullmatch(p))
    if kept[:2] == ("load_tests", "tests"):  # load_tests: holds its tests flat
        kept = kept[:1] + kept[2:]
    return tuple(p for i, p in enumerate(kept)
                 if not (i >= 2 and kept[i - 2] == "services" and p in _SERVICE_TYPES))


def _format(path: Path, root: yaml.Node | None, loc: tuple[str, ...], what: str) -> str:
    loc = _clean(loc)
    line = _line_of(root, loc)
    where = f"{path}:{line}" if line else str(path)
    key = key_path(loc)
    return f"{where}: {key}: {what}"


def _line_of(node: yaml.Node | None, loc: tuple[str, ...]) -> int | None:
    """The 1-based line of the deepest node of ``loc`` found in the YAML tree."""
    found = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        child = None
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if str(k.value) == part), None)
        elif isinstance(node, yaml.SequenceNode) and part.isdigit() and int(part) < len(node.value):
            child = node.value[int(part)]
        if child is None:
            break
        node, found = child, child.start_mark.line + 1
    return found


def describe_errors(exc: ValidationError, where: str) -> str:
    """A validation error of data that has no file lines, e.g. a Prefect block's fields."""
    return _describe(exc, Path(where), None)


def _choose(name: str, options: dict[str, Any], kind: str, path: Path) -> str:
    if name in options:
        return name
    valid = ", ".join(sorted(options)) or "(none defined)"
    hint = difflib.get_close_matches(name, list(options), n=1)
    suggestion = f" Did you mean {hint[0]!r}?" if hint else ""
    raise ConfigError(f"{path}: no {kind} {name!r}; valid {kind}s: {valid}.{suggestion}")
