import json
from pathlib import Path

import pytest
import redis

from ledger import config, store
from ledger.archive import Archive

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def settings():
    return config.load()


@pytest.fixture(scope="session")
def catalogue():
    return json.loads((DATA / "catalogue.json").read_text())


@pytest.fixture
def db(settings):
    conn = store.connect(settings.database)
    conn.execute("DELETE FROM movements")
    conn.execute("DELETE FROM items")
    yield conn
    conn.close()


@pytest.fixture
def stocked(db, catalogue):
    """The catalogue's items, each with 50 units received."""
    skus = {}
    for item in catalogue:
        sku = store.add_item(db, item["name"], item["unit_cents"], item["reorder_point"])
        store.receive(db, sku, 50)
        skus[item["name"]] = sku
    return skus


@pytest.fixture
def rclient(settings):
    client = redis.Redis.from_url(settings.redis_url, socket_timeout=2)
    client.flushdb()
    yield client
    client.close()


@pytest.fixture
def supplier(settings):
    from ledger.supplier import SupplierClient

    return SupplierClient(settings.supplier_url, settings.supplier_key, settings.http_timeout)


@pytest.fixture
def archive(settings):
    archive = Archive(settings.s3_endpoint, settings.bucket)
    archive.ensure_bucket()
    return archive
