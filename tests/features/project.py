"""A shop application whose checkout is a pytest-bdd feature suite, written to a folder."""

from __future__ import annotations

from pathlib import Path

FEATURE = """\
@checkout
Feature: Checkout
  As a customer I pay for my cart.

  Background:
    Given a cart with 2 items

  @smoke
  Scenario: Pay with a valid card
    When I pay with card "4111"
    Then the order is confirmed

  @regression
  Scenario: Pay with a declined card
    When I pay with card "0000"
    Then the order is confirmed

  @regression @edge-case
  Scenario Outline: Pay by <method>
    When I pay by <method>
      | field | value |
      | note  | gift  |
    Then the order is confirmed

    Examples:
      | method |
      | paypal |
      | cash   |

  @wip
  Scenario: Pay with a voucher
    When I redeem a voucher
    Then the order is confirmed
"""

STEPS = '''\
import pytest
from pytest_bdd import given, parsers, then, when


@pytest.fixture
def order():
    return {}


@given(parsers.parse("a cart with {count:d} items"))
def cart(order, count):
    order["items"] = count


@when(parsers.parse('I pay with card "{card}"'))
def pay_by_card(order, card):
    order["paid"] = card != "0000"


@when(parsers.re(r"I pay by (?P<method>paypal|card)"))
def pay_by(order, method):
    order["paid"] = True


@then("the order is confirmed")
def confirmed(order):
    assert order["paid"], "payment declined"
'''

TESTS = '''\
from pytest_bdd import scenarios

scenarios("../../features/checkout.feature")
'''


def write_shop(root: Path) -> Path:
    """The application folder: features/, tests/bdd/ (steps in conftest.py), strict markers."""
    (root / "features").mkdir(parents=True)
    (root / "features" / "checkout.feature").write_text(FEATURE, encoding="utf-8")
    (root / "tests" / "bdd").mkdir(parents=True)
    (root / "tests" / "bdd" / "conftest.py").write_text(STEPS, encoding="utf-8")
    (root / "tests" / "bdd" / "test_checkout.py").write_text(TESTS, encoding="utf-8")
    (root / "pytest.ini").write_text("[pytest]\naddopts = --strict-markers\n", encoding="utf-8")
    return root
