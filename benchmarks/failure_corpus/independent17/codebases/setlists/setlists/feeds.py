"""Partner feeds: lyrics and the fan wiki over urllib3, tour dates, the GraphQL gateway."""

from __future__ import annotations

import json
from typing import Any

import attrs
import cattrs
import msgpack
import urllib3
from urllib3.util.retry import Retry

from setlists.titles import SetlistError


def _pool(retries: Retry, timeout: float) -> urllib3.PoolManager:
    return urllib3.PoolManager(retries=retries, timeout=urllib3.Timeout(total=timeout))


def lyrics(base_url: str, song_id: int, timeout: float) -> str:
    pool = _pool(Retry(total=1, backoff_factor=0), timeout)
    response = pool.request("GET", f"{base_url}/v1/lyrics/{song_id}")
    return str(json.loads(response.data)["text"])


def wiki_page(base_url: str, artist: str, timeout: float) -> dict[str, Any]:
    retries = Retry(total=2, status_forcelist=[500, 502, 503], backoff_factor=0)
    response = _pool(retries, timeout).request("GET", f"{base_url}/v1/wiki/{artist}")
    page: dict[str, Any] = json.loads(response.data)
    return page


def tour_dates(base_url: str, artist: str, timeout: float) -> list[str]:
    retries = Retry(total=2, allowed_methods=frozenset({"GET"}), backoff_factor=0)
    response = _pool(retries, timeout).request("GET", f"{base_url}/v1/tours/{artist}")
    return [str(d) for d in json.loads(response.data)["dates"]]


def gateway_query(base_url: str, query: str, timeout: float) -> dict[str, Any]:
    """Run a query on the partners' GraphQL gateway; its errors become SetlistError."""
    pool = _pool(Retry(total=0), timeout)
    response = pool.request("POST", f"{base_url}/graphql", body=json.dumps({"query": query}),
                            headers={"Content-Type": "application/json"})
    body = json.loads(response.data)
    if body.get("errors"):
        messages = "; ".join(e["message"] for e in body["errors"])
        raise SetlistError(f"gateway query failed: {messages}")
    data: dict[str, Any] = body["data"]
    return data


@attrs.frozen
class FeedEntry:
    position: int
    title: str
    encore: bool = False


@attrs.frozen
class FeedShow:
    artist: str
    venue: str
    entries: list[FeedEntry]


_converter = cattrs.Converter(forbid_extra_keys=True)
_converter.register_structure_hook(int, lambda value, _type: _strict_int(value))
_converter.register_structure_hook(bool, lambda value, _type: _strict_bool(value))


def _strict_int(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"expected an integer, got {value!r}")
    return value


def _strict_bool(value: object) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected true or false, got {value!r}")
    return value


def latest_show(base_url: str, timeout: float) -> FeedShow:
    """The most recent show from the live-setlist feed, sent as MessagePack."""
    pool = _pool(Retry(total=0), timeout)
    response = pool.request("GET", f"{base_url}/v1/feed/latest")
    return _converter.structure(msgpack.unpackb(response.data), FeedShow)
