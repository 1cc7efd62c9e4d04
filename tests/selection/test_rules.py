"""Globs, mapping rules, their qatron.yml validation, and which function a line is in."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

from qatron.config import DEFAULT_RUN_ALL_ON, SelectionRule, SelectionRules, load_project
from qatron.errors import ConfigError
from qatron.selection.import_time import import_time_names, runs_at_import
from qatron.selection.lines import function_spans, parse, split_changes
from qatron.selection.rules import glob_regex, matches, rule_hits
from qatron.selection.settings import DEFAULT_SETTINGS


@pytest.mark.parametrize(("glob", "path", "expected"), [
    ("conftest.py", "tests/unit/conftest.py", True),
    ("conftest.py", "conftest.py", True),
    ("requirements*.txt", "requirements-dev.txt", True),
    ("*.md", "docs/guide/intro.md", True),
    ("docs/**/*.png", "docs/a/b/c.png", True),
    ("docs/**/*.png", "docs/c.png", True),
    ("docs/**/*.png", "web/docs/c.png", False),
    ("tests/smoke", "tests/smoke/test_up.py", True),
    ("tests/*.py", "tests/unit/test_a.py", False),
    ("test_[ab].py", "x/test_b.py", True),
    (".venv", ".venv/lib/site.py", True),
])
def test_globs_work_like_gitignore_lines(glob: str, path: str, expected: bool) -> None:
    assert bool(glob_regex(glob).fullmatch(path)) is expected


def test_matches_tries_every_path_form() -> None:
    assert matches(DEFAULT_RUN_ALL_ON, "web/pyproject.toml", None) == "pyproject.toml"
    assert matches(["src/*.py"], "app/src/a.py", "src/a.py") == "src/*.py"
    assert matches(["src/*.py"], "other/a.py", None) is None


def test_rules_expand_groups_into_test_paths() -> None:
    rules = [SelectionRule(source_pattern=r"src/payment/(.*)\.py",
                           test_pattern="tests/test_{1}.py"),
             SelectionRule(source_pattern=r"web/src/(.*)/(.*)\.tsx?",
                           test_pattern="web/tests/{1}/{2}.test.ts")]
    hits = rule_hits(rules, "src/payment/processor.py", None)
    assert [(h.number, h.target) for h in hits] == [(1, "tests/test_processor.py")]
    hits = rule_hits(rules, "web/src/cart/Total.tsx", None)
    assert [(h.number, h.target) for h in hits] == [(2, "web/tests/cart/Total.test.ts")]
    assert rule_hits(rules, "lib/src/payment/x.py", None) == []  # whole paths only


def test_bad_rules_are_reported_with_file_line_and_key(tmp_path: Path) -> None:
    (tmp_path / "qatron.yml").write_text(textwrap.dedent(r"""
        project: p
        applications:
          api:
            selection:
              rules:
                - {source_pattern: "src/(.*", test_pattern: "tests/{1}.py"}
                - {source_pattern: "src/(.*)\\.py", test_pattern: "tests/{2}.py"}
              run_all_on: [setup.py]
              colour: blue
        suites: {all: {selection: changed}}
    """), encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_project(tmp_path)
    lines = str(info.value).replace(f"{tmp_path}/", "").splitlines()
    assert lines == [
        "qatron.yml:7: applications.api.selection.rules.0.source_pattern: expected a valid "
        "regular expression (missing ), unterminated subpattern at position 4); got 'src/(.*'",
        "qatron.yml:8: applications.api.selection.rules.1.test_pattern: expected only groups "
        "that source_pattern has (group {1}); got 'tests/{2}.py'",
        "qatron.yml:10: applications.api.selection.colour: unknown key (check its spelling)",
    ]


def test_selection_settings_default_and_load(tmp_path: Path) -> None:
    (tmp_path / "qatron.yml").write_text(textwrap.dedent("""
        project: p
        applications:
          api:
            selection:
              rules: [{source_pattern: "src/(.*)[.]py", test_pattern: "tests/test_{1}.py"}]
              always_run: [tests/smoke]
        suites: {changed: {selection: changed}, all: {}}
    """), encoding="utf-8")
    project = load_project(tmp_path)
    selection = project.config.applications["api"].selection
    assert selection.always_run == ["tests/smoke"]
    assert selection.run_all_on == DEFAULT_RUN_ALL_ON and selection.source_roots == ["."]
    assert project.suite("changed").selection == "changed"
    assert project.suite("all").selection == "all"


def test_a_folder_without_qatron_yml_is_selected_in_with_the_validated_defaults() -> None:
    validated = SelectionRules()
    for name in SelectionRules.model_fields:
        assert list(getattr(DEFAULT_SETTINGS, name)) == getattr(validated, name), name


SOURCE = b'''\
import os
LIMIT = 3

@decorate(2)
def outer(a=1):
    x = 1
    def inner():
        return 2
    return x

class Card:
    kind = "visa"
    def charge(self):
        return 3
'''


@pytest.mark.parametrize(("old", "inserted", "functions", "import_level"), [
    ({6}, set(), {"outer"}, False),
    ({8}, set(), {"outer.<locals>.inner"}, False),
    ({7}, set(), {"outer"}, False),  # a nested def line runs when outer runs
    ({4}, set(), set(), True),  # decorator arguments run at import time
    ({5}, set(), set(), True),  # default values too
    ({12}, set(), set(), True),  # a class attribute
    ({2}, set(), set(), True),
    (set(), {5}, {"outer"}, False),  # lines added right after the def line
    (set(), {9}, set(), True),  # after the last line: may be dedented
    ({14}, {13}, {"Card.charge"}, False),
])
def test_changed_lines_belong_to_functions_or_the_import_level(
        old: set[int], inserted: set[int], functions: set[str], import_level: bool) -> None:
    tree = parse(SOURCE)
    assert isinstance(tree, ast.Module)
    by_function, at_import = split_changes(function_spans(tree), old, inserted)
    assert {span.name for span in by_function} == functions
    assert at_import is import_level


def test_import_time_names_follow_calls_made_while_importing() -> None:
    tree = ast.parse(textwrap.dedent('''
        TABLE = build()
        def build():
            return {k: normalise(k) for k in KEYS}
        def normalise(k):
            return k.lower()
        def only_in_tests():
            return 1
        @register
        def handler(x=default()):
            return x
        class Model(Base):
            size = compute()
        if __name__ == "__main__":
            main()
    '''))
    names = import_time_names(tree)
    assert {"build", "normalise", "register", "default", "Base", "compute"} <= names
    assert "only_in_tests" not in names and "main" not in names and "handler" not in names


def test_naming_a_class_at_import_time_runs_its_dunders_not_its_methods() -> None:
    tree = ast.parse(textwrap.dedent('''
        class Registry:
            def __init__(self):
                self.items = setup()
            def lookup(self, key):
                return self.items[key]
        def setup():
            return {}
        REGISTRY = Registry()
        ALIAS = Registry.lookup.__doc__
    '''))
    assert runs_at_import(tree) == {"Registry.__init__", "setup", "Registry.lookup"}
    tree = ast.parse(textwrap.dedent('''
        class Registry:
            def __init__(self):
                self.items = {}
            def lookup(self, key):
                return self.items[key]
        REGISTRY = Registry()
    '''))
    assert runs_at_import(tree) == {"Registry.__init__"}
    assert runs_at_import(tree, also={"lookup"}) == {"Registry.__init__", "Registry.lookup"}


def test_a_bare_name_does_not_call_a_method_of_that_name() -> None:
    tree = ast.parse(textwrap.dedent('''
        class Bag:
            def sorted(self):
                return []
        ORDER = sorted([3, 1])
    '''))
    assert runs_at_import(tree) == set()


def test_subclassing_runs_only_the_subclass_hooks() -> None:
    tree = ast.parse(textwrap.dedent('''
        class Base:
            def __init_subclass__(cls):
                pass
            def __eq__(self, other):
                return True
        class Child(Base):
            pass
    '''))
    assert runs_at_import(tree) == {"Base.__init_subclass__"}
    tree = ast.parse("class A:\n    def __eq__(self, o):\n        return 1\n\nX = {A(): 1}\n")
    assert runs_at_import(tree) == {"A.__eq__"}  # instances made while importing


def test_using_a_class_runs_its_bases_dunders_too() -> None:
    tree = ast.parse(textwrap.dedent('''
        class Base:
            def __init__(self):
                self.ready = True
        class Child(Base):
            def __init__(self):
                super().__init__()
        class Other:
            def __init__(self):
                pass
        INSTANCE = Child()
    '''))
    assert runs_at_import(tree) == {"Child.__init__", "Base.__init__"}
