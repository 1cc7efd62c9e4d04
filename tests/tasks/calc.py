"""``calc``: a committed git project whose unit suite measures coverage, and its shard.

calc/ops.py has 9 statements (add, div with its raise, unused), calc/report.py 2;
test_add and test_div run 6 of them (54.5 %); test_text imports nothing of calc.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from qatron.models import ShardResult
from qatron.pytest_runner import Collection, ShardSpec, TestCommand, collect_tests
from qatron.run import RunContext
from qatron.run import test_command as command_of
from tasks.tests import run_local_shard
from tests.projects import write_project

FILES = {
    "calc/__init__.py": "",
    "calc/ops.py": "def add(a, b):\n    return a + b\n\n\ndef div(a, b):\n    if b == 0:\n"
                   "        raise ZeroDivisionError('b')\n    return a / b\n\n\n"
                   "def unused(x):\n    y = x * 2\n    return y\n",
    "calc/report.py": "def render(rows):\n    return '\\n'.join(rows)\n",
    "tests/test_add.py": "from calc.ops import add\n\ndef test_add():\n    assert add(2, 3) == 5\n",
    "tests/test_div.py": "from calc.ops import div\n\ndef test_div():\n    assert div(6, 3) == 2\n",
    "tests/test_text.py": "def test_upper():\n    assert 'a'.upper() == 'A'\n",
    "pytest.ini": "[pytest]\npythonpath = .\ntestpaths = tests\n",
    ".gitignore": ".qatron/\n__pycache__/\n",
}
#: The unit layer's threshold in qatron.yml; the suite's tests reach 6 of 11 statements.
THRESHOLD = 50.0


def calc_project(root: Path, suite: str = "unit") -> Path:
    """The calc project under ``root``, committed on branch main."""
    project = write_project(root, f"""
        project: calc
        suites: {{{suite}: {{layer: unit, paths: [tests], shards: 1}}}}
        coverage: {{thresholds: {{unit: {THRESHOLD}}}}}
    """, FILES)
    git(project, "init", "-q", "-b", "main")
    git(project, "add", ".")
    git(project, "commit", "-qm", "base")
    return project


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.com",
                    *args], check=True, capture_output=True)


def covered_shard(ctx: RunContext) -> tuple[TestCommand, Collection, ShardResult]:
    """Collect the run's suite and run it as one shard under coverage, as run-suite does."""
    command = command_of(ctx)
    command.coverage_dir = ctx.run_dir / "coverage"
    collection = collect_tests(command, ctx.run_dir)
    shard = run_local_shard.fn(ShardSpec(
        index=1, count=1, nodeids=collection.nodeids, run_dir=ctx.run_dir, command=command,
        rootdir=collection.rootdir, deadline=time.monotonic() + 300))
    return command, collection, shard
