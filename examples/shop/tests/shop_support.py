"""Helpers shared by the shop's tests (importable because pytest puts tests/ on sys.path)."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from qatron.helpers import unique_email, unique_name

USER_FIELDS = {"id", "email", "username", "full_name", "created_at", "updated_at"}
PAYMENT_FIELDS = {
    "id",
    "user_id",
    "amount",
    "currency",
    "status",
    "refunded_amount",
    "card_brand",
    "card_last4",
    "description",
    "created_at",
    "settled_at",
}


def bearer(token: str) -> dict[str, str]:
    """Headers that authenticate with ``token``."""
    return {"Authorization": f"Bearer {token}"}


@dataclass(frozen=True)
class Customer:
    """A registered, logged-in user of the shop."""

    id: int
    email: str
    username: str
    password: str
    token: str

    @property
    def auth(self) -> dict[str, str]:
        """Headers that authenticate as this customer."""
        return bearer(self.token)


def signup_payload(prefix: str = "buyer", password: str = "Shop-Secret-2024") -> dict[str, str]:
    """A valid registration body with a unique email and username."""
    return {
        "email": unique_email(prefix),
        "username": unique_name(prefix),
        "password": password,
        "full_name": "QA Buyer",
    }


def assert_error(
    response: httpx.Response, status: int, *words: str, field: str | None = None
) -> None:
    """An error answer: ``status``, a JSON ``detail`` with ``words``, the offending ``field``."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    detail = response.json()["detail"].lower()
    for word in words:
        assert word.lower() in detail, f"{word!r} not in {detail!r}"
    if field:
        assert response.json()["field"] == field
