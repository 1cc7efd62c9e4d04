"""Environments named ``block:<name>``: the engine keeps the reference, the flow layer
provides the environment (no Prefect here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from qatron.config import Environment, load_project
from qatron.config_blocks import BlockReference, provide
from qatron.errors import ConfigError
from tests.projects import write_project


def test_a_block_name_is_a_reference_and_a_qatron_yml_name_is_not() -> None:
    reference = BlockReference.parse("block:staging")
    assert reference == BlockReference("staging")
    assert (str(reference), reference.document) == ("block:staging",
                                                    "qatron-environment/staging")
    assert BlockReference.parse("local") is None


def test_a_block_reference_needs_a_name() -> None:
    with pytest.raises(ConfigError, match=r"^environment 'block:': give the block's name "
                                          r"after 'block:', e\.g\. --env block:staging$"):
        BlockReference.parse("block:")


def test_a_block_environment_not_loaded_says_which_block_and_how(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", "project: p\nsuites: {all: {}}\n", {})
    with pytest.raises(ConfigError) as caught:
        load_project(root).environment("block:never-loaded")
    assert str(caught.value) == (
        "environment 'block:never-loaded' is kept in Prefect block "
        "qatron-environment/never-loaded, which this process has not loaded: load it before "
        "the run starts with blocks.environment.resolve_environment('block:never-loaded')")


def test_a_provided_block_environment_is_the_projects_environment(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", "project: p\nsuites: {all: {}}\n", {})
    provided = Environment(base_url="http://staging.test", variables={"tier": "staging"})
    provide(BlockReference("provided-here"), provided)
    assert load_project(root).environment("block:provided-here") is provided
    assert load_project(root).environment("local") == Environment()
