"""Claim documents on the documents volume."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from claims.config import Settings
from claims.documents import DocumentStore


@pytest.fixture
def store(settings: Settings, unique_claim: str) -> Iterator[DocumentStore]:
    """The document store; the test's claim folder is removed afterwards."""
    yield DocumentStore(settings.document_root)
    shutil.rmtree(settings.document_root / unique_claim, ignore_errors=True)


@pytest.mark.parametrize("content", [b"%PDF-1.7 police report", b"\x89PNG photo of damage",
                                     b"invoice 2026-118", b""])
def test_put_get(store: DocumentStore, unique_claim: str, content: bytes) -> None:
    digest = store.put(unique_claim, content)
    assert store.get(unique_claim, digest) == content


@pytest.mark.parametrize("count", [1, 3])
def test_list(store: DocumentStore, unique_claim: str, count: int) -> None:
    digests = {store.put(unique_claim, f"page {i}".encode()) for i in range(count)}
    assert store.list(unique_claim) == sorted(digests)
