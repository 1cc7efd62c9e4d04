"""The pure parts of the Allure export: names from node ids, literal regexes, properties."""

from __future__ import annotations

import re

import pytest

from qatron.allure.categories import categories_json, java_literal, matches, with_cause
from qatron.allure.export import _properties
from qatron.allure.model import TestNames, md5, status_of
from qatron.models import Outcome, TestResult


@pytest.mark.parametrize(("nodeid", "full_name", "suites", "parameter"), [
    ("tests/api/test_orders.py::TestRefund::test_state[eur-2]",
     "tests.api.test_orders.TestRefund#test_state",
     {"parentSuite": "tests.api", "suite": "test_orders", "subSuite": "TestRefund"}, "eur-2"),
    ("test_top.py::test_one", "test_top#test_one", {"suite": "test_top"}, None),
    ("tests/test_n.py::TestA::TestB::test_x[a::b]", "tests.test_n.TestA.TestB#test_x",
     {"parentSuite": "tests", "suite": "test_n", "subSuite": "TestA.TestB"}, "a::b"),
    ("frontend/test/cart.test.js::cart adds an item", "frontend.test.cart#cart adds an item",
     {"parentSuite": "frontend.test", "suite": "cart"}, None),
])
def test_names_follow_allure_pytest(nodeid: str, full_name: str, suites: dict[str, str],
                                    parameter: str | None) -> None:
    names = TestNames.of(nodeid)
    assert names.full_name == full_name
    assert {label["name"]: label["value"] for label in names.suite_labels()} == suites
    assert names.parameter == parameter
    assert names.test_case_id == md5(full_name)
    assert names.history_id == (md5(full_name, parameter) if parameter else md5(full_name))


@pytest.mark.parametrize("outcome,traceback,status", [
    (Outcome.FAILED, "E   assert 1 == 2\ntests/t.py:3: AssertionError", "failed"),
    (Outcome.FAILED, "E   KeyError: 'x'\ntests/t.py:3: KeyError", "broken"),
    (Outcome.ERROR, "E   AssertionError\ntests/t.py:3: AssertionError", "broken"),
    (Outcome.XFAILED, "", "skipped"), (Outcome.XPASSED, "", "passed"),
])
def test_assertions_fail_and_other_errors_break(outcome: Outcome, traceback: str,
                                                status: str) -> None:
    result = TestResult("tests/t.py::test_t", outcome, traceback=traceback)
    assert status_of(result) == status


@pytest.mark.parametrize("text", ["plain", "a.b*c (d) [e] {f} $^|?+\\ \\E \\Q", "two\nlines\t",
                                  "ünïcödé ✓ 🙂", "bell\x07 and nul\x00"])
def test_a_java_literal_matches_the_text_exactly(text: str) -> None:
    pattern = java_literal(text)
    assert re.fullmatch(pattern, text, re.DOTALL)
    assert not re.fullmatch(pattern, text + "x", re.DOTALL)


def test_a_category_takes_only_its_own_cause() -> None:
    [wrong, flaky] = categories_json([("wrong_behaviour", "failed", False),
                                      ("flaky", "passed", True)], {})
    trace = with_cause("E   assert 1 == 2", "wrong_behaviour")
    assert matches(wrong, "failed", trace, False)
    assert not matches(wrong, "broken", trace, False)
    assert not matches(wrong, "failed", with_cause("x", "wrong_behaviour_2"), False)
    assert not matches(flaky, "passed", trace, True)
    assert matches(flaky, "passed", with_cause("", "flaky"), True)


def test_properties_escape_what_java_would_misread() -> None:
    text = _properties({"branch": "feat/a=b\nc", "a key": "é🙂"})
    assert text == "branch=feat/a=b\\nc\na\\ key=\\u00e9\\ud83d\\ude42\n"
