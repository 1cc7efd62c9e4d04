"""Product code that wraps what went wrong in its own exception and drops the library's
(``raise … from None``) still says it in words: read from pytest's own JUnit XML of a
small project whose errors name a partner that timed out or could not be reached, a
database it could not connect to, a token refused, a table not found, a feed row with an
invalid field or a full disk. The product refusing a request of its own stays wrong
behaviour, and so does a test asserting on those very words. A product that logs a
warning and hands back an error instead of raising it is read from its warning when the
test's assertion says nothing more."""

from __future__ import annotations

from pathlib import Path

import pytest

from qatron.failures import Analyser, Failure
from tests.failures.small_project import partner_conftest, pytest_failures

BILLING = '''
class BillingError(Exception):
    """Billing could not be done."""


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


def test_billing_reports_the_ledger_down():
    with pytest.raises(Exception) as raised:
        fail("payment declined")
    assert str(raised.value) == "could not reach the ledger: token rejected"
'''


@pytest.fixture(scope="module")
def failures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Failure]:
    project: Path = tmp_path_factory.mktemp("billing")
    return pytest_failures(project, {"app/__init__.py": "", "app/billing.py": BILLING,
                                     "tests/test_billing.py": TESTS})


def test_an_assertion_on_the_products_words_is_not_read_as_what_they_say(
        failures: dict[str, Failure]) -> None:
    analysed = Analyser().analyse([failures["test_billing_reports_the_ledger_down"]]).failures[0]
    assert analysed.category == "wrong_behaviour", analysed.evidence


@pytest.mark.parametrize("category", sorted(SAID))
def test_a_domain_error_that_dropped_the_librarys_is_read_from_its_words(
        failures: dict[str, Failure], category: str) -> None:
    analysed = Analyser().analyse([failures[f"test_billing[{category}]"]]).failures[0]
    assert analysed.category == category, analysed.evidence


PAYMENTS = """
import logging

import requests

log = logging.getLogger("payments")


def charge(url):
    try:
        answer = requests.post(url, timeout=1)
        answer.raise_for_status()
        return {"status": "ok", "amount": answer.json()["amount"]}
    except requests.RequestException as exc:
        log.warning("payments: %s", exc)
        return {"status": "error", "reason": str(exc)}
"""

PARTNER = partner_conftest("""
def do_POST(self):
    if self.path == "/slow":
        time.sleep(2)
    status = int(self.path.rsplit("/", 1)[1]) if self.path.startswith("/status/") else 200
    self.send_response(status)
    self.end_headers()
    self.wfile.write(b'{"amount": 12}')
""")

PAYMENT_TESTS = """
import logging

from app.payments import charge


def test_charge_gateway_down(partner):
    assert charge(partner + "/status/502")["status"] == "ok"


def test_charge_slow(partner):
    assert charge(partner + "/slow")["status"] == "ok"


def test_charge_unreachable():
    assert charge("http://127.0.0.1:9/charges")["status"] == "ok"


def test_charge_amount_after_a_retry(partner):
    logging.getLogger("urllib3.connectionpool").warning(
        "Retrying (Retry(total=2)) after connection broken by 'NewConnectionError'")
    assert charge(partner + "/charges")["amount"] == 13
"""

RETURNED = {"test_charge_gateway_down": "upstream_5xx", "test_charge_slow": "slow_upstream",
            "test_charge_unreachable": "upstream_unreachable",
            "test_charge_amount_after_a_retry": "wrong_behaviour"}


@pytest.fixture(scope="module")
def returned(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Failure]:
    project: Path = tmp_path_factory.mktemp("payments")
    return pytest_failures(project, {"pytest.ini": "[pytest]\njunit_logging = all\n",
                                     "app/__init__.py": "", "app/payments.py": PAYMENTS,
                                     "tests/conftest.py": PARTNER,
                                     "tests/test_payments.py": PAYMENT_TESTS})


@pytest.mark.parametrize(("name", "category"), sorted(RETURNED.items()))
def test_an_error_the_product_warned_of_and_returned_is_read_from_its_warning(
        returned: dict[str, Failure], name: str, category: str) -> None:
    analysed = Analyser().analyse([returned[name]]).failures[0]
    assert analysed.category == category, analysed.evidence
