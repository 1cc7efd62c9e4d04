"""``QatronEnvironment``: an environment kept in Prefect (UI, API) instead of qatron.yml.

    QatronEnvironment(base_url="{web.url}", services={"db": {"type": "postgres",
        "server": "postgresql://qa@db:5432/postgres"}}).save("staging")
    qatron run --suite smoke --env block:staging

The fields are those of an environment in qatron.yml; ``to_environment``
validates them with the same rules and messages. The engine never reads Prefect: the
flow or command starting a run calls ``resolve_environment(env)`` first, which loads a
``block:`` environment and provides it to the engine for the rest of the process.
"""

from __future__ import annotations

from typing import Any, ClassVar

from prefect.blocks.core import Block
from pydantic import Field, ValidationError

from qatron.config import Environment, describe_errors
from qatron.config_blocks import BLOCK_TYPE, BlockReference, provide
from qatron.errors import ConfigError


class QatronEnvironment(Block):
    """A QAtron test environment: URLs, variables, services, test data, dataset."""

    _block_type_name: ClassVar[str] = "QAtron Environment"
    _block_type_slug: ClassVar[str] = BLOCK_TYPE
    _description: ClassVar[str] = ("Where QAtron tests: the services it starts for each run "
                                   "(process, postgres, sqlite, docker, s3), URLs, variables.")

    base_url: str | None = None
    api_url: str | None = None
    variables: dict[str, Any] = Field(default_factory=dict)
    services: dict[str, dict[str, Any]] = Field(default_factory=dict)
    data: dict[str, Any] | None = None
    dataset: str | None = None

    def to_environment(self, name: str = "block") -> Environment:
        """The environment as qatron.yml would declare it; ConfigError if it is not valid."""
        fields = self.model_dump(include={"base_url", "api_url", "variables", "services",
                                          "data", "dataset"}, exclude_none=True)
        try:
            return Environment.model_validate(fields)
        except ValidationError as exc:
            raise ConfigError(describe_errors(exc, f"block qatron-environment/{name}")) from None


def resolve_environment(name: str) -> None:
    """Make environment ``name`` usable by the engine in this process.

    A ``block:<name>`` environment is loaded from the Prefect API and validated (a
    ConfigError names what is missing or wrong); a name of qatron.yml needs nothing.
    """
    reference = BlockReference.parse(name)
    if reference is not None:
        provide(reference, load_environment(reference))


def load_environment(reference: BlockReference) -> Environment:
    """The environment of the block ``reference`` names; ConfigError naming what is missing."""
    try:
        block = QatronEnvironment.load(reference.name)
    except ValueError as exc:
        raise ConfigError(f"no environment block {reference.name!r} ({reference.document}) on "
                          f"the Prefect server: {exc}. Save one with QatronEnvironment(...)"
                          f".save({reference.name!r})") from None
    return block.to_environment(reference.name)
