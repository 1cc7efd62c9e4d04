"""Clients of the machine-translation and quality-estimation partners (httpx)."""

from __future__ import annotations

import os
import threading
import time
from typing import Any

import httpx
from tenacity import retry, retry_if_exception, stop_after_attempt, wait_fixed

from tmemory import exchange


class MTError(Exception):
    """The MT partner could not translate."""


def mt_url() -> str:
    return os.environ.get("TM_MT_URL", "http://127.0.0.1:57426")


def translate(source: str, pair: tuple[str, str]) -> str:
    """Machine translation of one segment."""
    try:
        response = httpx.post(f"{mt_url()}/translate/{pair[0]}-{pair[1]}",
                              json={"text": source, "target": pair[1]}, timeout=5)
        response.raise_for_status()
    except httpx.HTTPStatusError as exc:
        raise MTError(f"MT partner failed on {source[:30]!r}") from exc
    return str(response.json()["translation"])


def _server_error(exc: BaseException) -> bool:
    return isinstance(exc, httpx.HTTPStatusError) and exc.response.status_code >= 500


@retry(stop=stop_after_attempt(3), wait=wait_fixed(0.1), retry=retry_if_exception(_server_error))
def translate_document(name: str) -> dict[str, Any]:
    """Submit a whole document; retried while the partner answers 5xx."""
    response = httpx.post(f"{mt_url()}/documents", json={"name": name}, timeout=5)
    response.raise_for_status()
    body: dict[str, Any] = response.json()
    return body


def languages() -> list[str]:
    timeout = float(os.environ.get("TM_MT_TIMEOUT", "1.0"))
    response = httpx.get(f"{mt_url()}/languages", timeout=timeout)
    response.raise_for_status()
    codes: list[str] = response.json()["languages"]
    return codes


def usage() -> dict[str, int]:
    """Characters used of this month's quota (needs the account key)."""
    key = os.environ.get("TM_MT_KEY", "mt-key-3390")
    response = httpx.get(f"{mt_url()}/usage", headers={"Authorization": f"Bearer {key}"},
                         timeout=5)
    response.raise_for_status()
    body: dict[str, int] = response.json()
    return body


def healthcheck() -> bool:
    with httpx.Client(base_url=mt_url(), timeout=5) as client:
        return client.get("/health").json()["status"] == "ok"


def wait_for_job(job: str, poll: float = 0.05) -> str:
    """Poll an asynchronous MT job until the partner reports it done."""
    while True:
        response = httpx.get(f"{mt_url()}/jobs/{job}", timeout=5)
        response.raise_for_status()
        state = str(response.json()["state"])
        if state in ("done", "failed"):
            return state
        time.sleep(poll)


def quality(source: str, target: str) -> float:
    """Quality-estimation score of a translation."""
    url = os.environ.get("TM_QE_URL", "http://127.0.0.1:57426")
    response = httpx.post(f"{url}/qe", json={"source": source, "target": target}, timeout=3)
    response.raise_for_status()
    return float(response.json()["score"])


class BatchTranslator:
    """Translates many segments with at most ``limit`` requests in flight."""

    def __init__(self, limit: int = 2) -> None:
        self.slots = threading.Semaphore(limit)

    def _one(self, source: str, pair: tuple[str, str], results: list[str], index: int) -> None:
        self.slots.acquire()
        results[index] = translate(source, pair)
        self.slots.release()

    def run(self, sources: list[str], pair: tuple[str, str]) -> list[str]:
        results = [""] * len(sources)
        workers = [
            threading.Thread(target=self._one, args=(source, pair, results, index), daemon=True)
            for index, source in enumerate(sources)
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        return results


def terms(domain: str) -> list[dict[str, str]]:
    """Terminology of ``domain`` from the terminology partner, checked against its schema."""
    url = os.environ.get("TM_TERMS_URL", "http://127.0.0.1:57427")
    response = httpx.get(f"{url}/terms/{domain}", timeout=5)
    response.raise_for_status()
    return exchange.validate_terms(response.json())
