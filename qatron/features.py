"""Gherkin features of an application: an index, undefined steps, and results per scenario.

``index_features(app_dir)`` parses every ``.feature`` file under the application's folder
with the official Gherkin parser (the one pytest-bdd uses) and finds the step definitions
of its Python files statically (``@given/@when/@then/@step`` with a plain string or
``parsers.parse/cfparse/re``), matched as pytest-bdd matches them. ``features_status``
maps a run's results to the scenarios: through the ``scenario`` QAtron's pytest plugin
records on each result, else through the test name pytest-bdd's ``scenarios()`` gives it.
"""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from gherkin.errors import CompositeParserException, ParserError
from gherkin.parser import Parser

from qatron.errors import ConfigError
from qatron.models import Outcome, TestResult

_SKIPPED_DIRS = {"node_modules", "venv", "site-packages", "__pycache__"}
_STEP_DECORATORS = {"given": "given", "when": "when", "then": "then", "step": "step"}
_KEYWORD_TYPES = {"Context": "given", "Action": "when", "Outcome": "then"}


class FeatureError(ConfigError):
    """A feature file the Gherkin parser refuses; the message names file and line."""


@dataclass
class Step:
    keyword: str
    text: str
    line: int
    has_data_table: bool = False
    #: given, when or then: what an And/But/* step continues.
    type: str = "given"


@dataclass
class Scenario:
    name: str
    line: int
    tags: list[str] = field(default_factory=list)
    outline: bool = False
    examples: int = 0
    steps: list[Step] = field(default_factory=list)
    #: The examples' rows ({column: value}); an outline's steps are checked with each.
    rows: list[dict[str, str]] = field(default_factory=list, repr=False)


@dataclass
class Feature:
    name: str
    path: str
    line: int
    tags: list[str] = field(default_factory=list)
    scenarios: list[Scenario] = field(default_factory=list)
    background: list[Step] = field(default_factory=list)


@dataclass
class StepDefinition:
    type: str
    pattern: str
    parser: str
    file: str
    line: int


@dataclass
class UndefinedStep:
    file: str
    line: int
    text: str


@dataclass
class FeatureIndex:
    features: list[Feature]
    definitions: list[StepDefinition]
    undefined: list[UndefinedStep]

    def to_json(self) -> dict[str, Any]:
        features = [asdict(f) for f in self.features]
        for feature in features:
            for scenario in feature["scenarios"]:
                del scenario["rows"]
        return {"features": features, "definitions": [asdict(d) for d in self.definitions],
                "undefined": [asdict(u) for u in self.undefined]}


def index_features(app_dir: Path) -> FeatureIndex:
    """Every feature under ``app_dir``, its step definitions and the steps none matches."""
    features = [parse_feature(path, app_dir) for path in _files(app_dir, ".feature")]
    definitions = [d for path in _files(app_dir, ".py") for d in step_definitions(path, app_dir)]
    return FeatureIndex(features, definitions, undefined_steps(features, definitions))


def _files(root: Path, suffix: str) -> list[Path]:
    found: list[Path] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIPPED_DIRS)
        found += [Path(folder, name) for name in sorted(files) if name.endswith(suffix)]
    return found


def parse_feature(path: Path, base: Path) -> Feature:
    """One ``.feature`` file; :class:`FeatureError` with ``file:line: message`` if malformed."""
    shown = path.relative_to(base).as_posix() if path.is_relative_to(base) else str(path)
    try:
        document = Parser().parse(path.read_text(encoding="utf-8"))
    except CompositeParserException as error:
        raise FeatureError(_parse_error(shown, error.errors[0])) from None
    except ParserError as error:
        raise FeatureError(_parse_error(shown, error)) from None
    except (OSError, UnicodeDecodeError) as error:
        raise FeatureError(f"{shown}: cannot read the feature file: {error}") from None
    data: dict[str, Any] = dict(document.get("feature", {}))
    if not data:
        raise FeatureError(f"{shown}:1: no `Feature:` in this file; add one or remove the file")
    feature = Feature(name=data["name"], path=shown, line=data["location"]["line"],
                      tags=_tags(data))
    _add_children(feature, data["children"], [])
    return feature


def _parse_error(shown: str, error: Any) -> str:
    location = getattr(error, "location", None) or {}
    message = re.sub(r"^\(\d+:\d+\): ", "", str(error))
    return f"{shown}:{location.get('line', 1)}: malformed Gherkin: {message}"


def _tags(data: dict[str, Any]) -> list[str]:
    return [str(tag["name"]).removeprefix("@") for tag in data.get("tags", [])]


def _add_children(feature: Feature, children: list[dict[str, Any]], rule_tags: list[str]) -> None:
    for child in children:
        if "background" in child and not rule_tags:
            feature.background = _steps(child["background"]["steps"])
        elif "scenario" in child:
            feature.scenarios.append(_scenario(child["scenario"], rule_tags))
        elif "rule" in child:
            _add_children(feature, child["rule"]["children"], [*_tags(child["rule"]), "rule"])


def _scenario(data: dict[str, Any], rule_tags: list[str]) -> Scenario:
    rows = [
        {h["value"]: c["value"] for h, c in zip(ex["tableHeader"]["cells"], row["cells"],
                                                   strict=False)}
        for ex in data.get("examples", []) if ex.get("tableHeader")
        for row in ex.get("tableBody", [])
    ]
    tags = [*_tags(data), *(t for t in rule_tags if t != "rule")]
    return Scenario(name=data["name"], line=data["location"]["line"], tags=tags,
                    outline=bool(data.get("examples")), examples=len(rows),
                    steps=_steps(data["steps"]), rows=rows)


def _steps(data: list[dict[str, Any]]) -> list[Step]:
    steps: list[Step] = []
    for step in data:
        kind = _KEYWORD_TYPES.get(step.get("keywordType", ""), steps[-1].type if steps else "given")
        steps.append(Step(keyword=step["keyword"].strip(), text=step["text"],
                          line=step["location"]["line"], has_data_table="dataTable" in step,
                          type=kind))
    return steps


def step_definitions(path: Path, base: Path) -> list[StepDefinition]:
    """The pytest-bdd step definitions of one Python file (decorators read, not run)."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except (OSError, UnicodeDecodeError, SyntaxError, ValueError):
        return []
    shown = path.relative_to(base).as_posix() if path.is_relative_to(base) else str(path)
    return [d for node in ast.walk(tree) if isinstance(node, ast.Call)
            for d in _definition(node, shown)]


def _definition(call: ast.Call, shown: str) -> Iterator[StepDefinition]:
    kind = _STEP_DECORATORS.get(_name_of(call.func))
    argument = call.args[0] if call.args else next(
        (k.value for k in call.keywords if k.arg == "name"), None)
    if kind is None or argument is None:
        return
    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
        yield StepDefinition(kind, argument.value, "string", shown, call.lineno)
    elif isinstance(argument, ast.Call) and argument.args:
        parser, pattern = _name_of(argument.func), argument.args[0]
        if parser in ("parse", "cfparse", "re", "string") and isinstance(pattern, ast.Constant) \
                and isinstance(pattern.value, str):
            yield StepDefinition(kind, pattern.value, parser, shown, call.lineno)


def _name_of(node: ast.expr) -> str:
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""


def matches(definition: StepDefinition, step_type: str, text: str) -> bool:
    """Whether pytest-bdd would run ``definition`` for a step of ``step_type`` and ``text``."""
    if definition.type not in (step_type, "step"):
        return False
    return bool(_matcher(definition)(text))


def _matcher(definition: StepDefinition) -> Any:
    from pytest_bdd import parsers

    pattern = definition.pattern
    if definition.parser == "re":
        return lambda text: re.fullmatch(pattern, text) is not None
    if definition.parser == "parse":
        return parsers.parse(pattern).is_matching
    if definition.parser == "cfparse":
        try:
            return parsers.cfparse(pattern).is_matching
        except (ValueError, KeyError, TypeError):  # a type of extra_types, unknown here
            return parsers.parse(re.sub(r"\{(\w*):[^}]*\}", r"{\1}", pattern)).is_matching
    return lambda text: text == pattern


def undefined_steps(features: Iterable[Feature],
                    definitions: list[StepDefinition]) -> list[UndefinedStep]:
    """Steps no definition matches (an outline's step: with one of its examples' rows)."""
    matchers = [(d, _matcher(d)) for d in definitions]
    undefined: dict[tuple[str, int], UndefinedStep] = {}
    for feature in features:
        for rows, step in _steps_to_check(feature):
            for row in rows:
                text = _render(step.text, row)
                if not any(d.type in (step.type, "step") and match(text)
                           for d, match in matchers):
                    undefined[(feature.path, step.line)] = UndefinedStep(
                        feature.path, step.line, step.text)
    return list(undefined.values())


def _steps_to_check(feature: Feature) -> Iterator[tuple[list[dict[str, str]], Step]]:
    for step in feature.background:
        yield [{}], step
    for scenario in feature.scenarios:
        for step in scenario.steps:
            yield scenario.rows or [{}], step


def _render(text: str, row: dict[str, str]) -> str:
    return re.sub(r"<([^<>]+)>", lambda m: row.get(m.group(1), m.group(0)), text)


def python_name(scenario_name: str) -> str:
    """The test name pytest-bdd's ``scenarios()`` gives a scenario (before a ``_N`` suffix)."""
    name = re.sub(r"\W", "", scenario_name.replace(" ", "_"))
    return "test_" + re.sub(r"^\d+_*", "", name).lower()


@dataclass
class ScenarioStatus:
    name: str
    line: int
    #: passed, failed, skipped or "not run" (no result of the run is this scenario).
    status: str
    tests: list[str] = field(default_factory=list)


@dataclass
class FeatureStatus:
    name: str
    path: str
    scenarios: list[ScenarioStatus]
    undefined: list[UndefinedStep]

    def count(self, status: str) -> int:
        return sum(1 for s in self.scenarios if s.status == status)

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "passed": self.count("passed"), "failed": self.count("failed"),
                "not_run": self.count("not run")}


def features_status(index: FeatureIndex, results: Iterable[TestResult]) -> list[FeatureStatus]:
    """Each feature's scenarios with the outcome of the run's tests that ran them."""
    by_scenario: dict[tuple[str, int], list[TestResult]] = {}
    by_name: dict[str, list[TestResult]] = {}
    for result in results:
        if result.scenario:
            key = (str(result.scenario.get("feature")), int(result.scenario.get("line", 0)))
            by_scenario.setdefault(key, []).append(result)
        else:
            function = result.nodeid.split("::")[-1].split("[")[0]
            for name in dict.fromkeys([function, re.sub(r"_\d+$", "", function)]):
                by_name.setdefault(name, []).append(result)  # test_x_1: a second "x"
    return [
        FeatureStatus(feature.name, feature.path, [
            _scenario_status(s, by_scenario.get((feature.path, s.line))
                             or by_name.get(python_name(s.name), []))
            for s in feature.scenarios],
            [u for u in index.undefined if u.file == feature.path])
        for feature in index.features
    ]


def run_features_status(app_dir: Path, results: Iterable[TestResult]) -> list[FeatureStatus]:
    """The features a run touched, each with all its scenarios (those it did not run as
    "not run") and undefined steps; from the results alone when a feature file is
    malformed (``qatron features index`` names it)."""
    results = list(results)
    if not any(result.scenario for result in results):
        return []
    try:
        statuses = features_status(index_features(app_dir), results)
    except FeatureError:
        return statuses_from_results(results)
    return [status for status in statuses if any(s.tests for s in status.scenarios)]


def _scenario_status(scenario: Scenario, results: list[TestResult]) -> ScenarioStatus:
    outcomes = {r.outcome for r in results}
    if not results:
        status = "not run"
    elif any(o.is_failure for o in outcomes):
        status = "failed"
    elif outcomes <= {Outcome.SKIPPED}:
        status = "skipped"
    else:
        status = "passed"
    return ScenarioStatus(scenario.name, scenario.line, status, [r.nodeid for r in results])


_NOT_FOUND = re.compile(r'Step definition is not found: \w+ "(?P<text>.*?)"\. Line (?P<line>\d+)')


def statuses_from_results(results: Iterable[TestResult]) -> list[FeatureStatus]:
    """Features status without the features index: the scenarios the run's results name
    (their ``scenario``), and the undefined steps pytest-bdd reported in their failures."""
    features: dict[str, dict[tuple[int, str], list[TestResult]]] = {}
    undefined: dict[str, dict[int, UndefinedStep]] = {}
    for result in results:
        if not result.scenario:
            continue
        path = str(result.scenario.get("feature"))
        key = (int(result.scenario.get("line", 0)), str(result.scenario.get("name")))
        features.setdefault(path, {}).setdefault(key, []).append(result)
        for found in _NOT_FOUND.finditer(f"{result.message}\n{result.traceback}"):
            line = int(found["line"])
            undefined.setdefault(path, {})[line] = UndefinedStep(path, line, found["text"])
    return [
        FeatureStatus(path, path, [
            _scenario_status(Scenario(name, line), tests)
            for (line, name), tests in sorted(scenarios.items())],
            sorted(undefined.get(path, {}).values(), key=lambda u: u.line))
        for path, scenarios in sorted(features.items())
    ]
