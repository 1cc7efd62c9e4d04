"""Suites run by a command that writes JUnit XML: Node's test runner and Jest, for real."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from qatron.balance import plan_shards
from qatron.config import load_project
from qatron.errors import ConfigError
from qatron.junit_runner import discover_tests, execute_junit_shard
from qatron.models import Outcome, ShardResult, ShardStatus
from qatron.pytest_runner import ShardSpec, TestCommand
from tests.projects import write_project

NODE_COMMAND = ("node --test --test-reporter=junit "
                "--test-reporter-destination=junit-{shard}.xml {files}")
JEST_COMMAND = ("JEST_JUNIT_OUTPUT_FILE=junit-{shard}.xml JEST_JUNIT_ADD_FILE_ATTRIBUTE=true "
                "npx jest --ci --reporters=default --reporters=jest-junit --runTestsByPath "
                "{files}")


def qatron_yml(command: str, junit: str = "junit-{shard}.xml",
               discover: str = "[test/**/*.test.*]", retries: int = 1) -> str:
    return (f"project: js\napplications:\n  web:\n    command: {json.dumps(command)}\n"
            f"    junit: {json.dumps(junit)}\n    discover: {discover}\n"
            f"suites:\n  all: {{shards: 2, retries: {retries}}}\n")


def ran(app: Path) -> list[str]:
    """The test files in the order they were started (each appends its name)."""
    log = app / "ran.log"
    return log.read_text().split() if log.exists() else []


def _started(name: str, js_import: str) -> str:
    return (f"{js_import}\nimport {{ appendFileSync }} from 'node:fs';\n"
            f"appendFileSync('ran.log', '{name}\\n');  // in the application folder\n")


NODE_FILES = {
    "test/math.test.mjs": _started("math", "import { test } from 'node:test';\n"
                                           "import assert from 'node:assert';") + """
        test('adds', () => { assert.equal(1 + 1, 2); });
        test('multiplies', () => { assert.equal(2 * 3, 6); });
    """,
    "test/flaky.test.mjs": _started("flaky", "import { test } from 'node:test';\n"
                                             "import assert from 'node:assert';\n"
                                             "import { existsSync, writeFileSync } "
                                             "from 'node:fs';") + """
        test('passes the second time', () => {
          const marker = new URL('../attempted', import.meta.url);
          const first = !existsSync(marker);
          writeFileSync(marker, 'x');
          assert.ok(!first, 'first attempt fails');
        });
    """,
    "test/sub/broken.test.mjs": _started("broken", "import { test, describe } from 'node:test';\n"
                                                   "import assert from 'node:assert';") + """
        describe('checkout', () => {
          test('always fails', () => { assert.equal('paid', 'refused'); });
        });
    """,
    "test/sub/strings.test.mjs": _started("strings", "import { test } from 'node:test';\n"
                                                     "import assert from 'node:assert';") + """
        test('upper', () => { assert.equal('a'.toUpperCase(), 'A'); });
    """,
    "node_modules/dep/x.test.mjs": "throw new Error('never discovered');\n",
    "test/helpers.mjs": "export const helper = 1;\n",
}


def command_of(root: Path) -> TestCommand:
    project = load_project(root)
    suite = project.suite("all")
    return TestCommand.for_suite(project, suite, {})


def run_shards(command: TestCommand, files: list[str], run_dir: Path,
               retries: int = 1) -> list[ShardResult]:
    split = plan_shards(files, {}, 2, {})
    deadline = time.monotonic() + 120
    return [execute_junit_shard(ShardSpec(index=index, count=2, nodeids=ids, run_dir=run_dir,
                                          command=command, rootdir=command.app_dir,
                                          deadline=deadline, retries=retries))
            for index, ids in enumerate(split, start=1)]


def test_discovery_finds_the_test_files_outside_node_modules(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", qatron_yml(NODE_COMMAND), NODE_FILES)
    command = command_of(root)
    assert command.junit_app is not None

    collection = discover_tests(command)

    assert collection.nodeids == ["test/flaky.test.mjs", "test/math.test.mjs",
                                  "test/sub/broken.test.mjs", "test/sub/strings.test.mjs"]
    assert collection.rootdir == root.resolve() and not collection.errors
    command.paths = ["test/sub"]
    assert discover_tests(command).nodeids == ["test/sub/broken.test.mjs",
                                               "test/sub/strings.test.mjs"]


@pytest.mark.parametrize(("application", "message"), [
    ("command: 'npm test -- {files}'\n    discover: test/*.js",
     "qatron.yml:4: applications.web.junit: the path of the JUnit XML file the command "
     "writes, relative to the application folder"),
    ("command: 'npm test -- {files}'\n    junit: out.xml",
     "qatron.yml:4: applications.web.discover: a glob, or list of globs, of the test files, "
     "e.g. 'test/**/*.test.js'"),
    ("command: 'npm test'\n    junit: out-{shard}.xml\n    discover: test/*.js",
     "qatron.yml:4: applications.web.command: a command with a bare {files} (the shard's test "
     "files); got 'npm test'"),
    ("command: 'npm test -- {files}'\n    junit: out.xml\n    discover: test/*.js",
     "qatron.yml:5: applications.web.junit: {shard} in the path (a suite runs 2 shards at "
     "once); got 'out.xml'"),
    ("command: 'npm test -- {files}'\n    junit: out-{run}.xml\n    discover: test/*.js",
     "qatron.yml:5: applications.web.junit: only the placeholders {shard}; got {run}"),
    ("command: 'npm test -- {files}'\n    junit: ../out-{shard}.xml\n    discover: test/*.js",
     "qatron.yml:5: applications.web.junit: a path relative to the application folder, "
     "inside it; got '../out-{shard}.xml'"),
    ("command: pytest\n    junit: out.xml",
     "qatron.yml:5: applications.web.junit: no such key with command: pytest (it is for a "
     "command that writes JUnit XML)"),
])
def test_a_junit_runner_needs_its_keys(tmp_path: Path, application: str, message: str) -> None:
    root = write_project(tmp_path / "p", f"project: js\napplications:\n  web:\n"
                                         f"    {application}\nsuites:\n  all: {{shards: 2}}\n",
                         {})
    with pytest.raises(ConfigError) as error:
        load_project(root)
    assert str(error.value) == f"{root / 'qatron.yml'}:{message.partition(':')[2]}"


@pytest.mark.slow
def test_node_test_runner_in_two_shards_reruns_only_the_failed_files(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", qatron_yml(NODE_COMMAND), NODE_FILES)
    command = command_of(root)
    files = discover_tests(command).nodeids

    shards = run_shards(command, files, tmp_path / "run")

    assert sorted(f for s in shards for f in s.nodeids) == sorted(files)
    results = {r.nodeid: r for s in shards for r in s.results}
    assert set(results) == {"adds", "multiplies", "passes the second time",
                            "checkout::always fails", "upper"}
    flaky, broken = results["passes the second time"], results["checkout::always fails"]
    assert flaky.outcome is Outcome.PASSED and flaky.flaky and flaky.attempts == 2
    assert "first attempt fails" in flaky.message
    assert broken.outcome is Outcome.FAILED and broken.attempts == 2
    assert "'paid' !== 'refused'" in broken.message or "paid" in broken.traceback
    assert results["adds"].outcome is Outcome.PASSED and results["adds"].attempts == 1
    by_file = {f: s for s in shards for f in s.nodeids}
    assert by_file["test/sub/broken.test.mjs"].status is ShardStatus.FAILED
    assert sorted(ran(root)) == ["broken", "broken", "flaky", "flaky", "math", "strings"]
    for shard in shards:
        assert Path(shard.junit_path or "").exists()
        expected = ShardStatus.FAILED if "test/sub/broken.test.mjs" in shard.nodeids \
            else ShardStatus.PASSED
        assert shard.status is expected, shard.message


@pytest.mark.slow
@pytest.mark.parametrize(("command", "problem"), [
    ("node --test {files}", "wrote no JUnit XML file"),
    ("echo '<testsuites><testcase name=\"x\">' > junit-{shard}.xml; node --test {files}",
     "wrote a file that is not JUnit XML"),
])
def test_a_command_without_a_junit_file_makes_the_shard_infra_failed(
        tmp_path: Path, command: str, problem: str) -> None:
    root = write_project(tmp_path / "p", qatron_yml(command), NODE_FILES)
    files = ["test/math.test.mjs"]

    shard = execute_junit_shard(ShardSpec(index=1, count=1, nodeids=files,
                                          run_dir=tmp_path / "run", command=command_of(root),
                                          rootdir=root, deadline=time.monotonic() + 60))

    assert shard.status is ShardStatus.INFRA_FAILED
    assert problem in shard.message and str(root / "junit-1.xml") in shard.message
    assert [(r.nodeid, r.outcome) for r in shard.results] == [("test/math.test.mjs",
                                                               Outcome.ERROR)]
    assert problem in shard.results[0].message
    assert ran(root) == ["math"]  # the tests did run; only their report is missing


@pytest.fixture(scope="session")
def jest_modules(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """node_modules with Jest 29 and jest-junit 16, installed from the npm registry."""
    folder = tmp_path_factory.mktemp("jest")
    (folder / "package.json").write_text('{"name": "jest-project", "private": true}\n')
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail("npm is needed to install Jest")
    subprocess.run([npm, "install", "--no-audit", "--no-fund", "jest@29", "jest-junit@16"],
                   cwd=folder, check=True, capture_output=True, timeout=600)
    return folder / "node_modules"


JEST_FILES = {
    "package.json": '{"name": "shop-web", "private": true}\n',
    "test/cart.test.js": """
        test('adds an item', () => { expect([1].length).toBe(1); });
        describe('totals', () => {
          test('sums prices', () => { expect(2 + 3).toBe(5); });
        });
    """,
    "test/flaky.test.js": """
        const fs = require('fs');
        const path = require('path');
        test('passes on a rerun', () => {
          const marker = path.join(__dirname, '..', 'attempted');
          const first = !fs.existsSync(marker);
          fs.writeFileSync(marker, 'x');
          expect(first).toBe(false);
        });
    """,
    "test/pay.test.js": """
        test('refuses a card', () => { expect('paid').toBe('refused'); });
    """,
}


@pytest.mark.slow
def test_jest_with_jest_junit_in_two_shards(tmp_path: Path, jest_modules: Path) -> None:
    root = write_project(tmp_path / "p", qatron_yml(JEST_COMMAND, discover="test/*.test.js"),
                         JEST_FILES)
    (root / "node_modules").symlink_to(jest_modules, target_is_directory=True)
    command = command_of(root)
    files = discover_tests(command).nodeids
    assert files == ["test/cart.test.js", "test/flaky.test.js", "test/pay.test.js"]

    shards = run_shards(command, files, tmp_path / "run")

    results = [r for s in shards for r in s.results]
    assert all(r.nodeid.split("::")[0] in files for r in results)  # jest-junit's file
    named = {r.nodeid.split("::")[-1].strip(): r for r in results}
    assert len(named) == len(results) == 4
    assert named["totals sums prices"].outcome is Outcome.PASSED
    flaky = named["passes on a rerun"]
    assert flaky.flaky and flaky.attempts == 2 and flaky.outcome is Outcome.PASSED
    refused = named["refuses a card"]
    assert refused.outcome is Outcome.FAILED and refused.attempts == 2
    assert '"refused"' in refused.message + refused.traceback
    assert named["adds an item"].attempts == 1
    for shard in shards:
        failing = "test/pay.test.js" in shard.nodeids
        assert shard.status is (ShardStatus.FAILED if failing else ShardStatus.PASSED)


def test_the_readmes_runner_example_is_valid(tmp_path: Path) -> None:
    text = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = text[text.index("### Other test runners"):]
    example = section.split("```yaml\n", 1)[1].split("```\n", 1)[0]
    root = write_project(tmp_path / "p", "project: js\n" + example + (
        "suites:\n  web: {application: web, shards: 2}\n  ui: {application: ui, shards: 2}\n"),
        {"web/test/a.test.mjs": "", "ui/test/b.test.js": ""})

    project = load_project(root)

    for name, found in (("web", ["test/a.test.mjs"]), ("ui", ["test/b.test.js"])):
        command = TestCommand.for_suite(project, project.suite(name), {})
        assert discover_tests(command).nodeids == found
