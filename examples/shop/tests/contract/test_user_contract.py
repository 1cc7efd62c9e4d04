"""The user service's request/response contract, endpoint by endpoint."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from shop_support import USER_FIELDS, Customer, assert_error

from qatron.api_client import APIClient
from qatron.data_fixtures import load_data_fixture
from qatron.helpers import unique_email, unique_name

pytestmark = [pytest.mark.contract, pytest.mark.regression]


def assert_user_shape(data: dict[str, Any]) -> None:
    assert set(data) == USER_FIELDS
    assert isinstance(data["id"], int)
    assert "@" in data["email"]
    datetime.fromisoformat(data["created_at"])


class TestUserAPIContract:
    @pytest.mark.smoke
    def test_health(self, users: APIClient) -> None:
        response = users.get("/health")
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "service": "user-service"}

    @pytest.mark.smoke
    @pytest.mark.critical
    def test_create_user(self, users: APIClient) -> None:
        payload = {
            "email": unique_email("contract"),
            "username": unique_name("contract"),
            "password": "SecurePass123!",
        }
        response = users.post("/users", json=payload)
        assert response.status_code == 201
        data = response.json()
        assert_user_shape(data)
        assert data["email"] == payload["email"]
        assert data["full_name"] is None
        assert "password" not in data and "password_hash" not in data

    def test_get_user(self, users: APIClient, regular_customer: Customer) -> None:
        response = users.get(f"/users/{regular_customer.id}")
        assert response.status_code == 200
        assert_user_shape(response.json())
        assert response.json()["username"] == regular_customer.username

    def test_get_unknown_user(self, users: APIClient) -> None:
        assert_error(users.get("/users/999999999999"), 404, "not found")

    @pytest.mark.parametrize("invalid_email", ["not-an-email", "@example.com", "user@", ""])
    def test_create_user_invalid_email(self, users: APIClient, invalid_email: str) -> None:
        response = users.post(
            "/users", json={"email": invalid_email, "username": "test", "password": "Pass1234!"}
        )
        assert_error(response, 400, "email", field="email")

    @pytest.mark.parametrize(
        "case", load_data_fixture("invalid_signups"), ids=lambda case: case["case"]
    )
    def test_create_user_invalid_payload(self, users: APIClient, case: dict[str, Any]) -> None:
        response = users.post("/users", json=case["payload"])
        assert_error(response, 400, case["expected_error"], field=case["field"])

    def test_create_user_duplicate_email(
        self, users: APIClient, regular_customer: Customer
    ) -> None:
        payload = {
            "email": regular_customer.email.upper(),
            "username": unique_name("dup"),
            "password": "Secret123",
        }
        assert_error(users.post("/users", json=payload), 409, "already registered")

    def test_body_must_be_json(self, users: APIClient) -> None:
        response = users.post("/users", content=b"{email:", headers={"Content-Type": "text/plain"})
        assert_error(response, 400, "not valid JSON")

    def test_update_requires_a_token(self, users: APIClient, regular_customer: Customer) -> None:
        response = users.put(f"/users/{regular_customer.id}", json={"full_name": "Nobody"})
        assert_error(response, 401, "bearer token")

    def test_unknown_route_and_method(self, users: APIClient) -> None:
        assert_error(users.get("/orders"), 404, "no route")
        assert_error(users.delete("/users/1"), 405, "not allowed")


class TestAuthContract:
    @pytest.mark.smoke
    def test_login(self, users: APIClient, regular_customer: Customer) -> None:
        response = users.post(
            "/auth/login",
            json={"email": regular_customer.email, "password": regular_customer.password},
        )
        assert response.status_code == 200
        data = response.json()
        assert set(data) == {"token", "token_type", "expires_in", "user_id"}
        assert data["token_type"] == "bearer" and data["expires_in"] > 0
        assert data["user_id"] == regular_customer.id

    @pytest.mark.parametrize("wrong", ["password", "email"])
    def test_login_with_bad_credentials(
        self, users: APIClient, regular_customer: Customer, wrong: str
    ) -> None:
        credentials = {"email": regular_customer.email, "password": regular_customer.password}
        credentials[wrong] = "Wrong-Secret-1" if wrong == "password" else unique_email("ghost")
        assert_error(users.post("/auth/login", json=credentials), 401, "invalid email or password")

    def test_verify_returns_the_user(self, users: APIClient, regular_customer: Customer) -> None:
        response = users.get("/auth/verify", headers=regular_customer.auth)
        assert response.status_code == 200
        assert_user_shape(response.json())
        assert response.json()["id"] == regular_customer.id

    @pytest.mark.parametrize(
        ("headers", "detail"),
        [
            ({}, "missing bearer token"),
            ({"Authorization": "Basic dXNlcjpwYXNz"}, "missing bearer token"),
            ({"Authorization": "Bearer not-a-real-token"}, "invalid or expired"),
        ],
        ids=["none", "basic", "forged"],
    )
    def test_verify_rejects(self, users: APIClient, headers: dict[str, str], detail: str) -> None:
        assert_error(users.get("/auth/verify", headers=headers), 401, detail)
