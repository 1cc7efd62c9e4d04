"""Card rules: the Luhn check, brands, normalisation and test-network declines."""

from __future__ import annotations

from typing import Any

import pytest
from services import domain

from qatron.data_fixtures import load_data_fixture

pytestmark = pytest.mark.unit

CARDS: list[dict[str, Any]] = load_data_fixture("cards")


def card_id(card: dict[str, Any]) -> str:
    return f"{card['brand']}-{card['number'][-4:]}"


@pytest.mark.parametrize("card", CARDS, ids=card_id)
def test_luhn_check_matches_the_card_list(card: dict[str, Any]) -> None:
    assert domain.luhn_valid(card["number"]) is card["luhn"]


@pytest.mark.parametrize("number", ["", "abcd", "4111-1111-1111-1111", "0000000000000001"])
def test_luhn_rejects_non_numbers_and_bad_checksums(number: str) -> None:
    assert not domain.luhn_valid(number)


@pytest.mark.parametrize("card", [c for c in CARDS if c["luhn"]], ids=card_id)
def test_brand_is_detected(card: dict[str, Any]) -> None:
    assert domain.card_brand(card["number"]) == card["brand"]


def test_unknown_brand() -> None:
    assert domain.card_brand("9999999999999995") == "unknown"


@pytest.mark.parametrize(
    ("typed", "digits"),
    [
        ("4111 1111 1111 1111", "4111111111111111"),
        ("5555-5555-5555-4444", "5555555555554444"),
        (" 378282246310005 ", "378282246310005"),
    ],
)
def test_spaces_and_dashes_are_ignored(typed: str, digits: str) -> None:
    assert domain.normalize_card_number(typed) == digits
    assert domain.validate_card_number(typed) == digits


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("4111", "12 to 19 digits"),
        ("41111111111111111111", "12 to 19 digits"),
        ("4111111111111112", "Luhn check failed"),
        ("4111x111111111111", "digits only"),
        (4111111111111111, "must be a string"),
    ],
)
def test_invalid_card_numbers_are_rejected(number: object, message: str) -> None:
    with pytest.raises(domain.ValidationError, match=message) as caught:
        domain.validate_card_number(number)
    assert caught.value.field == "card_number"


@pytest.mark.parametrize("card", CARDS, ids=card_id)
def test_test_network_declines(card: dict[str, Any]) -> None:
    assert domain.decline_reason(card["number"]) == card["decline_code"]
