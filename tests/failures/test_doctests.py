"""Doctests of the product's own modules, read from pytest's own JUnit XML of a small
project run with ``--doctest-modules``: an example whose output differs is a wrong result,
one cluster however many examples show it; an example that raised is that error of the
product's code, one cluster with the same error met by a test."""

from __future__ import annotations

import pytest

from tests.failures.small_project import Analysed, analysed_project

PRICES = '''
def decimals(amount):
    """Digits after the decimal point.

    >>> decimals("12.50")
    2
    >>> decimals("7")
    0
    """
    point = amount.find(".")
    return 0 if point < 0 else len(amount) - point


def label(amount):
    """A price label.

    >>> label("12.50")
    '12.50 EUR'
    """
    return f"{amount:>{decimals(amount)}d} EUR"


def labels(amounts):
    """Labels of many prices.

    >>> labels(["1.5", "2.25"])
    ['1.5 EUR', '2.25 EUR']
    """
    return [label(amount) for amount in amounts]


def rounded(amount):
    """The amount rounded to its own digits.

    >>> rounded("3.14")
    '3.14'
    """
    return f"{float(amount):.{decimals(amount)}f}"
'''

TESTS = '''
from app import prices


def test_label():
    assert prices.label("4.20") == "4.20 EUR"
'''


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Analysed]:
    return analysed_project(
        tmp_path_factory.mktemp("prices"),
        {"app/__init__.py": "", "app/prices.py": PRICES, "tests/test_prices.py": TESTS},
        options=("--doctest-modules", "app", "tests"))


def test_an_example_with_another_output_is_a_wrong_result_one_cluster(
        analysed: dict[str, Analysed]) -> None:
    decimals, rounded = analysed["app.prices.decimals"], analysed["app.prices.rounded"]
    assert (decimals[0], rounded[0]) == ("wrong_behaviour", "wrong_behaviour"), decimals[2]
    assert decimals[1] == rounded[1]


def test_an_example_that_raised_is_the_products_error_as_a_test_meets_it(
        analysed: dict[str, Analysed]) -> None:
    label, labels = analysed["app.prices.label"], analysed["app.prices.labels"]
    assert label[0] == "product_bug", label[2]
    assert "app/prices.py:20" in label[2]
    assert label[1] == labels[1] == analysed["test_label"][1]
