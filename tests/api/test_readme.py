"""The README's "Python API" example, run as written, so that it cannot rot."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import qatron
from qatron.config import CONFIG_NAME
from qatron.config_code import WRITTEN_MARK
from tests.projects import REPO

SECTION = "## Python API"


def readme_example() -> str:
    """The first Python code block of the README's "Python API" section."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split(f"\n{SECTION}\n", 1)[1].split("\n## ", 1)[0]
    found = re.search(r"^```python\n(.*?)^```$", section, re.MULTILINE | re.DOTALL)
    assert found, f"README.md's {SECTION!r} section has no ```python block"
    return found.group(1)


def test_the_readme_has_the_example() -> None:
    example = readme_example()
    assert "qatron.project(" in example and "qatron.run_suite(" in example


@pytest.mark.usefixtures("api_env")
def test_the_readme_example_builds_a_project_in_python_and_runs_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "readme_example"}
    exec(compile(readme_example(), "README.md", "exec"), namespace)

    result = namespace["result"]
    assert isinstance(result, qatron.RunResult)
    assert (result.status, result.exit_code) == ("failed", 1), result.message
    assert (result.executed, result.passed, result.failed) == (2, 1, 1)
    assert [(t.nodeid, t.category, t.team) for t in result.failures] == [
        ("tests/test_shop.py::test_payment", "upstream_unreachable", "platform-team")]
    assert result.report == tmp_path.resolve() / "demo/.qatron/runs/1/report.html"
    assert result.report.is_file()
    printed = capsys.readouterr().out.splitlines()
    assert printed[:3] == ["failed 1", "2 1 1",
                           "tests/test_shop.py::test_payment upstream_unreachable platform-team"]
    written = tmp_path / "demo" / CONFIG_NAME
    assert written.read_text(encoding="utf-8").startswith(WRITTEN_MARK)
    project = namespace["project"]
    assert isinstance(project, qatron.Project)
    assert qatron.load_project(written).config == project.config
