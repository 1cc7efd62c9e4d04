"""The customer signs up and logs in at user-service: the journey's first step."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from qatron.helpers import unique_email, unique_name

PASSWORD = "Journey-Secret-2024"


def test_login(service: Callable[[str], httpx.Client], journey: Any) -> dict[str, Any]:
    users = service("user-service")
    signup = {"email": unique_email("journey"), "username": unique_name("journey"),
              "password": PASSWORD, "full_name": "Journey Buyer"}
    created = users.post("/users", json=signup)
    assert created.status_code == 201, created.text
    login = users.post("/auth/login", json={"email": signup["email"], "password": PASSWORD})
    assert login.status_code == 200, login.text
    token, user_id = login.json()["token"], login.json()["user_id"]
    assert user_id == created.json()["id"]
    me = users.get("/auth/verify", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.json()["email"] == signup["email"], me.text

    # The token as it is (for the frontend) and as a header value (for payment-service).
    journey.publish(token=token, authorization=f"Bearer {token}", secret=True)
    return {"user_id": user_id}
