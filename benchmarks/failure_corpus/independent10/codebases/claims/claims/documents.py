"""Content-addressed storage of claim documents on the documents volume."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

log = logging.getLogger("claims.documents")


class DocumentStore:
    """Stores documents under a mounted volume, named by their SHA-256."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def put(self, claim: str, content: bytes) -> str:
        """Store a document for a claim and return its digest."""
        digest = hashlib.sha256(content).hexdigest()
        folder = self.root / claim
        folder.mkdir(exist_ok=True)
        (folder / digest).write_bytes(content)
        log.info("stored %d bytes for %s as %s", len(content), claim, digest[:12])
        return digest

    def get(self, claim: str, digest: str) -> bytes:
        """Read a stored document back, checking its digest."""
        content = (self.root / claim / digest).read_bytes()
        if hashlib.sha256(content).hexdigest() != digest:
            raise ValueError(f"document {digest} of {claim} is corrupt")
        return content

    def list(self, claim: str) -> list[str]:
        """Digests stored for a claim."""
        folder = self.root / claim
        return sorted(p.name for p in folder.iterdir()) if folder.exists() else []
