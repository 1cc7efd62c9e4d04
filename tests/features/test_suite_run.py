"""A pytest-bdd suite run by QAtron's shard runner: tags select, results map to scenarios."""

from __future__ import annotations

from pathlib import Path

from qatron.features import features_status, index_features
from qatron.models import Outcome, TestResult

TESTS = "tests/bdd/test_checkout.py::"


def test_tags_select_scenarios_under_strict_markers(
        ran: tuple[Path, list[TestResult], list[str]]) -> None:
    _, _, nodeids = ran
    assert nodeids == [
        f"{TESTS}test_pay_with_a_valid_card",
        f"{TESTS}test_pay_with_a_declined_card",
        f"{TESTS}test_pay_by_method[paypal]",
        f"{TESTS}test_pay_by_method[cash]",
    ]


def test_results_carry_their_scenario(ran: tuple[Path, list[TestResult], list[str]]) -> None:
    _, results, _ = ran
    by_id = {r.nodeid.removeprefix(TESTS): r for r in results}
    assert {n: r.outcome for n, r in by_id.items()} == {
        "test_pay_with_a_valid_card": Outcome.PASSED,
        "test_pay_with_a_declined_card": Outcome.FAILED,
        "test_pay_by_method[paypal]": Outcome.PASSED,
        "test_pay_by_method[cash]": Outcome.FAILED,
    }
    assert by_id["test_pay_by_method[cash]"].scenario == {
        "feature": "features/checkout.feature", "name": "Pay by <method>", "line": 19}
    assert {"smoke", "checkout"} <= set(by_id["test_pay_with_a_valid_card"].markers)


def test_features_status_maps_results_to_scenarios(
        ran: tuple[Path, list[TestResult], list[str]]) -> None:
    app, results, _ = ran
    index = index_features(app)
    [status] = features_status(index, results)
    assert [(s.name, s.status) for s in status.scenarios] == [
        ("Pay with a valid card", "passed"),
        ("Pay with a declined card", "failed"),
        ("Pay by <method>", "failed"),
        ("Pay with a voucher", "not run"),
    ]
    assert (status.count("passed"), status.count("failed"), status.count("not run")) == (1, 2, 1)
    assert [u.text for u in status.undefined] == ["I pay by <method>", "I redeem a voucher"]
    # Results from the store carry no scenario: the test names pytest-bdd gives map them.
    stored = [TestResult(nodeid=r.nodeid, outcome=r.outcome) for r in results]
    assert features_status(index, stored) == [status]
