"""Fixtures over the deployed test environment described by ``PAYRUN_*`` variables."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest

from payrun import config
from payrun.bank import BankClient
from payrun.config import Settings
from payrun.store import Employee, Store, connect
from payrun.tax import TaxClient

DATA = Path(__file__).parent / "data"
TABLES = ("audit_log", "bank_batches", "allowances", "payslips", "timesheet_entries",
          "employees", "departments")


@pytest.fixture(scope="session")
def settings() -> Settings:
    return config.load()


@pytest.fixture
def conn(settings: Settings) -> Iterator[psycopg.Connection]:
    """A connection to an emptied payroll database; tables missing here are left alone."""
    db = connect(settings.dsn)
    present = {
        row[0] for row in db.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchall()
    }
    for table in TABLES:
        if table in present and db.execute(f"SELECT EXISTS (SELECT 1 FROM {table})").fetchone()[0]:
            db.execute(f"DELETE FROM {table}")
    yield db
    db.close()


@pytest.fixture
def store(conn: psycopg.Connection) -> Store:
    return Store(conn)


@pytest.fixture
def staff(store: Store) -> dict[str, Employee]:
    """Three departments and three employees on the payroll."""
    store.add_department("ops", "Operations", "CC-100")
    store.add_department("sales", "Sales", "CC-200")
    store.add_department("eng", "Engineering", "CC-300")
    people = [
        store.add_employee("E001", "Ada Moss", "ops", Decimal("20.00"), "1257L", "north"),
        store.add_employee("E002", "Bo Lind", "sales", Decimal("18.50"), "BR", "south"),
        store.add_employee("E003", "Cy Park", "eng", Decimal("31.25"), "1257L", "north"),
    ]
    return {e.code: e for e in people}


@pytest.fixture
def accounts() -> dict[str, str]:
    return {"E001": "GB11PAYR00010001", "E002": "GB22PAYR00020002", "E003": "GB33PAYR00030003"}


@pytest.fixture
def tax(settings: Settings) -> TaxClient:
    return TaxClient(settings.tax_url, settings.tax_key, settings.http_timeout)


@pytest.fixture
def bank(settings: Settings) -> Iterator[BankClient]:
    client = BankClient(settings.bank_url, settings.bank_token, settings.http_timeout)
    yield client
    client.close()


@pytest.fixture
def out_dir(settings: Settings, request: pytest.FixtureRequest) -> Iterator[Path]:
    """A folder of this test on the output volume, removed afterwards."""
    path = settings.out_dir / request.node.name
    path.mkdir()
    yield path
    shutil.rmtree(path)


@pytest.fixture
def sample_timesheet() -> Path:
    """The timesheet checked into the repository as a known-good example."""
    path = DATA / "timesheet-sample.csv"
    if not path.exists():
        raise FileNotFoundError(path)
    return path
