"""Client of the SMS notification gateway (httpx), with a thread-pool fan-out."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx

from clinic.config import Settings
from clinic.errors import Refused, UpstreamError


class Notifier:
    def __init__(self, settings: Settings) -> None:
        self.client = httpx.Client(base_url=settings.notify_url,
                                   timeout=httpx.Timeout(settings.http_timeout),
                                   headers={"X-Notify-Token": settings.notify_token})

    def close(self) -> None:
        self.client.close()

    def _post(self, path: str, document: dict[str, str]) -> dict[str, str]:
        try:
            response = self.client.post(path, json=document)
            if response.status_code in (401, 403):
                raise Refused(f"gateway refused {path}: {response.status_code}")
            response.raise_for_status()
        except httpx.HTTPError as exc:
            raise UpstreamError(f"notification gateway {path} failed: {exc}") from exc
        return dict(response.json())

    def send(self, phone: str, text: str) -> str:
        return self._post("/v2/messages", {"to": phone, "text": text})["message_id"]

    def status(self, message_id: str) -> str:
        try:
            response = self.client.get(f"/v2/messages/{message_id}")
            if response.status_code in (401, 403):
                raise Refused(f"gateway refused status lookup: {response.status_code}")
            response.raise_for_status()
        except httpx.HTTPError as exc:
            raise UpstreamError(f"status of {message_id} failed: {exc}") from exc
        return str(response.json()["state"])

    def send_all(self, messages: list[tuple[str, str]]) -> list[str]:
        with ThreadPoolExecutor(max_workers=4) as pool:
            return list(pool.map(lambda m: self.send(*m), messages))
