"""The shop's fixtures for the feature's steps: the same customers, cards and frontend as
the browser tests of tests/e2e (``driver`` and ``api_client`` come from QAtron's plugin).

tests/conftest.py is loaded under a name of its own: ``tests`` may be another package
(QAtron's own tests) and ``conftest`` is this module."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_NAME = "shop_tests_conftest"


def _shop_fixtures() -> object:
    if _NAME not in sys.modules:
        path = Path(__file__).resolve().parents[1] / "tests" / "conftest.py"
        spec = importlib.util.spec_from_file_location(_NAME, path)
        assert spec and spec.loader, f"cannot load the shop's fixtures from {path}"
        module = importlib.util.module_from_spec(spec)
        sys.modules[_NAME] = module
        spec.loader.exec_module(module)
    return sys.modules[_NAME]


_fixtures = _shop_fixtures()
card = _fixtures.card  # type: ignore[attr-defined]
env_name = _fixtures.env_name  # type: ignore[attr-defined]
frontend_url = _fixtures.frontend_url  # type: ignore[attr-defined]
register = _fixtures.register  # type: ignore[attr-defined]
test_data = _fixtures.test_data  # type: ignore[attr-defined]
users = _fixtures.users  # type: ignore[attr-defined]
