"""The shop's payment flow under load, for Locust (``load_tests.payments`` in qatron.yml).

Each simulated buyer signs up and logs in at user-service once, then pays and reads its
payments at payment-service (the load test's target), which checks the buyer's token
with user-service on every request. QAtron gives Locust the run's environment file, so
the buyer finds user-service there; the load shape and the criteria are qatron.yml's.
"""

from __future__ import annotations

import json
import os
import uuid
from typing import Any

from locust import HttpUser, between, task

PASSWORD = "Load-Secret-2024"
CARD = "4242424242424242"


def _service_url(name: str) -> str:
    path = os.environ.get("QATRON_ENVIRONMENT_FILE")
    if not path:
        raise RuntimeError("run this locustfile with `qatron load run payments`: it reads "
                           "the services' addresses from QAtron's environment file")
    with open(path, encoding="utf-8") as file:
        environment: dict[str, Any] = json.load(file)
    return str(environment["services"][name]["url"])


class Buyer(HttpUser):
    wait_time = between(0.05, 0.2)

    def on_start(self) -> None:
        users = _service_url("user-service")
        name = f"load-{uuid.uuid4().hex[:12]}"
        signup = {"email": f"{name}@example.com", "username": name, "password": PASSWORD,
                  "full_name": "Load Buyer"}
        self.client.post(f"{users}/users", json=signup, name="POST /users (user-service)")
        login = self.client.post(f"{users}/auth/login",
                                 json={"email": signup["email"], "password": PASSWORD},
                                 name="POST /auth/login (user-service)")
        answer = login.json() if login.ok else {}
        self.user_id = answer.get("user_id", 0)
        self.headers = {"Authorization": f"Bearer {answer.get('token', '')}"}

    @task(3)
    def pay(self) -> None:
        self.client.post("/payments", headers=self.headers, name="POST /payments",
                         json={"amount": 1250, "currency": "EUR", "card_number": CARD})

    @task(1)
    def history(self) -> None:
        self.client.get(f"/users/{self.user_id}/payments", headers=self.headers,
                        name="GET /users/{id}/payments")
