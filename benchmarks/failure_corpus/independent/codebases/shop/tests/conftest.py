"""Fixtures wiring the order service to the staging environment."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from shop import pricing
from shop.config import Settings
from shop.db import OrderRepository, make_engine
from shop.inventory import InventoryClient
from shop.payments import PaymentsClient
from shop.service import OrderService

DATA = Path(__file__).parent / "data"
log = logging.getLogger("shop.tests")


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings.from_env()


@pytest.fixture(scope="session")
def engine(settings: Settings):  # type: ignore[no-untyped-def]
    engine = make_engine(settings.database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def repo(engine) -> Iterator[OrderRepository]:  # type: ignore[no-untyped-def]
    repository = OrderRepository(engine)
    repository.wipe()
    yield repository


@pytest.fixture
def customer(repo: OrderRepository) -> int:
    email = f"qa+{uuid.uuid4().hex[:8]}@example.test"
    customer_id = repo.add_customer(email, "QA Customer", "NL")
    log.info("created customer %s (%s)", customer_id, email)
    return customer_id


@pytest.fixture
def german_customer(repo: OrderRepository) -> int:
    return repo.add_customer(f"qa+{uuid.uuid4().hex[:8]}@example.de", "QA Kunde", "DE")


@pytest.fixture(scope="session")
def discounts() -> dict[str, pricing.Discount]:
    return pricing.load_discounts(DATA / "discount_codes.json")


@pytest.fixture
def payments(settings: Settings) -> PaymentsClient:
    return PaymentsClient(settings.payments_url, settings.payments_api_key, settings.http_timeout)


@pytest.fixture
def inventory(settings: Settings) -> InventoryClient:
    return InventoryClient(settings.inventory_url, settings.http_timeout)


@pytest.fixture
def service(repo, payments, inventory, discounts) -> OrderService:  # type: ignore[no-untyped-def]
    return OrderService(repo, payments, inventory, discounts)


@pytest.fixture
def client(service: OrderService):  # type: ignore[no-untyped-def]
    from shop.api import create_app

    app = create_app(service)
    app.testing = True
    return app.test_client()
