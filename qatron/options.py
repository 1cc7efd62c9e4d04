"""What a run is asked to do, built once wherever the request comes from.

The CLI, the Python API, a deployment's parameters and the run-group flow all make
one :class:`RunOptions`; the run's record keeps it (``runs.params``), so a resumed
run or a shard on a worker reads back the same options.

    >>> options = RunOptions(suite="smoke", environment="local", shards=2)
    >>> RunOptions.from_params("smoke", "local", options.params()) == options
    True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from qatron.errors import ConfigError


@dataclass(frozen=True)
class RunOptions:
    """One run's request: a suite of the project against one of its environments."""

    suite: str
    environment: str = "local"
    #: How many test processes (default: the suite's ``shards``).
    shards: int | None = None
    branch: str | None = None
    commit: str | None = None
    #: Run only the tests that failed in the last run of this suite and environment.
    failed_only: bool = False
    #: Run only the tests a change since this git revision may break.
    changed_since: str | None = None
    #: Jobs for the same application version share one environment.
    app_version: str | None = None
    #: Run each shard as a flow run of this deployment (``run-shard/<name>``).
    shard_deployment: str | None = None

    def __post_init__(self) -> None:
        if self.shards is not None and not (isinstance(self.shards, int) and self.shards >= 1):
            raise ConfigError(f"shards: expected a whole number of at least 1, got "
                              f"{self.shards!r}")
        if self.shard_deployment is not None and "/" not in self.shard_deployment:
            raise ConfigError(f"shard_deployment: expected FLOW/NAME, e.g. run-shard/docker, "
                              f"got {self.shard_deployment!r}")

    def params(self) -> dict[str, Any]:
        """The options the run's record keeps (suite and environment have columns)."""
        return {"shards": self.shards, "failed_only": self.failed_only,
                "changed_since": self.changed_since, "app_version": self.app_version,
                "shard_deployment": self.shard_deployment}

    @classmethod
    def from_params(cls, suite: str, environment: str, params: Mapping[str, Any], *,
                    branch: str | None = None, commit: str | None = None) -> RunOptions:
        """The options of a recorded run (unknown keys of older records are ignored)."""
        shards = params.get("shards")
        return cls(suite=suite, environment=environment,
                   shards=int(shards) if shards else None, branch=branch, commit=commit,
                   failed_only=bool(params.get("failed_only")),
                   changed_since=params.get("changed_since") or None,
                   app_version=params.get("app_version") or None,
                   shard_deployment=params.get("shard_deployment") or None)

    def but(self, **changes: Any) -> RunOptions:
        """A copy with ``changes`` (the options themselves never change)."""
        return replace(self, **changes)
