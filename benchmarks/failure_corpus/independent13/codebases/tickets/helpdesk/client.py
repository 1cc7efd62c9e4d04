"""HTTP client of the desk API."""

from __future__ import annotations

import logging
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from tenacity import retry, retry_if_exception, stop_after_attempt, wait_fixed
from urllib3.util.retry import Retry

from helpdesk.models import Ticket
from helpdesk.settings import Settings

log = logging.getLogger("helpdesk.client")


class DeskError(Exception):
    """The desk could not serve a request."""


def _is_unavailable(exc: BaseException) -> bool:
    return isinstance(exc, requests.HTTPError) and exc.response is not None and \
        exc.response.status_code == 503


class DeskClient:
    """Reads and writes tickets."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {settings.read_token}"

    def _get(self, path: str, **params: Any) -> Any:
        resp = self.session.get(self.settings.desk_url + path, params=params or None,
                                timeout=self.settings.timeout)
        resp.raise_for_status()
        return resp.json()

    def get_ticket(self, ticket_id: int) -> Ticket:
        return Ticket.model_validate(self._get(f"/api/tickets/{ticket_id}"))

    def raw_ticket(self, ticket_id: int) -> requests.Response:
        return self.session.get(f"{self.settings.desk_url}/api/tickets/{ticket_id}",
                                timeout=self.settings.timeout)

    def list_tickets(self, status: str) -> list[Ticket]:
        tickets: list[Ticket] = []
        page: int | None = 1
        while page is not None:
            body = self._get("/api/tickets", status=status, page=page)
            tickets.extend(Ticket.model_validate(item) for item in body["items"])
            page = body["next"]
        return tickets

    @retry(retry=retry_if_exception(_is_unavailable), stop=stop_after_attempt(3), wait=wait_fixed(0.05),
           reraise=False)
    def first_page(self, status: str) -> list[Ticket]:
        body = self._get("/api/tickets", status=status, page=1)
        return [Ticket.model_validate(item) for item in body["items"]]

    def _post(self, path: str, payload: dict[str, Any]) -> int:
        resp = self.session.post(self.settings.desk_url + path, json=payload,
                                 headers={"Authorization": f"Bearer {self.settings.write_token}"},
                                 timeout=self.settings.timeout)
        if resp.status_code in (401, 403):
            log.error("desk refused write to %s: %s", path, resp.text)
        resp.raise_for_status()
        return int(resp.json()["id"])

    def create_ticket(self, title: str, priority: str) -> int:
        return self._post("/api/tickets", {"title": title, "priority": priority})

    def add_comment(self, ticket_id: int, text: str) -> int:
        return self._post(f"/api/tickets/{ticket_id}/comments", {"body": text})

    def get_user(self, login: str) -> dict[str, Any]:
        data: dict[str, Any] = self._get(f"/api/users/{login}")
        return data

    def _graphql(self, op: str, term: str) -> Any:
        resp = self.session.post(f"{self.settings.desk_url}/graphql?op={op}",
                                 json={"query": op, "variables": {"term": term}},
                                 timeout=self.settings.timeout)
        resp.raise_for_status()
        body = resp.json()
        if body.get("errors"):
            raise DeskError("; ".join(err["message"] for err in body["errors"]))
        return body["data"]

    def search(self, term: str) -> list[Ticket]:
        return [Ticket.model_validate(t) for t in self._graphql("SearchTickets", term)["search"]]

    def count_matches(self, term: str) -> int:
        return len(self._graphql("CountTickets", term)["search"])

    def sla_policy(self) -> dict[str, int]:
        try:
            resp = requests.get(self.settings.sla_url + "/policy", timeout=self.settings.timeout)
        except requests.ConnectionError as exc:
            raise DeskError(f"SLA service unreachable at {self.settings.sla_url}") from exc
        resp.raise_for_status()
        return {k: int(v) for k, v in resp.json().items()}

    def attachment_meta(self, ticket_id: int, name: str) -> dict[str, Any]:
        resp = self.session.get(f"{self.settings.files_url}/{ticket_id}/{name}", timeout=self.settings.timeout)
        resp.raise_for_status()
        data: dict[str, Any] = resp.json()
        return data

    def health(self) -> int:
        return requests.get(self.settings.desk_url + "/health", timeout=self.settings.timeout).status_code


def build_download_session() -> requests.Session:
    """A session that retries idempotent downloads on connection errors."""
    session = requests.Session()
    retries = Retry(total=1, connect=1, backoff_factor=0.05, allowed_methods=frozenset({"GET"}))
    session.mount("http://", HTTPAdapter(max_retries=retries))
    return session
