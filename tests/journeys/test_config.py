"""Malformed journeys are refused when qatron.yml is read: file, line, key, expectation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import qatron
from qatron.config import load_project
from qatron.errors import ConfigError
from qatron.journeys.plan import JourneyPlan
from tests.journeys.project import CHECKOUT, journey_project


def _error(tmp_path: Path, journeys: str, **edits: str) -> str:
    project = journey_project(tmp_path / "p", tmp_path / "tokens", journeys)
    config = project / "qatron.yml"
    text = config.read_text()
    for old, new in edits.items():
        text = text.replace(old.replace("__", " "), new)
    config.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_project(project)
    message = str(caught.value)
    assert message.startswith(f"{config}:"), message
    return message


def _line(message: str) -> int:
    found = re.match(r".*qatron\.yml:(\d+): ", message)
    assert found, message
    return int(found.group(1))


def _line_of(tmp_path: Path, needle: str) -> int:
    lines = (tmp_path / "p" / "qatron.yml").read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def test_the_example_journey_loads_and_orders_its_steps(tmp_path: Path) -> None:
    project = load_project(journey_project(tmp_path / "p", tmp_path / "t", CHECKOUT))
    plan = JourneyPlan.of(project.journey("checkout"))
    assert plan.order == ["users.test_login", "orders.test_place_order", "web.order"]
    assert plan.needs["web.order"] == {"users.test_login", "orders.test_place_order"}


def test_an_unknown_application(tmp_path: Path) -> None:
    message = _error(tmp_path, CHECKOUT.replace("{app: web,", "{app: wbe,"))
    assert "journeys.checkout.steps.2.app: one of the applications (users, orders, ledger, " \
           "web); got 'wbe'" in message
    assert _line(message) == _line_of(tmp_path, "app: wbe")


def test_an_unknown_test_function_and_an_unknown_file(tmp_path: Path) -> None:
    message = _error(tmp_path, CHECKOUT.replace("test_place_order\",", "test_place_ordr\","))
    assert ("journeys.checkout.steps.1.test: a test of steps/test_orders.py; there is no "
            "'test_place_ordr' in it (tests there: test_place_order)") in message
    message = _error(tmp_path, CHECKOUT.replace("test/order.test.mjs", "test/ordre.test.mjs"))
    assert "journeys.checkout.steps.2.test: a test file inside" in message
    assert "'test/ordre.test.mjs' does not exist" in message


def test_an_input_nobody_produces(tmp_path: Path) -> None:
    journeys = CHECKOUT.replace("{app: web, test: test/order.test.mjs}",
                                "{app: web, test: test/order.test.mjs, "
                                "inputs: {token: str, order_id: str, receipt: str}}")
    message = _error(tmp_path, journeys)
    assert ("journeys.checkout.steps.2.inputs.receipt: an input some step produces: no "
            "data_flow entry ends in web.order.receipt") in message


def test_an_output_of_an_unknown_step_and_an_undeclared_output(tmp_path: Path) -> None:
    message = _error(tmp_path, CHECKOUT.replace("users.test_login.outputs.token:",
                                                "users.test_logon.outputs.token:"))
    assert "journeys.checkout.data_flow.users.test_logon.outputs.token: an output of a step" \
           in message
    message = _error(tmp_path, CHECKOUT.replace("users.test_login.outputs.token:",
                                                "users.test_login.outputs.tokn:"))
    assert "an output users.test_login declares (token, bearer); got 'tokn'" in message


def test_a_cycle(tmp_path: Path) -> None:
    journeys = CHECKOUT.replace('outputs: {token: {type: str, secret: true}, bearer: str}}',
                                'outputs: {token: {type: str, secret: true}, bearer: str}, '
                                'after: [web.order]}')
    message = _error(tmp_path, journeys)
    assert "journeys.checkout: steps that do not wait on each other in a cycle" in message
    assert re.search(r"make (\S+) -> .* -> \1$", message), message


def test_a_type_mismatch(tmp_path: Path) -> None:
    message = _error(tmp_path, CHECKOUT.replace("bearer: str}", "bearer: int}"))
    assert ("journeys.checkout.data_flow.users.test_login.return.bearer: an output whose type "
            "matches the input: users.test_login publishes bearer as int, "
            "orders.test_place_order reads headers.Authorization as str") in message
    assert _line(message) == _line_of(tmp_path, "users.test_login.return.bearer:")


def test_two_steps_with_one_name_and_a_wrong_after(tmp_path: Path) -> None:
    twice = CHECKOUT.replace("  data_flow:",
                             "    - {app: web, test: test/order.test.mjs}\n  data_flow:")
    message = _error(tmp_path, twice)
    assert ("journeys.checkout.steps.3.name: a name no other step of the journey has; step 2 "
            "is already 'web.order'") in message
    message = _error(tmp_path, CHECKOUT.replace("{app: web, test: test/order.test.mjs}",
                                                "{app: web, test: test/order.test.mjs, "
                                                "after: [web.ordr]}"))
    assert "journeys.checkout.steps.2.after.0: another step of the journey" in message


def test_a_node_id_for_a_runner_whose_unit_is_the_file(tmp_path: Path) -> None:
    message = _error(tmp_path, CHECKOUT.replace("test/order.test.mjs}",
                                                "test/order.test.mjs::shows the order}"))
    assert "journeys.checkout.steps.2.test: a test file of 'web'" in message


def test_an_unknown_journey_of_a_suite(tmp_path: Path) -> None:
    message = _error(tmp_path, CHECKOUT,
                     **{"paths: [steps/test_noop.py]}": "paths: [steps/test_noop.py], "
                                                        "journeys: [checkuot]}"})
    assert "suites.all.journeys.0: one of the journeys (checkout); got 'checkuot'" in message


def test_a_journey_built_in_python_is_checked_the_same_way(tmp_path: Path) -> None:
    journey_project(tmp_path / "p", tmp_path / "t", CHECKOUT)
    config = load_project(tmp_path / "p").config
    applications, environments = config.applications, config.environments
    suites = {"all": {"application": "users"}}
    step = {"app": "users", "test": "steps/test_users.py::test_login"}
    built = qatron.project(tmp_path / "p", "built", suites=suites, applications=applications,
                           environments=environments, journeys={"solo": {"steps": [step]}})
    assert built.journey("solo").steps[0].id == "users.test_login"
    wrong = {**step, "test": "steps/test_users.py::test_lgoin"}
    with pytest.raises(ConfigError, match=r"journeys\.solo\.steps\.0\.test: a test of "
                                          r"steps/test_users\.py; there is no 'test_lgoin'"):
        qatron.project(tmp_path / "p", "built", suites=suites, applications=applications,
                       environments=environments, journeys={"solo": {"steps": [wrong]}})
