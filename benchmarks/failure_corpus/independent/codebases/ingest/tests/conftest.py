"""Fixtures: the night's feeds, the provisioned warehouse, the rates service."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from ingest.config import IngestConfig
from ingest.rates import RatesClient
from ingest.warehouse import Warehouse

FIXTURES = Path(__file__).parent / "fixtures"
log = logging.getLogger("ingest.tests")

CSV_HEADER = "event_id,occurred_at,customer_id,amount,currency,channel\n"


@pytest.fixture(scope="session")
def config() -> IngestConfig:
    return IngestConfig.from_env()


@pytest.fixture
def rates(config: IngestConfig) -> RatesClient:
    return RatesClient(config.rates_url, config.rates_token, config.rates_timeout)


@pytest.fixture
def warehouse(config: IngestConfig) -> Iterator[Warehouse]:
    store = Warehouse(config.warehouse)
    log.info("using warehouse %s", config.warehouse)
    store.clear()
    yield store
    store.close()


@pytest.fixture
def make_feed(tmp_path: Path, config: IngestConfig):  # type: ignore[no-untyped-def]
    """Write a small orders feed next to a copy of the config pointing at it."""

    def write(rows: list[str], name: str = "orders.csv") -> IngestConfig:
        (tmp_path / name).write_text(CSV_HEADER + "".join(row + "\n" for row in rows))
        return IngestConfig(feed_dir=tmp_path, warehouse=config.warehouse,
                            rates_url=config.rates_url, rates_token=config.rates_token,
                            spool_dir=config.spool_dir, rates_timeout=config.rates_timeout)

    return write
