"""Overdue and hold-ready notices sent to the city's notice service, on aiohttp."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import aiohttp

from lending.errors import NoticeError


@dataclass(frozen=True)
class Notice:
    email: str
    kind: str
    subject: str

    def payload(self) -> dict[str, Any]:
        return {"to": self.email, "template": self.kind, "subject": self.subject}


async def _post(session: aiohttp.ClientSession, url: str, notice: Notice) -> str:
    async with session.post(f"{url}/v1/notices", json=notice.payload()) as resp:
        resp.raise_for_status()
        body = await resp.json()
        return str(body["notice_id"])


async def _send_all(url: str, key: str, notices: list[Notice], timeout: float) -> list[str]:
    headers = {"X-Api-Key": key}
    limits = aiohttp.ClientTimeout(total=timeout)
    async with aiohttp.ClientSession(headers=headers, timeout=limits) as session:
        return list(await asyncio.gather(*(_post(session, url, n) for n in notices)))


def send(url: str, key: str, notices: list[Notice], timeout: float = 2.0) -> list[str]:
    """Send notices concurrently; return the service's ids in order."""
    try:
        return asyncio.run(_send_all(url, key, notices, timeout))
    except aiohttp.ClientResponseError as exc:
        raise NoticeError(f"notice service answered {exc.status} {exc.message}") from exc


def overdue_notices(rows: list[dict[str, Any]]) -> list[Notice]:
    """One notice per overdue loan of a member with an e-mail address."""
    return [
        Notice(r["email"], "overdue", f"Please return {r['title']}") for r in rows if r.get("email")
    ]
