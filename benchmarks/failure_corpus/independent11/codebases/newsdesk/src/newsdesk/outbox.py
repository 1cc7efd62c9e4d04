"""Writes the edition's files to the outbox volume."""

from __future__ import annotations

import json
import logging
import os
from datetime import UTC, datetime
from pathlib import Path

log = logging.getLogger(__name__)


def write_page(outbox: Path, slug: str, page: str) -> Path:
    """Write one article page atomically; its path."""
    outbox.mkdir(parents=True, exist_ok=True)
    target = outbox / f"{slug}.html"
    partial = outbox / f".{slug}.html.part"
    partial.write_text(page, encoding="utf-8")
    os.replace(partial, target)
    log.info("wrote %s (%d bytes)", target.name, len(page))
    return target


def write_edition(outbox: Path, edition: str, pages: dict[str, str]) -> Path:
    """Write every page of an edition and its manifest; the manifest's path."""
    folder = outbox / edition
    written = [write_page(folder, slug, page).name for slug, page in sorted(pages.items())]
    manifest = {"edition": edition, "pages": written, "written_at": datetime.now(UTC).isoformat()}
    path = folder / "manifest.json"
    path.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return path


def read_manifest(path: Path) -> dict[str, object]:
    """A manifest written by write_edition."""
    data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return data
