"""``import qatron``: the public names, imported when first used."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import pytest

import qatron
from tests.projects import REPO, SHOP

HEAVY = ("prefect", "sqlalchemy", "flows", "tasks", "blocks", "reports")


def modules_loaded_by(code: str) -> list[str]:
    """The heavy top-level packages a fresh interpreter has loaded after ``code``."""
    loaded = f"{{m.split('.')[0] for m in sys.modules}} & {set(HEAVY)!r}"
    probe = f"import sys\n{code}\nimport json\nprint(json.dumps(sorted({loaded})))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=120, cwd=REPO)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_import_qatron_loads_neither_prefect_nor_sqlalchemy() -> None:
    assert modules_loaded_by("import qatron") == []
    assert modules_loaded_by("import prefect") == ["prefect"]  # the probe sees them


def test_building_or_loading_a_project_needs_neither() -> None:
    assert modules_loaded_by(
        "import qatron\n"
        f"qatron.load_project({str(SHOP)!r})\n"
        "qatron.project('demo', 'demo', suites={'smoke': {'tags': ['smoke']}})") == []


def test_all_is_exactly_the_public_names_and_each_resolves() -> None:
    assert sorted(qatron.__all__) == sorted(qatron._EXPORTS) == qatron.__all__
    assert dir(qatron) == qatron.__all__
    for name, module in qatron._EXPORTS.items():
        assert getattr(qatron, name) is getattr(importlib.import_module(module), name)
    with pytest.raises(AttributeError, match="has no attribute 'nope'"):
        qatron.nope  # noqa: B018 - the attribute access is the test


def test_run_suite_is_not_the_module_qatron_run() -> None:
    import qatron.run  # noqa: F401 - binds the submodule as the package's attribute `run`
    from qatron.api import run_suite

    assert qatron.run_suite is run_suite
