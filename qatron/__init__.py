"""QAtron: test suites run as Prefect flows. The Python API (see README, "Python API")::

    import qatron

    project = qatron.load_project("examples/shop")      # or qatron.project(root, name, ...)
    result = qatron.run_suite(project, "smoke", environment="local")
    print(result.status, result.passed, result.failed, result.report)

Names are imported when first used (PEP 562), so ``import qatron`` loads neither
Prefect nor SQLAlchemy. Running a suite is ``run_suite``, not ``run``: importing the
module ``qatron.run`` binds that name on the package.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qatron.api import (
        analyze,
        label_failure,
        project,
        run_journey,
        run_load_test,
        run_suite,
        select,
    )
    from qatron.config import (
        Application,
        Environment,
        FailureAnalysis,
        Project,
        ProjectConfig,
        Suite,
        load_project,
    )
    from qatron.errors import ConfigError, InfrastructureError, QatronError
    from qatron.generation import GenerationReport, generate_tests
    from qatron.models import RunStatus
    from qatron.run_result import FailedTest, RunResult
    from qatron.selection.model import Selection

#: Each public name and the module that defines it.
_EXPORTS = {
    "analyze": "qatron.api",
    "label_failure": "qatron.api",
    "project": "qatron.api",
    "run_journey": "qatron.api",
    "run_load_test": "qatron.api",
    "run_suite": "qatron.api",
    "select": "qatron.api",
    "Application": "qatron.config",
    "Environment": "qatron.config",
    "FailureAnalysis": "qatron.config",
    "Project": "qatron.config",
    "ProjectConfig": "qatron.config",
    "Suite": "qatron.config",
    "load_project": "qatron.config",
    "ConfigError": "qatron.errors",
    "InfrastructureError": "qatron.errors",
    "QatronError": "qatron.errors",
    "GenerationReport": "qatron.generation",
    "generate_tests": "qatron.generation",
    "RunStatus": "qatron.models",
    "FailedTest": "qatron.run_result",
    "RunResult": "qatron.run_result",
    "Selection": "qatron.selection.model",
}

__all__ = [
    "Application", "ConfigError", "Environment", "FailedTest", "FailureAnalysis",
    "GenerationReport", "InfrastructureError", "Project", "ProjectConfig", "QatronError",
    "RunResult", "RunStatus", "Selection", "Suite", "analyze", "generate_tests", "label_failure",
    "load_project", "project", "run_journey", "run_load_test", "run_suite", "select",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'qatron' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
