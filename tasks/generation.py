"""Generate tests for one module and publish the report as a markdown artifact.

    report = generate_module_tests("examples/shop/services/domain.py")   # in a flow
"""

from __future__ import annotations

import re
from pathlib import Path

from prefect import task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from qatron.generation import GenerationReport, generate_tests
from reports.generation import generation_markdown


@task(name="generate-module-tests", task_run_name="generate tests of {path}",
      cache_policy=NO_CACHE)
def generate_module_tests(path: str, module: str | None = None,
                          functions: list[str] | None = None, out: str | None = None,
                          strategies: list[str] | None = None,
                          time_budget: float = 45.0) -> GenerationReport:
    """Generate the module's pytest file (never over a file a person edited) within
    ``time_budget`` seconds and publish what was generated as the artifact
    ``qatron-generated-tests-<module>``."""
    report = generate_tests(Path(path), module=module, functions=functions,
                            out=Path(out) if out else None, strategies=strategies,
                            budget=time_budget)
    slug = re.sub(r"[^a-z0-9-]+", "-", report.module.lower()).strip("-")
    create_markdown_artifact(key=f"qatron-generated-tests-{slug}",
                             markdown=generation_markdown(report),
                             description=f"Tests generated for {report.module}")
    return report
