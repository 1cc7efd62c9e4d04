"""Changes to code that runs inside the environment's services select every test."""

from __future__ import annotations

from pathlib import Path

from qatron.config import load_project
from qatron.selection.git import ChangedFile
from qatron.selection.model import SelectedTest, Selection
from qatron.selection.services import service_code, widen_for_services

SHOP = Path(__file__).resolve().parents[2] / "examples" / "shop"


def selection(paths: list[str], selected: list[str]) -> Selection:
    changed = [ChangedFile(path=path, status="modified") for path in paths]
    return Selection(selected=[SelectedTest(n, ["unit test imports it"]) for n in selected],
                     skipped=2, total=3, fallbacks=[], changed=changed, base="HEAD")


def test_shop_services_are_found_from_their_commands() -> None:
    project = load_project(SHOP)
    folders = service_code(project.environment("local"), project.root, SHOP.parents[1])
    assert folders == {"examples/shop/services": "user-service"}


def test_a_change_in_service_code_selects_every_test_with_the_reason() -> None:
    tests = ["tests/unit/test_a.py::t", "tests/e2e/test_b.py::t", "tests/e2e/test_c.py::t"]
    before = selection(["services/payment_service.py"], tests[:1])
    after = widen_for_services(before, {"services": "payment-service"}, tests)

    assert after.nodeids() == tests and after.skipped == 0
    assert after.selected[0].reasons[0] == "unit test imports it"
    assert "code of the environment's service 'payment-service'" in after.fallbacks[0]


def test_other_changes_keep_the_selection() -> None:
    before = selection(["tests/unit/test_a.py"], ["tests/unit/test_a.py::t"])
    assert widen_for_services(before, {"services": "payment-service"}, ["x"]) is before
