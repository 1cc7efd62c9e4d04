"""The seeded customers database: what the generated test data promises."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text

from qatron.data_fixtures import load_data_fixture


@pytest.fixture
def db(environment):
    engine = create_engine(environment["services"]["customers-db"]["url"])
    with engine.connect() as connection:
        yield connection
    engine.dispose()


def test_every_generated_row_was_loaded(environment, db):
    rows = environment["data"]["rows"]
    assert db.execute(text("select count(*) from customers")).scalar() == rows["customers"]
    assert db.execute(text("select count(*) from cards")).scalar() == rows["cards"]


def test_every_card_belongs_to_a_customer(db):
    orphans = db.execute(text(
        "select count(*) from cards c left join customers u on u.id = c.customer_id "
        "where u.id is null")).scalar()
    assert orphans == 0


def test_tests_read_the_same_rows_through_the_data_fixtures(environment, db):
    customers = load_data_fixture("customers", environment["name"])
    first = customers[0]
    email = db.execute(text("select email from customers where id = :id"),
                       {"id": first["id"]}).scalar()
    assert email == first["email"]
