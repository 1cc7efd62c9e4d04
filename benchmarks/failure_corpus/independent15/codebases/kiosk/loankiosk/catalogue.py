"""Client of the regional catalogue partner (requests)."""

from __future__ import annotations

import logging
import os
from typing import Any

import requests

log = logging.getLogger(__name__)


class CatalogueError(Exception):
    """The catalogue could not answer."""


class SearchUnavailable(CatalogueError):
    """The catalogue's search answered but reported its own failure."""


def base_url() -> str:
    return os.environ.get("KIOSK_CATALOGUE_URL", "http://127.0.0.1:57421")


def lookup(isbn: str) -> dict[str, Any]:
    """Bibliographic record of ``isbn``."""
    try:
        response = requests.get(f"{base_url()}/items/{isbn}", timeout=5)
        response.raise_for_status()
    except requests.HTTPError as exc:
        raise CatalogueError(f"catalogue lookup of {isbn} failed") from exc
    record: dict[str, Any] = response.json()
    return record


def search_author(author: str) -> list[str]:
    """Titles by ``author`` through the catalogue's GraphQL endpoint."""
    query = {"query": "query($a: String!) { titles(author: $a) }", "variables": {"a": author}}
    response = requests.post(f"{base_url()}/graphql", json=query, timeout=5)
    response.raise_for_status()
    body = response.json()
    if body.get("errors"):
        messages = "; ".join(error["message"] for error in body["errors"])
        raise SearchUnavailable(f"catalogue search failed: {messages}")
    titles: list[str] = body["data"]["titles"]
    return titles


def availability(isbn: str) -> dict[str, int]:
    """Copies on the shelf per branch."""
    timeout = float(os.environ.get("KIOSK_CATALOGUE_TIMEOUT", "1.0"))
    response = requests.get(f"{base_url()}/availability/{isbn}", timeout=timeout)
    response.raise_for_status()
    copies: dict[str, int] = response.json()["copies"]
    return copies


def cover_url(isbn: str) -> str:
    """Address of the cover image the kiosk shows (the covers API needs a token)."""
    token = os.environ.get("KIOSK_COVERS_TOKEN", "covers-7731")
    response = requests.get(
        f"{base_url()}/covers/{isbn}", headers={"Authorization": f"Bearer {token}"}, timeout=5
    )
    response.raise_for_status()
    return str(response.json()["url"])


def thumbnail(isbn: str) -> bytes:
    """Small cover image, served from the partner's thumbnail cache."""
    response = requests.get(f"{base_url()}/thumbs/{isbn}", timeout=1.0)
    response.raise_for_status()
    return response.content


def branch_hours(branch: str) -> dict[str, str]:
    """Opening hours of ``branch`` from the municipality's branches service."""
    url = os.environ.get("KIOSK_BRANCHES_URL", "http://127.0.0.1:57422")
    try:
        response = requests.get(f"{url}/branches/{branch}/hours", timeout=3)
    except requests.ConnectionError:
        log.error("branches service unavailable at %s", url)
        raise
    response.raise_for_status()
    hours: dict[str, str] = response.json()["hours"]
    return hours
