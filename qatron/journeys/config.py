"""``journeys:`` in qatron.yml: tests of several applications in sequence, passing data.

::

    journeys:
      checkout:
        steps:
          - {app: user-service, test: "journeys/test_users.py::test_login",
             outputs: {token: {type: str, secret: true}}}
          - {app: payment-service, test: "journeys/test_payments.py::test_create_payment",
             retries: 1}
          - {app: web-frontend, test: test/confirmation.test.mjs}
        data_flow:
          user-service.test_login.return.token:
            payment-service.test_create_payment.headers.Authorization
          payment-service.test_create_payment.return.payment_id:
            web-frontend.confirmation.payment_id

A step is ``<app>.<name>``: the name is the test function (a pytest node id), the test
file's stem (a runner that writes JUnit XML) or the suite; ``name:`` sets another.
A ``data_flow`` key is an output of a step (``<step>.return.<output>``, ``return.`` or
``outputs.`` optional, then keys inside it), its value the input of a later step
(``<step>.<input>``, dots making nested mappings). :func:`check_journeys` checks what
can be checked before anything runs; :mod:`qatron.journeys.plan` orders the steps.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from qatron.config_refs import ReferenceProblem

if TYPE_CHECKING:
    from qatron.config import Application, ProjectConfig

NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
Name = Annotated[str, Field(pattern=NAME_PATTERN)]
ValueType = Literal["str", "int", "float", "bool", "dict", "list", "any"]
#: Prefixes a data_flow source may put before the output's name.
OUTPUT_PREFIXES = ("return.", "outputs.")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class OutputSpec(_Model):
    """An output a step publishes: its type (checked when it is published) and whether it
    is a secret (masked in logs, artifacts, the store and the report)."""

    type: ValueType = "any"
    secret: bool = False


class JourneyStep(_Model):
    """One test (or a whole suite) of one application."""

    app: Name
    test: str | None = Field(None, min_length=1)
    suite: Name | None = None
    name: Name | None = None
    after: list[str] = Field(default_factory=list)
    retries: int = Field(0, ge=0, le=10)
    timeout: float = Field(600.0, gt=0, le=7 * 24 * 3600.0)
    inputs: dict[str, ValueType] = Field(default_factory=dict)
    outputs: dict[Name, OutputSpec] = Field(default_factory=dict)

    @field_validator("outputs", mode="before")
    @classmethod
    def _type_shorthand(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: {"type": v} if isinstance(v, str) else v for k, v in value.items()}
        return value

    @model_validator(mode="after")
    def _one_target(self) -> JourneyStep:
        if (self.test is None) == (self.suite is None):
            raise ValueError("give exactly one of 'test' (a test of the application) or "
                             "'suite' (one of its suites)")
        return self

    @property
    def id(self) -> str:
        """``<app>.<name>``: how data_flow, ``after`` and the report name the step."""
        return f"{self.app}.{self.name or self.default_name}"

    @property
    def default_name(self) -> str:
        if self.suite is not None:
            return self.suite
        assert self.test is not None
        if "::" in self.test:
            return self.test.rsplit("::", 1)[1].split("[", 1)[0]
        stem = Path(self.test).name.split(".")[0]  # confirmation.test.mjs: confirmation
        return stem.removesuffix("_test").removesuffix("_spec")


class Journey(_Model):
    """Steps across applications, in the order data_flow and ``after`` give."""

    steps: list[JourneyStep] = Field(min_length=1)
    data_flow: dict[str, str] = Field(default_factory=dict)
    #: The environment ``qatron journey run`` provisions when none is given.
    environment: Name = "local"
    timeout: float = Field(1800.0, gt=0, le=7 * 24 * 3600.0)

    def step(self, step_id: str) -> JourneyStep:
        return next(s for s in self.steps if s.id == step_id)


Loc = tuple[str, ...]


def split_reference(ref: str, step_ids: list[str]) -> tuple[str, str] | None:
    """``<step>.<rest>`` cut at the longest step id that prefixes it; None if none does."""
    for step_id in sorted(step_ids, key=len, reverse=True):
        if ref.startswith(step_id + ".") and len(ref) > len(step_id) + 1:
            return step_id, ref[len(step_id) + 1:]
    return None


def output_path(rest: str) -> list[str]:
    """The output name and the keys inside it, from what follows ``<step>.`` in a source."""
    for prefix in OUTPUT_PREFIXES:
        if rest.startswith(prefix):
            rest = rest[len(prefix):]
            break
    return rest.split(".")


def check_journeys(config: ProjectConfig, root: Path | None) -> None:
    """Each journey's steps, references and data flow; tests exist when ``root`` (the
    project folder) is known. Raises ReferenceProblem with the key path."""
    for name, journey in config.journeys.items():
        _check_journey(config, name, journey, root)
    for suite_name, suite in config.suites.items():
        for index, journey_name in enumerate(suite.journeys):
            if journey_name not in config.journeys:
                known = ", ".join(config.journeys) or "none declared under 'journeys:'"
                raise ReferenceProblem(("suites", suite_name, "journeys", str(index)),
                                       f"one of the journeys ({known}); got {journey_name!r}")
    services = {s for env in config.environments.values() for s in env.services}
    for app_name, application in config.applications.items():
        for index, service in enumerate(application.services):
            if service not in services:
                raise ReferenceProblem(
                    ("applications", app_name, "services", str(index)),
                    f"a service of one of the environments "
                    f"({', '.join(sorted(services)) or 'none'}); got {service!r}")


def _check_journey(config: ProjectConfig, name: str, journey: Journey, root: Path | None) -> None:
    where: Loc = ("journeys", name)
    if journey.environment not in config.environments:
        raise ReferenceProblem((*where, "environment"),
                               f"one of the environments ({', '.join(config.environments)}); "
                               f"got {journey.environment!r}")
    seen: dict[str, int] = {}
    for index, step in enumerate(journey.steps):
        loc = (*where, "steps", str(index))
        if step.app not in config.applications:
            raise ReferenceProblem((*loc, "app"), f"one of the applications "
                                   f"({', '.join(config.applications)}); got {step.app!r}")
        if step.id in seen:
            raise ReferenceProblem((*loc, "name"), f"a name no other step of the journey has; "
                                   f"step {seen[step.id]} is already {step.id!r}")
        seen[step.id] = index
        _check_target(config, loc, step, root)
    ids = list(seen)
    for index, step in enumerate(journey.steps):
        for position, other in enumerate(step.after):
            if other not in seen or other == step.id:
                raise ReferenceProblem((*where, "steps", str(index), "after", str(position)),
                                       f"another step of the journey ({', '.join(ids)}); "
                                       f"got {other!r}")
    fed: dict[str, set[str]] = {step_id: set() for step_id in ids}
    for source, target in journey.data_flow.items():
        loc = (*where, "data_flow", source)
        produced = _source(journey, loc, source, ids)
        consumer, inputs = _target(journey, loc, target, ids)
        if produced[0] == consumer:
            raise ReferenceProblem(loc, f"an input of another step than {consumer!r}, "
                                        f"which produces it")
        fed[consumer].add(inputs)
        _check_types(journey, loc, produced, consumer, inputs)
    for index, step in enumerate(journey.steps):
        for wanted in step.inputs:
            if wanted not in fed[step.id]:
                raise ReferenceProblem(
                    (*where, "steps", str(index), "inputs", wanted),
                    f"an input some step produces: no data_flow entry ends in "
                    f"{step.id}.{wanted}")
    from qatron.journeys.plan import cycle_of

    cycle = cycle_of(journey)
    if cycle:
        raise ReferenceProblem(where, "steps that do not wait on each other in a cycle; "
                                      f"data_flow and after make {' -> '.join(cycle)}")


def _check_target(config: ProjectConfig, loc: Loc, step: JourneyStep, root: Path | None) -> None:
    application = config.applications[step.app]
    if step.suite is not None:
        suite = config.suites.get(step.suite)
        if suite is None:
            raise ReferenceProblem((*loc, "suite"),
                                   f"one of the suites ({', '.join(config.suites)}); "
                                   f"got {step.suite!r}")
        owner = suite.application or next(iter(config.applications))
        if owner != step.app:
            raise ReferenceProblem((*loc, "suite"), f"a suite of application {step.app!r}; "
                                                    f"{step.suite!r} tests {owner!r}")
        return
    assert step.test is not None
    if not application.uses_pytest and "::" in step.test:
        raise ReferenceProblem((*loc, "test"), f"a test file of {step.app!r} (its runner "
                                               f"writes JUnit XML: the file is the unit)")
    if root is not None:
        problem = missing_test(root / application.path, step.test, application)
        if problem:
            raise ReferenceProblem((*loc, "test"), problem)


def missing_test(app_dir: Path, test: str, application: Application) -> str | None:
    """What is wrong with ``test`` in the application folder, or None when it is there."""
    file, _, rest = test.partition("::")
    path = app_dir / file
    if not path.is_file():
        return f"a test file inside {app_dir}; {file!r} does not exist"
    if not application.uses_pytest or not rest:
        return None
    names = [part.split("[", 1)[0] for part in rest.split("::")]
    try:
        tree = ast.parse(path.read_text(encoding="utf-8", errors="replace"))
    except SyntaxError as exc:
        return f"a test in {file}, which does not parse (line {exc.lineno}: {exc.msg})"
    scope: list[ast.stmt] = tree.body
    for name in names:
        found = next((node for node in scope if getattr(node, "name", None) == name and isinstance(
            node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))), None)
        if found is None:
            defined = [n.name for n in scope if isinstance(
                n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                and n.name.startswith(("test", "Test"))]
            return (f"a test of {file}; there is no {name!r} in it "
                    f"(tests there: {', '.join(defined) or 'none'})")
        scope = found.body if isinstance(found, ast.ClassDef) else []
    return None


def _source(journey: Journey, loc: Loc, source: str, ids: list[str]) -> tuple[str, list[str]]:
    split = split_reference(source, ids)
    if split is None:
        raise ReferenceProblem(loc, f"an output of a step, '<step>.return.<output>' with <step> "
                                    f"one of {', '.join(ids)}")
    step_id, rest = split
    path = output_path(rest)
    declared = journey.step(step_id).outputs
    if declared and path[0] not in declared:
        raise ReferenceProblem(loc, f"an output {step_id} declares ({', '.join(declared)}); "
                                    f"got {path[0]!r}")
    return step_id, path


def _target(journey: Journey, loc: Loc, target: str, ids: list[str]) -> tuple[str, str]:
    split = split_reference(target, ids)
    if split is None:
        raise ReferenceProblem(loc, f"the input of a step, '<step>.<input>' with <step> one of "
                                    f"{', '.join(ids)}; got {target!r}")
    step_id, rest = split
    declared = journey.step(step_id).inputs
    if declared and rest not in declared:
        raise ReferenceProblem(loc, f"an input {step_id} declares ({', '.join(declared)}); "
                                    f"got {rest!r}")
    return step_id, rest


def _check_types(journey: Journey, loc: Loc, produced: tuple[str, list[str]], consumer: str,
                 input_name: str) -> None:
    step_id, path = produced
    spec = journey.step(step_id).outputs.get(path[0])
    made = spec.type if spec is not None and len(path) == 1 else "any"
    wanted = journey.step(consumer).inputs.get(input_name, "any")
    if "any" not in (made, wanted) and made != wanted:
        raise ReferenceProblem(loc, f"an output whose type matches the input: {step_id} "
                                    f"publishes {path[0]} as {made}, {consumer} reads "
                                    f"{input_name} as {wanted}")
