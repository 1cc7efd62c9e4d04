"""Memory-card dumps: a zip of images with a manifest.json checked against its schema."""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema

MANIFEST_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["camera", "card", "trigger", "images"],
    "properties": {
        "camera": {"type": "string", "pattern": "^BSH-[0-9]{4}$"},
        "card": {"type": "integer"},
        "trigger": {"enum": ["motion", "timelapse", "infrared"]},
        "images": {"type": "array", "items": {
            "type": "object", "required": ["file", "taken_at"],
            "properties": {"file": {"type": "string"}, "taken_at": {"type": "string"}}}},
    },
}


class CardError(Exception):
    """A card dump cannot be ingested."""


@dataclass(frozen=True)
class Card:
    camera: str
    number: int
    trigger: str
    images: list[dict[str, str]]


def read_card(path: Path) -> Card:
    """Read and check a card dump's manifest; every listed image must be in the zip."""
    with zipfile.ZipFile(path) as archive:
        try:
            manifest = json.loads(archive.read("manifest.json"))
        except KeyError:
            raise CardError(f"{path.name}: card dump has no manifest") from None
        jsonschema.validate(manifest, MANIFEST_SCHEMA)
        names = set(archive.namelist())
    missing = [i["file"] for i in manifest["images"] if i["file"] not in names]
    if missing:
        raise CardError(f"{path.name}: images missing from the dump: {missing}")
    return Card(manifest["camera"], manifest["card"], manifest["trigger"], manifest["images"])


def write_card(path: Path, camera: str, number: int, trigger: str, count: int,
               with_manifest: bool = True) -> None:
    """Lay out a card dump the way the field laptops do."""
    images = [{"file": f"IMG_{i:04d}.PGM", "taken_at": f"2026-04-0{1 + i % 3}T0{i % 10}:15:00"}
              for i in range(count)]
    with zipfile.ZipFile(path, "w") as archive:
        for index, image in enumerate(images):
            archive.writestr(image["file"], pgm(16, 16, index))
        if with_manifest:
            archive.writestr("manifest.json", json.dumps(
                {"camera": camera, "card": number, "trigger": trigger, "images": images}))


def pgm(width: int, height: int, seed: int) -> bytes:
    """A greyscale test image in binary PGM."""
    pixels = bytes((x * 7 + y * 13 + seed * 31) % 256 for y in range(height) for x in range(width))
    return f"P5 {width} {height} 255\n".encode() + pixels
