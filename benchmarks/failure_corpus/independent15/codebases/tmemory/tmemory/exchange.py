"""Files exchanged with clients: TMX memories, glossary CSVs, zipped exports, the config."""

from __future__ import annotations

import csv
import io
import os
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import Any

import jsonschema
import yaml

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

TERMS_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["term", "definition", "lang"],
        "properties": {
            "term": {"type": "string"},
            "definition": {"type": "string"},
            "lang": {"type": "string", "pattern": "^[a-z]{2}$"},
        },
    },
}


class TMXError(Exception):
    """A TMX file could not be read."""


class TermsContractError(Exception):
    """The terminology partner's payload breaks the agreed schema."""


def read_tmx(path: Path) -> list[dict[str, str]]:
    """Translation units of a TMX file as ``{lang: text}`` dicts."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise TMXError(f"{path.name} is not well-formed TMX") from exc
    units = []
    for unit in root.iter("tu"):
        units.append(
            {tuv.get(XML_LANG, ""): (tuv.findtext("seg") or "") for tuv in unit.iter("tuv")}
        )
    return units


def read_glossary_csv(path: Path) -> list[tuple[str, str, str]]:
    """``(term, lang, translation)`` rows of a client glossary (UTF-8 by contract)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [(row["term"], row["lang"], row["translation"]) for row in csv.DictReader(handle)]


def validate_terms(payload: Any) -> list[dict[str, str]]:
    try:
        jsonschema.validate(payload, TERMS_SCHEMA)
    except jsonschema.ValidationError as exc:
        raise TermsContractError(exc.message) from None
    terms: list[dict[str, str]] = payload
    return terms


def load_config(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        config: dict[str, Any] = yaml.safe_load(handle)
    return config


def export_zip(rows: list[tuple[str, str]], name: str) -> Path:
    """Zip a bilingual CSV into the client's export drop."""
    target = Path(os.environ.get("TM_EXPORT_DIR", "/tmp/tm-exports")) / f"{name}.zip"
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{name}.csv", buffer.getvalue())
    return target
