"""Changes to code that runs inside the environment's services select every test."""

from __future__ import annotations

from pathlib import Path

from qatron.config import load_project
from qatron.selection import select_tests
from qatron.selection.services import service_code
from tests.selection import Repo

SHOP = Path(__file__).resolve().parents[2] / "examples" / "shop"
FILES = {
    "services/payment_service.py": "def charge(amount):\n    return amount\n",
    "lib/money.py": "def add(a, b):\n    return a + b\n",
    "tests/unit/test_money.py": "from lib.money import add\n\n\ndef test_add():\n"
                                "    assert add(1, 2) == 3\n",
    "tests/e2e/test_pay.py": "def test_pay():\n    assert True\n",
}
TESTS = ["tests/unit/test_money.py::test_add", "tests/e2e/test_pay.py::test_pay"]


def test_shop_services_are_found_from_their_commands() -> None:
    project = load_project(SHOP)
    folders = service_code(list(project.config.environments.values()), project.root,
                           SHOP.parents[1])
    assert folders == {"examples/shop/services": "user-service"}


def test_a_change_in_service_code_selects_every_test_with_the_reason(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo", FILES)
    repo.write({"services/payment_service.py": "def charge(amount):\n    return amount + 1\n"})

    without = select_tests(repo.root, "HEAD", tests=TESTS)
    widened = select_tests(repo.root, "HEAD", tests=TESTS,
                           services={"services": "payment-service"})

    assert without.nodeids() == []
    assert sorted(widened.nodeids()) == sorted(TESTS) and widened.skipped == 0
    assert any("code of the environment's service 'payment-service'" in note
               for note in widened.fallbacks)


def test_other_changes_keep_the_precise_selection(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo", FILES)
    repo.write({"lib/money.py": "def add(a, b):\n    return a - b\n"})
    selection = select_tests(repo.root, "HEAD", tests=TESTS,
                             services={"services": "payment-service"})
    assert selection.nodeids() == ["tests/unit/test_money.py::test_add"]
