"""``QatronEnvironment``: an environment kept in Prefect (UI, API) instead of qatron.yml.

    QatronEnvironment(base_url="{web.url}", services={"db": {"type": "postgres",
        "server": "postgresql://qa@db:5432/postgres"}}).save("staging")
    qatron run --suite smoke --env block:staging

The fields are those of an environment in qatron.yml; ``to_environment``
validates them with the same rules and messages.
"""

from __future__ import annotations

from typing import Any, ClassVar

from prefect.blocks.core import Block
from pydantic import Field, ValidationError

from qatron.config import Environment, describe_errors
from qatron.errors import ConfigError

BLOCK_PREFIX = "block:"


class QatronEnvironment(Block):
    """A QAtron test environment: URLs, variables, services, test data, dataset."""

    _block_type_name: ClassVar[str] = "QAtron Environment"
    _block_type_slug: ClassVar[str] = "qatron-environment"
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


def load_environment(reference: str) -> Environment:
    """The environment of block ``block:<name>``; ConfigError naming what is missing."""
    name = reference.removeprefix(BLOCK_PREFIX)
    try:
        block = QatronEnvironment.load(name)
    except ValueError as exc:
        raise ConfigError(f"no environment block {name!r} (qatron-environment/{name}) on the "
                          f"Prefect server: {exc}. Save one with QatronEnvironment(...).save("
                          f"{name!r})") from None
    return block.to_environment(name)
