"""A domain error named for a broken contract is a data contract; a database server whose
access rules refuse the client is a credentials problem, not an unavailable database."""

from __future__ import annotations

import pytest

from qatron.failures import Failure
from qatron.failures.categories import categorise
from tests.failures.test_library_messages import category_of, raise_


class ContractViolation(Exception):
    """A product's own error for data that broke what its supplier agreed to send."""


@pytest.mark.parametrize("said", ["record 9780141439518: year '1871' is not an integer",
                                  "acquisitions.csv lacks columns ['copies']"])
def test_a_domain_error_named_for_a_broken_contract_is_a_data_contract(said: str) -> None:
    assert category_of(raise_(ContractViolation(said))) == "data_contract"


@pytest.mark.parametrize("fatal", [
    'pg_hba.conf rejects connection for host "127.0.0.1", user "postgres", database '
    '"_test_db", no encryption',
    'no pg_hba.conf entry for host "10.0.0.8", user "app", database "orders", SSL off',
])
def test_a_server_whose_access_rules_refuse_the_client_refused_its_credentials(
        fatal: str) -> None:
    # psycopg 3's wording (it is not installed here); the server's FATAL line is PostgreSQL's
    message = (f'psycopg.OperationalError: connection failed: connection to server at '
               f'"127.0.0.1", port 5432 failed: FATAL:  {fatal}')
    failure = Failure(nodeid="tests/test_db.py::test_query", message=message,
                      traceback=f"Traceback (most recent call last):\n  File \"app/db.py\", "
                                f"line 9, in connect\n    return psycopg.connect(dsn)\n{message}")
    assert categorise(failure).category == "credentials_refused"
