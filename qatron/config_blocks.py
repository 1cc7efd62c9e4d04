"""Environments named ``block:<name>``: kept in a Prefect block, not in ``qatron.yml``.

The engine does not talk to Prefect. To it, such a name is a reference
(:class:`BlockReference`: "this environment comes from block X"). The flow or the
command that starts a run loads the block (``blocks.environment.resolve_environment``)
and hands the environment over with :func:`provide`; from then on, in that process,
``Project.environment("block:<name>")`` returns it::

    >>> reference = BlockReference.parse("block:staging")
    >>> reference.document
    'qatron-environment/staging'
    >>> provide(reference, Environment(base_url="http://staging"))
    >>> provided(reference).base_url
    'http://staging'
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from qatron.errors import ConfigError

if TYPE_CHECKING:
    from qatron.config import Environment

PREFIX = "block:"
#: The slug of the Prefect block type that holds QAtron environments.
BLOCK_TYPE = "qatron-environment"


@dataclass(frozen=True)
class BlockReference:
    """An environment kept as the Prefect block document ``qatron-environment/<name>``."""

    name: str

    @classmethod
    def parse(cls, environment: str) -> BlockReference | None:
        """The reference an environment name makes, or None for a name of qatron.yml."""
        if not environment.startswith(PREFIX):
            return None
        name = environment.removeprefix(PREFIX).strip()
        if not name:
            raise ConfigError(f"environment {environment!r}: give the block's name after "
                              f"'{PREFIX}', e.g. --env {PREFIX}staging")
        return cls(name)

    @property
    def document(self) -> str:
        """The block document, as the Prefect UI and ``prefect block ls`` show it."""
        return f"{BLOCK_TYPE}/{self.name}"

    def __str__(self) -> str:
        return f"{PREFIX}{self.name}"


_provided: dict[BlockReference, Environment] = {}
_lock = threading.Lock()


def provide(reference: BlockReference, environment: Environment) -> None:
    """Make ``environment`` the one ``reference`` names, for the rest of this process."""
    with _lock:
        _provided[reference] = environment


def provided(reference: BlockReference) -> Environment:
    """The environment provided for ``reference``; ConfigError if none was."""
    with _lock:
        environment = _provided.get(reference)
    if environment is None:
        raise ConfigError(
            f"environment {str(reference)!r} is kept in Prefect block {reference.document}, "
            f"which this process has not loaded: load it before the run starts with "
            f"blocks.environment.resolve_environment({str(reference)!r})")
    return environment
