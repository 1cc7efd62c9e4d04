"""Product code that wraps what went wrong in its own exception and drops the library's
(``raise … from None``) still says it in words: read from pytest's own JUnit XML of a
small project whose errors name a partner that timed out or could not be reached, a
database it could not connect to, a token refused, a table not found, a feed row with an
invalid field or a full disk. The product refusing a request of its own stays wrong
behaviour."""

from __future__ import annotations

from pathlib import Path

import pytest

from qatron.failures import Analyser, Failure
from tests.failures.small_project import pytest_failures

BILLING = '''
class BillingError(Exception):
    pass


def fail(message):
    try:
        raise OSError("lost")
    except OSError:
        raise BillingError(message) from None
'''

SAID = {
    "slow_upstream": "payment gateway timed out after 5s",
    "upstream_unreachable": "could not reach the ledger at http://ledger.internal:8080",
    "database_unavailable": "could not connect to the invoices database",
    "credentials_refused": "token rejected by the identity provider",
    "schema_drift": "table 'invoice_lines' not found in the billing schema",
    "data_contract": "usage feed row 12 has an invalid amount: 'twelve'",
    "infrastructure": "could not write the statement: disk full",
    "wrong_behaviour": "invoice INV-7 exceeds the customer's credit limit",
}

TESTS = f'''
import pytest

from app.billing import fail

SAID = {SAID!r}


@pytest.mark.parametrize("case", sorted(SAID))
def test_billing(case):
    fail(SAID[case])
'''


@pytest.fixture(scope="module")
def failures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Failure]:
    project: Path = tmp_path_factory.mktemp("billing")
    return pytest_failures(project, {"app/__init__.py": "", "app/billing.py": BILLING,
                                     "tests/test_billing.py": TESTS})


@pytest.mark.parametrize("category", sorted(SAID))
def test_a_domain_error_that_dropped_the_librarys_is_read_from_its_words(
        failures: dict[str, Failure], category: str) -> None:
    analysed = Analyser().analyse([failures[f"test_billing[{category}]"]]).failures[0]
    assert analysed.category == category, analysed.evidence
