"""Sign-up, login, sessions and profiles across several user-service calls."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from shop_support import Customer, assert_error, bearer, signup_payload

from qatron.api_client import APIClient
from qatron.helpers import unique_name

pytestmark = [pytest.mark.integration, pytest.mark.regression]


def login(users: APIClient, email: str, password: str) -> str:
    response = users.post("/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return response.json()["token"]


class TestSessions:
    @pytest.mark.critical
    def test_sign_up_log_in_and_verify(self, users: APIClient) -> None:
        payload = signup_payload("session")
        created = users.post("/users", json=payload).json()
        token = login(users, payload["email"], payload["password"])
        me = users.get("/auth/verify", headers=bearer(token)).json()
        assert me == created

    def test_login_ignores_email_case_and_spaces(
        self, customer: Customer, users: APIClient
    ) -> None:
        token = login(users, f"  {customer.email.upper()} ", customer.password)
        assert users.get("/auth/verify", headers=bearer(token)).json()["id"] == customer.id

    def test_each_login_is_a_separate_session(self, customer: Customer, users: APIClient) -> None:
        second = login(users, customer.email, customer.password)
        assert second != customer.token
        for token in (customer.token, second):
            response = users.get("/auth/verify", headers=bearer(token))
            assert response.status_code == 200

    def test_logout_revokes_only_that_session(self, customer: Customer, users: APIClient) -> None:
        other = login(users, customer.email, customer.password)
        assert users.post("/auth/logout", headers=customer.auth).status_code == 204
        assert_error(users.get("/auth/verify", headers=customer.auth), 401, "invalid or expired")
        still = users.get("/auth/verify", headers=bearer(other))
        assert still.status_code == 200

    def test_concurrent_sign_ups_with_one_email(self, users: APIClient) -> None:
        payload = signup_payload("race")
        attempts = [{**payload, "username": unique_name("race")} for _ in range(4)]
        with ThreadPoolExecutor(max_workers=4) as pool:
            codes = sorted(
                pool.map(lambda body: users.post("/users", json=body).status_code, attempts)
            )
        assert codes == [201, 409, 409, 409]


class TestProfile:
    def test_update_is_visible_everywhere(self, customer: Customer, users: APIClient) -> None:
        new_name = unique_name("renamed")
        response = users.put(
            f"/users/{customer.id}",
            json={"full_name": "Ada Lovelace", "username": new_name},
            headers=customer.auth,
        )
        assert response.status_code == 200
        for view in (
            users.get(f"/users/{customer.id}"),
            users.get("/auth/verify", headers=customer.auth),
        ):
            assert (view.json()["full_name"], view.json()["username"]) == ("Ada Lovelace", new_name)
        assert response.json()["updated_at"] >= response.json()["created_at"]

    def test_cannot_update_someone_else(
        self, customer: Customer, register: Callable[..., Customer], users: APIClient
    ) -> None:
        victim = register("victim")
        response = users.put(
            f"/users/{victim.id}", json={"full_name": "Hacked"}, headers=customer.auth
        )
        assert_error(response, 403, "your own profile")
        assert users.get(f"/users/{victim.id}").json()["full_name"] == "QA Buyer"

    def test_username_taken_by_another_user(
        self, customer: Customer, regular_customer: Customer, users: APIClient
    ) -> None:
        response = users.put(
            f"/users/{customer.id}",
            json={"username": regular_customer.username},
            headers=customer.auth,
        )
        assert_error(response, 409, "username already taken", field="username")

    def test_new_email_is_the_login(self, customer: Customer, users: APIClient) -> None:
        new_email = signup_payload("moved")["email"]
        response = users.put(
            f"/users/{customer.id}", json={"email": new_email}, headers=customer.auth
        )
        assert response.json()["email"] == new_email
        assert login(users, new_email, customer.password)
        old = users.post(
            "/auth/login", json={"email": customer.email, "password": customer.password}
        )
        assert_error(old, 401)

    @pytest.mark.parametrize(
        ("body", "field"),
        [({"password": "NewSecret1"}, "password"), ({}, "body"), ({"email": "nope"}, "email")],
        ids=["password-not-updatable", "empty", "bad-email"],
    )
    def test_invalid_updates(
        self, customer: Customer, users: APIClient, body: dict[str, str], field: str
    ) -> None:
        response = users.put(f"/users/{customer.id}", json=body, headers=customer.auth)
        assert_error(response, 400, field=field)
