"""``SeleniumGrid``: a Selenium Grid's URL kept in Prefect instead of qatron.yml.

    SeleniumGrid(url="http://grid.internal:4444").save("shared-grid")

    # qatron.yml
    browser: {grid_block: shared-grid}

The provision step of a run loads the block (:func:`grid_url_of`) and checks the Grid
before any test starts; the engine only sees the URL.
"""

from __future__ import annotations

from typing import ClassVar

from prefect.blocks.core import Block
from pydantic import Field

from qatron.errors import ConfigError

BLOCK_TYPE = "selenium-grid"


class SeleniumGrid(Block):
    """A Selenium Grid (Remote WebDriver endpoint) that browser tests run on."""

    _block_type_name: ClassVar[str] = "Selenium Grid"
    _block_type_slug: ClassVar[str] = BLOCK_TYPE
    _description: ClassVar[str] = ("A Selenium Grid whose URL QAtron's browser tests use "
                                   "(qatron.yml: browser.grid_block).")

    url: str = Field(description="The Grid's URL, e.g. http://grid.internal:4444.")


def grid_url_of(name: str) -> str:
    """The URL of the ``selenium-grid`` block ``name``; ConfigError if there is none."""
    try:
        block = SeleniumGrid.load(name)
    except ValueError as exc:
        raise ConfigError(f"no Selenium Grid block {name!r} ({BLOCK_TYPE}/{name}) on the "
                          f"Prefect server: {exc}. Save one with SeleniumGrid(url=...)"
                          f".save({name!r})") from None
    return block.url
