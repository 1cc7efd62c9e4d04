"""The journey engine without Prefect: order, data passing, secrets, a step's verdict."""

from __future__ import annotations

import json
from pathlib import Path

from qatron.config import load_project
from qatron.journeys.data import Secrets, assemble, input_environ, read_outputs, type_problem
from qatron.journeys.models import StepStatus
from qatron.journeys.plan import Binding, JourneyPlan
from qatron.journeys.run import JourneyRun
from qatron.services import start_environment
from tests.journeys.project import journey_project

DIAMOND = """\
diamond:
  steps:
    - {app: users, test: "steps/test_users.py::test_login"}
    - {app: users, test: "steps/test_users.py::test_slow_a", after: [users.test_login]}
    - {app: orders, test: "steps/test_users.py::test_slow_b", after: [users.test_login]}
    - {app: orders, test: "steps/test_orders.py::test_place_order"}
  data_flow:
    users.test_login.return.bearer: orders.test_place_order.headers.Authorization
    users.test_slow_a.return.ended: orders.test_place_order.a
    orders.test_slow_b.return.ended: orders.test_place_order.b
"""


def test_steps_start_when_what_they_wait_for_passed(tmp_path: Path) -> None:
    project = load_project(journey_project(tmp_path / "p", tmp_path / "t", DIAMOND))
    plan = JourneyPlan.of(project.journey("diamond"))

    assert plan.ready(set(), set()) == ["users.test_login"]
    assert plan.ready({"users.test_login"}, {"users.test_login"}) == [
        "users.test_slow_a", "orders.test_slow_b"]
    assert plan.downstream("users.test_slow_a") == ["orders.test_place_order"]
    assert plan.downstream("users.test_login") == [
        "users.test_slow_a", "orders.test_slow_b", "orders.test_place_order"]


def test_inputs_are_assembled_from_outputs_into_nested_names() -> None:
    bindings = [Binding("a", ("user", "id"), "c", "user_id"),
                Binding("b", ("token",), "c", "headers.Authorization"),
                Binding("b", ("missing",), "c", "other")]
    outputs = {"a": {"user": {"id": 7}}, "b": {"token": "Bearer x"}}

    inputs = assemble(bindings, outputs)

    assert inputs == {"user_id": 7, "headers": {"Authorization": "Bearer x"}}
    assert input_environ(inputs) == {"QATRON_INPUT_USER_ID": "7",
                                     "QATRON_INPUT_HEADERS_AUTHORIZATION": "Bearer x"}


def test_secrets_are_masked_in_text_and_files_also_when_escaped(tmp_path: Path) -> None:
    secrets = Secrets()
    secret = 'p"a/ss<w>ord'
    secrets.add({"nested": [secret]})
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "a.log").write_text(f"token {secret} end")
    (tmp_path / "a.json").write_text(json.dumps({"token": secret}))
    (tmp_path / "a.xml").write_text('<x v="p&quot;a/ss&lt;w&gt;ord"/>')
    (tmp_path / "a.bin").write_text(secret)

    changed = secrets.scrub(tmp_path)

    assert secrets.mask(f"x {secret} y") == "x *** y"
    assert sorted(p.name for p in changed) == ["a.json", "a.log", "a.xml"]
    assert (tmp_path / "logs" / "a.log").read_text() == "token *** end"
    assert json.loads((tmp_path / "a.json").read_text()) == {"token": "***"}
    assert (tmp_path / "a.xml").read_text() == '<x v="***"/>'


def test_outputs_files_and_types_are_checked(tmp_path: Path) -> None:
    path = tmp_path / "out.json"
    path.write_text('{"a": 1, "$secret": ["a"]}')
    assert read_outputs(path) == ({"a": 1}, ["a"], None)
    path.write_text("[1]")
    assert read_outputs(path)[2] == "its outputs file holds a list, not a JSON object"
    path.write_text("{")
    assert "its outputs file is not JSON" in (read_outputs(path)[2] or "")
    assert read_outputs(tmp_path / "none.json") == ({}, [], None)
    assert type_problem("n", True, "int") == "n: expected int, got bool"
    assert type_problem("n", 3, "float") is None


PUBLISHING = """\
publishing:
  steps:
    - {app: users, test: "steps/test_users.py::test_forgets"}
    - {app: users, test: "steps/test_users.py::test_wrong_type", outputs: {count: int}}
    - {app: orders, test: "steps/test_orders.py::test_place_order"}
  data_flow:
    users.test_forgets.return.token: orders.test_place_order.headers.Authorization
"""


def test_a_step_that_does_not_publish_what_is_needed_fails_itself(tmp_path: Path) -> None:
    project = load_project(journey_project(tmp_path / "p", tmp_path / "t", PUBLISHING))
    run_dir = tmp_path / "run"
    environment = start_environment(project, "local", run_dir)
    environment.write(run_dir / "environment.json")
    try:
        journey = JourneyRun(project, "publishing", run_dir,
                             {"QATRON_ENVIRONMENT_FILE": str(run_dir / "environment.json"),
                              "QATRON_PROJECT_DIR": str(project.root)})
        while ready := journey.ready():
            for step_id in ready:
                journey.attempt(step_id)
                journey.finish(step_id)
        steps = {s.step: s for s in journey.result().steps}
    finally:
        environment.stop()

    forgot = steps["users.test_forgets"]
    assert forgot.status is StepStatus.FAILED and forgot.attempts == 1
    assert forgot.reason == ("the test passed but published no output 'token', which "
                             "orders.test_place_order reads (published: something)")
    wrong = steps["users.test_wrong_type"]
    assert wrong.status is StepStatus.FAILED
    assert wrong.reason == "the test passed but published count: expected int, got str"
    assert steps["orders.test_place_order"].status is StepStatus.SKIPPED
    assert steps["orders.test_place_order"].reason.startswith(
        "skipped: users.test_forgets failed: the test passed but published no output")
