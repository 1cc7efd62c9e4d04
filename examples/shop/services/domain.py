"""The shop's business rules, free of HTTP and SQL so unit tests can call them directly."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Mapping
from decimal import Decimal
from enum import StrEnum
from typing import Any

PBKDF2_ITERATIONS = 100_000
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 128
MAX_AMOUNT = 100_000_000  # in minor units: one million EUR
CURRENCIES: dict[str, int] = {"EUR": 2, "USD": 2, "GBP": 2, "CHF": 2, "SEK": 2, "JPY": 0}
DECLINED_CARDS: dict[str, str] = {
    "4000000000000002": "card_declined",
    "4000000000009995": "insufficient_funds",
}

_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
_USERNAME = re.compile(r"^[A-Za-z0-9_.-]{3,32}$")


class ValidationError(ValueError):
    """Invalid input; ``field`` names the offending field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class RefundError(Exception):
    """A refund the payment's state does not allow."""


class PaymentStatus(StrEnum):
    PENDING = "pending"
    SETTLED = "settled"
    PARTIALLY_REFUNDED = "partially_refunded"
    REFUNDED = "refunded"


REFUNDABLE = frozenset({PaymentStatus.SETTLED, PaymentStatus.PARTIALLY_REFUNDED})


def _string(value: Any, field: str) -> str:
    """``value`` if it is a string; else a ValidationError naming ``field``."""
    if value is None:
        raise ValidationError(field, f"Missing required field: {field}")
    if not isinstance(value, str):
        raise ValidationError(field, f"Field {field} must be a string")
    return value


def validate_email(value: Any) -> str:
    """The address, trimmed and lower-cased."""
    email = _string(value, "email").strip()
    if len(email) > 254 or not _EMAIL.match(email):
        raise ValidationError("email", "Invalid email format")
    return email.lower()


def validate_password(value: Any) -> str:
    password = _string(value, "password")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            "password", f"Password too short (minimum {MIN_PASSWORD_LENGTH} characters)"
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValidationError("password", "Password too long")
    if not (any(c.isalpha() for c in password) and any(c.isdigit() for c in password)):
        raise ValidationError("password", "Password must contain a letter and a digit")
    return password


def validate_username(value: Any) -> str:
    username = _string(value, "username")
    if not _USERNAME.match(username):
        raise ValidationError("username", "Invalid username: use 3-32 letters, digits, . _ -")
    return username


def validate_full_name(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value.strip()) > 100:
        raise ValidationError("full_name", "Field full_name must be a string of 100 characters max")
    return value.strip() or None


def validate_registration(body: Mapping[str, Any]) -> dict[str, Any]:
    """Check a sign-up payload: email, username, password, optional full_name."""
    for field in ("email", "username", "password"):
        _string(body.get(field), field)
    return {
        "email": validate_email(body["email"]),
        "username": validate_username(body["username"]),
        "password": validate_password(body["password"]),
        "full_name": validate_full_name(body.get("full_name")),
    }


UPDATABLE_FIELDS = {
    "email": validate_email,
    "username": validate_username,
    "full_name": validate_full_name,
}


def validate_profile_update(body: Mapping[str, Any]) -> dict[str, Any]:
    """Check a profile update: a non-empty subset of email, username, full_name."""
    unknown = sorted(set(body) - set(UPDATABLE_FIELDS))
    if unknown:
        raise ValidationError(unknown[0], f"Unknown field(s): {', '.join(unknown)}")
    if not body:
        raise ValidationError("body", "No fields to update")
    return {field: UPDATABLE_FIELDS[field](value) for field, value in body.items()}


def hash_password(
    password: str, iterations: int = PBKDF2_ITERATIONS, salt: bytes | None = None
) -> str:
    """``pbkdf2_sha256$<iterations>$<salt hex>$<hash hex>``."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    return f"pbkdf2_sha256${iterations}${salt.hex()}${digest.hex()}"


def verify_password(password: str, encoded: str) -> bool:
    """Whether ``password`` matches a ``hash_password`` result, in constant time."""
    try:
        algorithm, iterations, salt, expected = encoded.split("$")
        digest = hashlib.pbkdf2_hmac(
            "sha256", password.encode(), bytes.fromhex(salt), int(iterations)
        )
    except ValueError:
        return False
    return algorithm == "pbkdf2_sha256" and hmac.compare_digest(digest.hex(), expected)


def token_digest(token: str) -> str:
    """What is stored for a session token: never the token itself."""
    return hashlib.sha256(token.encode()).hexdigest()


def validate_amount(value: Any, field: str = "amount") -> int:
    """A positive whole number of minor units (cents), at most ``MAX_AMOUNT``."""
    if value is None:
        raise ValidationError(field, f"Missing required field: {field}")
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(field, f"Field {field} must be an integer number of cents")
    if value <= 0:
        raise ValidationError(field, f"Field {field} must be greater than 0")
    if value > MAX_AMOUNT:
        raise ValidationError(field, f"Field {field} exceeds the maximum of {MAX_AMOUNT}")
    return value


def validate_currency(value: Any) -> str:
    """An ISO 4217 code the shop accepts, upper-cased."""
    code = _string(value, "currency").strip().upper()
    if code not in CURRENCIES:
        supported = ", ".join(sorted(CURRENCIES))
        raise ValidationError("currency", f"Unsupported currency {value!r}; use one of {supported}")
    return code


def format_money(amount: int, currency: str) -> str:
    """``1234, "EUR"`` -> ``"12.34 EUR"``; ``500, "JPY"`` -> ``"500 JPY"``."""
    exponent = CURRENCIES[currency]
    value = Decimal(amount).scaleb(-exponent)
    return f"{value:,.{exponent}f} {currency}"


def normalize_card_number(value: Any) -> str:
    """The digits of a card number typed with spaces or dashes."""
    number = _string(value, "card_number")
    digits = re.sub(r"[\s-]", "", number)
    if not digits.isdigit():
        raise ValidationError("card_number", "Card number must contain digits only")
    return digits


def luhn_valid(number: str) -> bool:
    """The Luhn (mod 10) check every real card number passes."""
    if not number.isdigit():
        return False
    total = 0
    for index, char in enumerate(reversed(number)):
        digit = int(char)
        if index % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


def validate_card_number(value: Any) -> str:
    number = normalize_card_number(value)
    if not 12 <= len(number) <= 19:
        raise ValidationError("card_number", "Card number must have 12 to 19 digits")
    if not luhn_valid(number):
        raise ValidationError("card_number", "Invalid card number: Luhn check failed")
    return number


def card_brand(number: str) -> str:
    if number.startswith("4"):
        return "visa"
    if number[:2] in {"34", "37"}:
        return "amex"
    if 51 <= int(number[:2]) <= 55 or 2221 <= int(number[:4]) <= 2720:
        return "mastercard"
    if number.startswith(("6011", "65")):
        return "discover"
    return "unknown"


def decline_reason(number: str) -> str | None:
    """Why the (test) card network declines ``number``, or None if it accepts it."""
    return DECLINED_CARDS.get(number)


def plan_refund(
    status: str, amount: int, refunded: int, requested: int | None = None
) -> tuple[int, PaymentStatus]:
    """Check a refund of ``requested`` (None: all that is left).

    Returns the refund amount and the payment's status afterwards.
    """
    if status not in REFUNDABLE:
        raise RefundError(f"Only settled payments can be refunded; this one is {status}")
    remaining = amount - refunded
    refund = remaining if requested is None else validate_amount(requested)
    if refund > remaining:
        raise ValidationError(
            "amount", f"Refund amount {refund} exceeds the refundable amount {remaining}"
        )
    after = PaymentStatus.REFUNDED if refund == remaining else PaymentStatus.PARTIALLY_REFUNDED
    return refund, after
